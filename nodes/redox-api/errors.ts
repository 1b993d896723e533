/**
 * Errors of the Redox API client. Each has a kind a caller can act on and a message in plain
 * words that never holds the key, the secret, the client ID or a token (see `redact`).
 */
import { isRecord, listOf } from '../common/guards';

/**
 * - `configuration`: the credential cannot be used as it is (a field missing, a key that does
 *   not fit the algorithm);
 * - `authentication`: Redox refused the token request (its own description in the message);
 * - `unavailable`: the token endpoint or the FHIR API is down, slow or overloaded (5xx, 429,
 *   a time-out, no connection): worth trying again later;
 * - `not-found`: the resource does not exist (404);
 * - `request`: Redox refused the request for another reason (other 4xx).
 */
export type RedoxApiErrorKind = 'configuration' | 'authentication' | 'unavailable' | 'not-found' | 'request';

export class RedoxApiError extends Error {
	readonly kind: RedoxApiErrorKind;
	/** The HTTP status Redox answered, when it answered. */
	readonly httpStatus: number | null;

	constructor(kind: RedoxApiErrorKind, message: string, httpStatus: number | null = null) {
		super(message);
		this.name = 'RedoxApiError';
		this.kind = kind;
		this.httpStatus = httpStatus;
	}
}

export function isRedoxApiError(value: unknown): value is RedoxApiError {
	return value instanceof RedoxApiError;
}

/** The human text of an OperationOutcome: its issues' `diagnostics`, else `details.text`. */
export function operationOutcomeText(body: unknown): string | null {
	if (!isRecord(body) || body.resourceType !== 'OperationOutcome') return null;
	const texts: string[] = [];
	for (const issue of listOf(body.issue)) {
		if (!isRecord(issue)) continue;
		const details = isRecord(issue.details) ? issue.details.text : undefined;
		const text = typeof issue.diagnostics === 'string' && issue.diagnostics !== '' ? issue.diagnostics : details;
		if (typeof text === 'string' && text !== '') texts.push(text);
	}
	return texts.length > 0 ? texts.join('; ') : null;
}

/** Redox's OAuth error text: `error_description`, else `error`. */
export function oauthErrorText(body: unknown): string | null {
	if (!isRecord(body)) return null;
	if (typeof body.error_description === 'string' && body.error_description !== '') return body.error_description;
	if (typeof body.error === 'string' && body.error !== '') return body.error;
	return null;
}

/** Longest text of a remote answer quoted in a message: enough to explain, not a page dump. */
const MAX_QUOTED_LENGTH = 300;

/**
 * Text from a remote answer made safe to show: each secret replaced, cut to a readable length.
 * Redox's texts should not echo a client ID or token, but a proxy in between might.
 */
export function redact(text: string, secrets: readonly string[]): string {
	let safe = text;
	for (const secret of secrets) {
		if (secret.length > 0) safe = safe.split(secret).join('[hidden]');
	}
	return safe.length > MAX_QUOTED_LENGTH ? `${safe.slice(0, MAX_QUOTED_LENGTH)}…` : safe;
}
