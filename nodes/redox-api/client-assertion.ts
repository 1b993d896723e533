/**
 * The signed JWT that authenticates the API key at Redox's token endpoint (RFC 7523 client
 * assertion, as Redox's "Authenticate an OAuth API key" describes it).
 */
import { createHmac, randomUUID, sign } from 'crypto';

import { tokenUrl, type RedoxApiCredential } from './credential';
import { loadSigningKey } from './signing-key';

/**
 * How far ahead `exp` lies. Redox refuses more than 5 minutes; a minute less leaves room for a
 * clock that runs a little ahead of Redox's.
 */
export const ASSERTION_LIFETIME_SECONDS = 240;

export interface AssertionClaims {
	iss: string;
	sub: string;
	aud: string;
	iat: number;
	exp: number;
	jti: string;
}

/** The JWT, signed with the credential's algorithm. `now` is in milliseconds. */
export function buildClientAssertion(credential: RedoxApiCredential, now: number = Date.now()): string {
	const header: Record<string, string> = { alg: credential.algorithm, typ: 'JWT' };
	// RS384 and ES384 keys are found by kid; an HS384 secret needs none, but one given is sent.
	if (credential.keyId !== '') header.kid = credential.keyId;
	const iat = Math.floor(now / 1000);
	const claims: AssertionClaims = {
		iss: credential.clientId,
		sub: credential.clientId,
		aud: tokenUrl(credential),
		iat,
		exp: iat + ASSERTION_LIFETIME_SECONDS,
		jti: randomUUID(),
	};
	const signingInput = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
	return `${signingInput}.${signature(credential, signingInput).toString('base64url')}`;
}

function signature(credential: RedoxApiCredential, signingInput: string): Buffer {
	const data = Buffer.from(signingInput, 'utf8');
	switch (credential.algorithm) {
		case 'HS384':
			return createHmac('sha384', credential.clientSecret).update(data).digest();
		case 'RS384':
			return sign('sha384', data, loadSigningKey(credential.privateKey, 'RS384'));
		case 'ES384':
			// JWS wants the raw r||s pair (96 bytes for P-384), not Node's default DER.
			return sign('sha384', data, { key: loadSigningKey(credential.privateKey, 'ES384'), dsaEncoding: 'ieee-p1363' });
	}
}

function base64UrlJson(value: object): string {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
