/**
 * FHIR-shaped readers over untrusted JSON (resources, lists, text values), built on the package's
 * one set of type guards (nodes/common/guards.ts), which this module passes on to the extraction.
 */
import { isRecord, listOf, type JsonRecord } from '../../common/guards';

export {
	isFiniteNumber,
	isNonEmptyString,
	isRecord,
	isResource,
	isString,
	listOf,
	type JsonRecord,
	type Resource,
} from '../../common/guards';

/**
 * The value as output text: a non-empty string, else `null`. FHIR forbids empty strings, so an
 * empty one is treated as absent (and never shadows a fallback).
 */
export function text(value: unknown): string | null {
	return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The first item of a FHIR list that is an object, else `null`. */
export function firstRecord(value: unknown): JsonRecord | null {
	const items = listOf(value);
	for (let i = 0; i < items.length; i++) {
		const item = items[i];
		if (isRecord(item)) return item;
	}
	return null;
}

/** True when a FHIR element holds something: not absent, not `null`, not `''`, not `[]`. */
export function hasValue(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return false;
	return !(Array.isArray(value) && value.length === 0);
}
