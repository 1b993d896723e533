import { isNonEmptyString, isRecord } from '../common/guards';

/** Field name of the token in a handshake's JSON body or query string. */
export const HANDSHAKE_TOKEN_FIELD = 'verification-token';

export interface Handshake {
	challenge: string;
	/** The token the handshake carries in its body or query, if any. */
	token: string | undefined;
}

/**
 * Reads an endpoint-verification request: Redox's POST body `{"verification-token", "challenge"}`
 * or GET query `?verification-token=...&challenge=...`. A FHIR resource is never a handshake, even
 * one that happens to have a `challenge` property.
 */
export function readHandshake(fields: unknown): Handshake | undefined {
	if (!isRecord(fields) || 'resourceType' in fields) return undefined;
	const { challenge } = fields;
	if (!isNonEmptyString(challenge)) return undefined;
	const token = fields[HANDSHAKE_TOKEN_FIELD];
	return { challenge, token: typeof token === 'string' ? token : undefined };
}

/** The token a GET request carries in its query, handshake or not. */
export function queryToken(query: unknown): string | undefined {
	if (!isRecord(query)) return undefined;
	const token = query[HANDSHAKE_TOKEN_FIELD];
	return typeof token === 'string' ? token : undefined;
}
