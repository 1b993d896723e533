import { timingSafeEqual } from 'crypto';

import { sha256 } from '../common/hash';

/** Header names are lower-case in Node's `IncomingHttpHeaders`. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

const TOKEN_HEADER = 'verification-token';
const BEARER_PREFIX = /^bearer\s+/i;

function firstHeaderValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/**
 * The tokens a request presents in its headers: `verification-token` (every Redox request) and
 * `Authorization: Bearer` (newer destinations). Both are returned when both are sent, so that a
 * wrong one cannot hide behind a right one.
 */
export function tokensFromHeaders(headers: RequestHeaders): string[] {
	const tokens: string[] = [];
	const verificationToken = firstHeaderValue(headers[TOKEN_HEADER]);
	if (verificationToken !== undefined) tokens.push(verificationToken);
	const authorization = firstHeaderValue(headers.authorization);
	if (authorization !== undefined && BEARER_PREFIX.test(authorization)) {
		tokens.push(authorization.replace(BEARER_PREFIX, '').trim());
	}
	return tokens;
}

/**
 * Compares a presented token with the configured one in constant time. Both sides are hashed
 * first, so the comparison takes the same time whatever the lengths (timingSafeEqual alone
 * throws on different lengths, and an early return on length would leak it).
 */
export function tokenMatches(presented: string, configured: string): boolean {
	return timingSafeEqual(sha256(presented), sha256(configured));
}

export type TokenCheck = 'ok' | 'missing' | 'wrong';

/** Every presented token must match; at least one must be presented. */
export function checkTokens(presented: readonly string[], configured: string): TokenCheck {
	if (presented.length === 0) return 'missing';
	let allMatch = true;
	// No early exit: each presented token costs the same comparison.
	for (const token of presented) allMatch = tokenMatches(token, configured) && allMatch;
	return allMatch ? 'ok' : 'wrong';
}
