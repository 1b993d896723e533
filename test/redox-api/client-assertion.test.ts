import { createHmac, generateKeyPairSync, verify } from 'crypto';

import { ASSERTION_LIFETIME_SECONDS, buildClientAssertion } from '../../nodes/redox-api/client-assertion';
import type { RedoxApiCredential } from '../../nodes/redox-api/credential';
import { isRedoxApiError } from '../../nodes/redox-api/errors';
import { ecKeys, HS_SECRET, privateKeyFormats, rsaKeys } from './helpers';

const base: RedoxApiCredential = {
	baseUrl: 'https://api.redoxengine.com',
	organization: 'redox-fhir-sandbox',
	environment: 'Development',
	clientId: 'client-abc',
	algorithm: 'RS384',
	keyId: 'kid-1',
	privateKey: '',
	clientSecret: '',
};

function decode(jwt: string) {
	const [header, claims, signature] = jwt.split('.');
	return {
		header: JSON.parse(Buffer.from(header, 'base64url').toString()),
		claims: JSON.parse(Buffer.from(claims, 'base64url').toString()),
		signingInput: Buffer.from(`${header}.${claims}`),
		signature: Buffer.from(signature, 'base64url'),
	};
}

describe('buildClientAssertion', () => {
	it.each(Object.entries(privateKeyFormats))('signs with a %s key, verified by crypto.verify', (_name, format) => {
		const jwt = buildClientAssertion({ ...base, algorithm: format.algorithm, privateKey: format.text });
		const { header, signingInput, signature } = decode(jwt);
		expect(header).toEqual({ alg: format.algorithm, typ: 'JWT', kid: 'kid-1' });
		if (format.algorithm === 'ES384') {
			expect(signature).toHaveLength(96);
			expect(verify('sha384', signingInput, { key: ecKeys.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
		} else {
			expect(verify('sha384', signingInput, rsaKeys.publicKey, signature)).toBe(true);
		}
	});

	it('signs HS384 with the client secret and sends no kid unless given', () => {
		const jwt = buildClientAssertion({ ...base, algorithm: 'HS384', keyId: '', clientSecret: HS_SECRET });
		const { header, signingInput, signature } = decode(jwt);
		expect(header).toEqual({ alg: 'HS384', typ: 'JWT' });
		expect(signature.equals(createHmac('sha384', HS_SECRET).update(signingInput).digest())).toBe(true);
		expect(decode(buildClientAssertion({ ...base, algorithm: 'HS384', keyId: 'k9', clientSecret: HS_SECRET })).header.kid).toBe('k9');
	});

	it('carries iss = sub = client ID, aud = the token URL exactly, exp within 5 minutes, iat and a unique jti', () => {
		const now = Date.UTC(2026, 10, 30, 12, 0, 0, 500);
		const credential = { ...base, baseUrl: 'http://127.0.0.1:4000/some/path', privateKey: privateKeyFormats['RSA PKCS#8 PEM'].text };
		const first = decode(buildClientAssertion(credential, now)).claims;
		const second = decode(buildClientAssertion(credential, now)).claims;
		expect(first).toEqual({
			iss: 'client-abc',
			sub: 'client-abc',
			aud: 'http://127.0.0.1:4000/some/path/v2/auth/token',
			iat: Math.floor(now / 1000),
			exp: Math.floor(now / 1000) + ASSERTION_LIFETIME_SECONDS,
			jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
		});
		expect(first.exp - now / 1000).toBeLessThanOrEqual(300);
		expect(second.jti).not.toBe(first.jti);
	});

	it.each([
		['an EC key for RS384', 'RS384', privateKeyFormats['EC PKCS#8 PEM'].text, /needs an RSA key/],
		['an RSA key for ES384', 'ES384', privateKeyFormats['RSA PKCS#8 PEM'].text, /needs an EC key on the P-384 curve/],
		['a P-256 key for ES384', 'ES384', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /prime256v1/],
		['garbage', 'RS384', '-----BEGIN PRIVATE KEY-----\nnot a key at all\n-----END PRIVATE KEY-----', /could not be read/],
		['a public JWK', 'RS384', JSON.stringify(rsaKeys.publicKey.export({ format: 'jwk' })), /no private key/],
		['broken JSON', 'ES384', '{"kty": "EC", "d": ', /could not be read/],
	] as const)('refuses %s in plain words without quoting the key', (_name, algorithm, privateKey, message) => {
		let caught: unknown;
		try {
			buildClientAssertion({ ...base, algorithm, privateKey });
		} catch (error) {
			caught = error;
		}
		expect(isRedoxApiError(caught) && caught.kind).toBe('configuration');
		const text = caught instanceof Error ? caught.message : '';
		expect(text).toMatch(message);
		for (const line of privateKey.split('\n')) if (line.length > 12 && !line.startsWith('-----')) expect(text).not.toContain(line.slice(0, 12));
	});

	it('reads a PEM pasted with literal \\n sequences, and a JWK Set holding the private key', () => {
		const escaped = privateKeyFormats['EC SEC1 PEM'].text.trim().replace(/\n/g, '\\n');
		const set = JSON.stringify({ keys: [ecKeys.publicKey.export({ format: 'jwk' }), ecKeys.privateKey.export({ format: 'jwk' })] });
		for (const privateKey of [escaped, set]) {
			const { signingInput, signature } = decode(buildClientAssertion({ ...base, algorithm: 'ES384', privateKey }));
			expect(verify('sha384', signingInput, { key: ecKeys.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
		}
	});
});
