/** The stand-in's token checks themselves: each rule refuses what breaks it, and only that. */
import { createHmac, generateKeyPairSync, sign } from 'crypto';

import { checkTokenRequest, type RegisteredKey } from '../../scripts/stand-ins/redox-auth-checks';
import { ecKeys, rsaKeys } from './helpers';

const TOKEN_URL = 'http://127.0.0.1:9999/v2/auth/token';
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const FORM = 'application/x-www-form-urlencoded';

const keys: RegisteredKey[] = [
	{ clientId: 'rs-client', algorithm: 'RS384', kid: 'rs-kid', publicKey: rsaKeys.publicKey },
	{ clientId: 'es-client', algorithm: 'ES384', kid: 'es-kid', publicKey: ecKeys.publicKey.export({ format: 'jwk' }) },
	{ clientId: 'hs-client', algorithm: 'HS384', secret: 'hs-secret' },
];

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface JwtParts {
	header?: Record<string, unknown>;
	claims?: Record<string, unknown>;
	/** Overrides the signature step. */
	signWith?: (input: Buffer) => Buffer;
}

function jwt(algorithm: 'RS384' | 'ES384' | 'HS384', parts: JwtParts = {}): string {
	const clientId = { RS384: 'rs-client', ES384: 'es-client', HS384: 'hs-client' }[algorithm];
	const header = parts.header ?? { alg: algorithm, typ: 'JWT', ...(algorithm === 'HS384' ? {} : { kid: algorithm === 'RS384' ? 'rs-kid' : 'es-kid' }) };
	const iat = Math.floor(NOW / 1000);
	const claims = parts.claims ?? { iss: clientId, sub: clientId, aud: TOKEN_URL, iat, exp: iat + 240, jti: `jti-${Math.random()}` };
	const input = Buffer.from(`${b64(header)}.${b64(claims)}`);
	const signature =
		parts.signWith?.(input) ??
		(algorithm === 'HS384'
			? createHmac('sha384', 'hs-secret').update(input).digest()
			: algorithm === 'RS384'
				? sign('sha384', input, rsaKeys.privateKey)
				: sign('sha384', input, { key: ecKeys.privateKey, dsaEncoding: 'ieee-p1363' }));
	return `${input.toString()}.${signature.toString('base64url')}`;
}

function form(assertion: string, extra: Record<string, string> = {}): string {
	return new URLSearchParams({
		grant_type: 'client_credentials',
		client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
		client_assertion: assertion,
		...extra,
	}).toString();
}

function check(body: string, used: Set<string> = new Set()) {
	return checkWithType(body, FORM, used);
}

function checkWithType(body: string, contentType: string | undefined, used: Set<string> = new Set()) {
	return checkTokenRequest({ contentType, body, tokenUrl: TOKEN_URL, now: NOW }, keys, used);
}

/** RS384 claims with some changed (`undefined` drops a claim). */
const claimsWith = (change: Record<string, unknown>) => {
	const iat = Math.floor(NOW / 1000);
	return { iss: 'rs-client', sub: 'rs-client', aud: TOKEN_URL, iat, exp: iat + 240, jti: `j-${Math.random()}`, ...change };
};

