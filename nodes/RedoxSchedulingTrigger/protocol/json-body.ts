import { RedoxNotificationError } from '../extraction/errors';

const BYTE_ORDER_MARK = '\uFEFF';

/** The request body as text: n8n hands it over as a Buffer (`rawBody`), a string or nothing. */
export function bodyText(raw: Buffer | string | undefined): string {
	if (raw === undefined) return '';
	const text = typeof raw === 'string' ? raw : raw.toString('utf8');
	return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; error: RedoxNotificationError };

/**
 * Parses a JSON body. The error never carries `JSON.parse`'s message, which quotes the body
 * (and so could quote patient data).
 */
export function parseJsonBody(text: string): JsonBody {
	if (text.trim() === '') {
		return {
			ok: false,
			error: new RedoxNotificationError('INVALID_JSON', 'The request body is empty; a JSON FHIR Bundle was expected.'),
		};
	}
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false, error: new RedoxNotificationError('INVALID_JSON', 'The request body is not valid JSON.') };
	}
}
