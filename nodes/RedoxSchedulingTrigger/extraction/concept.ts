/** CodeableConcept: the text a person reads, and the first coding. */
import { firstRecord, isRecord, text, type JsonRecord } from './guards';

/** The concept's `text`, else its first coding's `display`, else that coding's `code`, else `null`. */
export function conceptText(concept: unknown): string | null {
	if (!isRecord(concept)) return null;
	const own = text(concept.text);
	if (own !== null) return own;
	const coding = firstCoding(concept);
	return coding === null ? null : (text(coding.display) ?? text(coding.code));
}

/** The first coding of a concept, or `null`. */
export function firstCoding(concept: unknown): JsonRecord | null {
	return isRecord(concept) ? firstRecord(concept.coding) : null;
}

/** Concept text of the first concept of a list (`serviceType`, `reasonCode`, ...). */
export function firstConceptText(concepts: unknown): string | null {
	return conceptText(firstRecord(concepts));
}