describe('the stand-in token checks', () => {
	it.each(['RS384', 'ES384', 'HS384'] as const)('accept a correct %s request', (algorithm) => {
		const verdict = check(form(jwt(algorithm)));
		expect(verdict.violations).toEqual([]);
		expect(verdict.algorithm).toBe(algorithm);
	});

	it.each([
		['a JSON body', 'application/json', 'x-www-form-urlencoded content-type required'],
		['no content type', undefined, 'x-www-form-urlencoded content-type required'],
	])('refuse %s', (_name, contentType, violation) => {
		expect(checkWithType(form(jwt('RS384')), contentType).violations).toEqual([violation]);
	});

	it('refuse a missing assertion, a wrong grant type and a wrong assertion type', () => {
		expect(check('grant_type=client_credentials').violations).toContain('Missing client assertion');
		expect(check(form(jwt('RS384'), { grant_type: 'password' })).violations).toEqual(['grant_type must be client_credentials']);
		expect(check(form(jwt('RS384'), { client_assertion_type: 'jwt' })).violations).toHaveLength(1);
	});

	it.each([
		['no kid', { alg: 'RS384', typ: 'JWT' }, 'JWT header kid property is required'],
		['no typ', { alg: 'RS384', kid: 'rs-kid' }, 'JWT header typ must be "JWT"'],
		['alg none', { alg: 'none', typ: 'JWT', kid: 'rs-kid' }, 'JWT header alg must be RS384, ES384 or HS384'],
		['an unknown kid', { alg: 'RS384', typ: 'JWT', kid: 'other' }, 'Public key not found, check client_id, kid and Redox dashboard settings'],
	])('refuse a header with %s', (_name, header, violation) => {
		expect(check(form(jwt('RS384', { header }))).violations).toContain(violation);
	});

	it.each([
		['aud with a trailing slash', { aud: `${TOKEN_URL}/` }, 'JWT claim aud must be the token endpoint URL exactly'],
		['sub different from iss', { sub: 'someone' }, 'JWT claims iss and sub must both be the client ID'],
		['exp more than 5 minutes ahead', { exp: NOW / 1000 + 301 }, 'JWT claim exp is more than 5 minutes in the future'],
		['exp in the past', { exp: NOW / 1000 - 1 }, 'JWT is expired'],
		['no iat', { iat: undefined }, 'JWT claim iat is required (a number)'],
		['iat in the future', { iat: NOW / 1000 + 60 }, 'JWT claim iat is in the future'],
		['no jti', { jti: undefined }, 'JWT claim jti is required'],
	])('refuse claims with %s', (_name, change, violation) => {
		const claims = claimsWith(change);
		expect(check(form(jwt('RS384', { claims }))).violations).toContain(violation);
	});

	it('refuse a reused jti', () => {
		const used = new Set<string>();
		const first = check(form(jwt('HS384', { claims: { ...claimsWith({ iss: 'hs-client', sub: 'hs-client', jti: 'same' }) } })), used);
		expect(first.violations).toEqual([]);
		used.add('same');
		const second = check(form(jwt('HS384', { claims: { ...claimsWith({ iss: 'hs-client', sub: 'hs-client', jti: 'same' }) } })), used);
		expect(second.violations).toEqual(['JWT jti has already been used']);
	});

	it('refuse a DER ES384 signature, a wrong key and a wrong secret', () => {
		const der = jwt('ES384', { signWith: (input) => sign('sha384', input, ecKeys.privateKey) });
		expect(check(form(der)).violations).toEqual(['ES384 signature must be the 96-byte r||s pair']);
		const otherKey = jwt('RS384', { signWith: (input) => sign('sha384', input, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey) });
		expect(check(form(otherKey)).violations).toEqual(['JWT signature is invalid']);
		const otherSecret = jwt('HS384', { signWith: (input) => createHmac('sha384', 'wrong').update(input).digest() });
		expect(check(form(otherSecret)).violations).toEqual(['JWT signature is invalid']);
	});

	it('refuse an RS384 JWT whose kid names an ES384 key, and a kid of another client', () => {
		const header = { alg: 'RS384', typ: 'JWT', kid: 'es-kid' };
		expect(check(form(jwt('RS384', { header, claims: claimsWith({ iss: 'es-client', sub: 'es-client' }) }))).violations).toEqual([
			'JWT header alg RS384 does not match the registered key (ES384)',
		]);
		expect(check(form(jwt('RS384', { header: { ...header, kid: 'rs-kid' }, claims: claimsWith({ iss: 'es-client', sub: 'es-client' }) }))).violations).toEqual([
			'Public key not found, check client_id, kid and Redox dashboard settings',
		]);
	});
});
