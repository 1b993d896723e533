/**
 * The checks Redox's token endpoint makes on a token request (Redox's "Authenticate an OAuth API
 * key" and "JWT authentication errors"), as a pure function so that the checks themselves are
 * unit-tested. redox-api.ts serves them over HTTP.
 */
import { createHmac, createPublicKey, KeyObject, timingSafeEqual, verify, type JsonWebKey } from 'crypto';

export type StandInAlgorithm = 'RS384' | 'ES384' | 'HS384';

/** An API key registered with the stand-in: a public key (RS384/ES384, by kid) or a secret. */
export type RegisteredKey =
	| { clientId: string; algorithm: 'RS384' | 'ES384'; kid: string; publicKey: KeyObject | string | JsonWebKey }
	| { clientId: string; algorithm: 'HS384'; secret: string; kid?: string };

export interface TokenRequestInput {
	contentType: string | undefined;
	body: string;
	/** The token endpoint's own URL: `aud` must equal it exactly. */
	tokenUrl: string;
	/** Epoch milliseconds. */
	now: number;
}

export interface TokenRequestVerdict {
	/** Every rule the request broke, in Redox's words where Redox has words for it. Empty: accepted. */
	violations: string[];
	clientId: string | null;
	kid: string | null;
	algorithm: string | null;
	jti: string | null;
}

/** How far ahead Redox accepts `exp`. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
/** Clock difference tolerated on `iat` (a client a little ahead of the server). */
export const IAT_LEEWAY_SECONDS = 5;

export function checkTokenRequest(
	input: TokenRequestInput,
	keys: readonly RegisteredKey[],
	usedJtis: ReadonlySet<string>,
): TokenRequestVerdict {
	const verdict: TokenRequestVerdict = { violations: [], clientId: null, kid: null, algorithm: null, jti: null };
	const fail = (message: string) => verdict.violations.push(message);
	const mediaType = (input.contentType ?? '').split(';')[0].trim().toLowerCase();
	if (mediaType !== 'application/x-www-form-urlencoded') {
		fail('x-www-form-urlencoded content-type required');
		return verdict;
	}
	const form = new URLSearchParams(input.body);
	if (form.get('grant_type') !== 'client_credentials') fail('grant_type must be client_credentials');
	if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
		fail('client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
	}
	for (const name of new Set(form.keys())) if (form.getAll(name).length > 1) fail(`form field ${name} is repeated`);
	const assertion = form.get('client_assertion');
	if (assertion === null || assertion === '') {
		fail('Missing client assertion');
		return verdict;
	}
	const parts = assertion.split('.');
	if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) {
		fail('client assertion is not a compact JWS (three base64url parts)');
		return verdict;
	}
	const header = decodeJson(parts[0]);
	const claims = decodeJson(parts[1]);
	if (header === null) fail('JWT header is not a JSON object');
	if (claims === null) fail('JWT claims are not a JSON object');
	if (header === null || claims === null) return verdict;

	const algorithm = typeof header.alg === 'string' ? header.alg : null;
	verdict.algorithm = algorithm;
	if (algorithm !== 'RS384' && algorithm !== 'ES384' && algorithm !== 'HS384') fail('JWT header alg must be RS384, ES384 or HS384');
	if (header.typ !== 'JWT') fail('JWT header typ must be "JWT"');
	const kid = typeof header.kid === 'string' ? header.kid : null;
	verdict.kid = kid;
	if (header.kid !== undefined && kid === null) fail('JWT header kid must be a string');
	if ((algorithm === 'RS384' || algorithm === 'ES384') && (kid === null || kid === '')) fail('JWT header kid property is required');

	const nowSeconds = input.now / 1000;
	const iss = claims.iss;
	if (typeof iss !== 'string' || iss === '') fail('JWT claim iss is required');
	if (claims.sub !== iss) fail('JWT claims iss and sub must both be the client ID');
	verdict.clientId = typeof iss === 'string' ? iss : null;
	if (claims.aud !== input.tokenUrl) fail('JWT claim aud must be the token endpoint URL exactly');
	if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) fail('JWT claim exp is required (a number)');
	else if (claims.exp <= nowSeconds) fail('JWT is expired');
	else if (claims.exp > nowSeconds + MAX_ASSERTION_LIFETIME_SECONDS) fail('JWT claim exp is more than 5 minutes in the future');
	if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) fail('JWT claim iat is required (a number)');
	else if (claims.iat > nowSeconds + IAT_LEEWAY_SECONDS) fail('JWT claim iat is in the future');
	else if (typeof claims.exp === 'number' && claims.iat > claims.exp) fail('JWT claim iat is after exp');
	const jti = typeof claims.jti === 'string' && claims.jti !== '' ? claims.jti : null;
	verdict.jti = jti;
	if (jti === null) fail('JWT claim jti is required');
	else if (usedJtis.has(jti)) fail('JWT jti has already been used');

	if (algorithm === 'RS384' || algorithm === 'ES384' || algorithm === 'HS384') {
		const signingInput = Buffer.from(`${parts[0]}.${parts[1]}`, 'utf8');
		const signature = Buffer.from(parts[2], 'base64url');
		const problem = signatureProblem(algorithm, verdict.clientId, kid, signingInput, signature, keys);
		if (problem !== null) fail(problem);
	}
	return verdict;
}

function signatureProblem(
	algorithm: StandInAlgorithm,
	clientId: string | null,
	kid: string | null,
	signingInput: Buffer,
	signature: Buffer,
	keys: readonly RegisteredKey[],
): string | null {
	if (algorithm === 'HS384') {
		const key = keys.find((candidate) => candidate.clientId === clientId && candidate.algorithm === 'HS384');
		if (key === undefined || key.algorithm !== 'HS384') return 'Client secret not found, check client_id and Redox dashboard settings';
		const expected = createHmac('sha384', key.secret).update(signingInput).digest();
		return expected.length === signature.length && timingSafeEqual(expected, signature) ? null : 'JWT signature is invalid';
	}
	const key = keys.find((candidate) => candidate.clientId === clientId && candidate.algorithm !== 'HS384' && candidate.kid === kid);
	if (key === undefined || key.algorithm === 'HS384') return 'Public key not found, check client_id, kid and Redox dashboard settings';
	if (key.algorithm !== algorithm) return `JWT header alg ${algorithm} does not match the registered key (${key.algorithm})`;
	const publicKey = asPublicKey(key.publicKey);
	if (algorithm === 'ES384') {
		// JWS carries the raw r||s pair: 96 bytes for P-384. DER would be 102-104 bytes.
		if (signature.length !== 96) return 'ES384 signature must be the 96-byte r||s pair';
		return verify('sha384', signingInput, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature) ? null : 'JWT signature is invalid';
	}
	return verify('sha384', signingInput, publicKey, signature) ? null : 'JWT signature is invalid';
}

function asPublicKey(key: KeyObject | string | JsonWebKey): KeyObject {
	if (typeof key === 'string') return createPublicKey(key);
	if (key instanceof KeyObject) return key.type === 'public' ? key : createPublicKey(key);
	return createPublicKey({ key, format: 'jwk' });
}

function decodeJson(part: string): Record<string, unknown> | null {
	try {
		const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		return isObject(value) ? value : null;
	} catch {
		return null;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
