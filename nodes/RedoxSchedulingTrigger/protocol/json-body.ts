import { RedoxNotificationError } from '../extraction/errors';

const BYTE_ORDER_MARK = '\uFEFF';

/** The request body as text: n8n hands it over as a Buffer (`rawBody`), a string or nothing. */
export function bodyText(raw: Buffer | string | undefined): string {
	if (raw === undefined) return '';
	const text = typeof raw === 'string' ? raw : raw.toString('utf8');
	return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

/**
 * Parses a JSON body. The error never carries `JSON.parse`'s message, which quotes the body
 * (and so could quote patient data).
 */
export function parseJsonBody(text: string): unknown {
	if (text.trim() === '') {
		throw new RedoxNotificationError('INVALID_JSON', 'The request body is empty; a JSON FHIR Bundle was expected.');
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new RedoxNotificationError('INVALID_JSON', 'The request body is not valid JSON.');
	}
}
