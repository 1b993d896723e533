/**
 * The private key of an RS384/ES384 credential as a Node KeyObject. Accepts what Redox's
 * dashboard and the usual tools give: PEM (PKCS#8, PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE
 * KEY`) or a JWK (also a JWK Set holding one private key). Errors never quote the key.
 */
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'crypto';

import { isRecord, listOf } from '../common/guards';
import { RedoxApiError } from './errors';

export type AsymmetricAlgorithm = 'RS384' | 'ES384';

export function loadSigningKey(privateKey: string, algorithm: AsymmetricAlgorithm): KeyObject {
	const key = parsePrivateKey(privateKey);
	if (algorithm === 'RS384' && key.asymmetricKeyType !== 'rsa') {
		throw keyError(`The private key is ${describeKey(key)}, but the RS384 algorithm needs an RSA key. Choose ES384 for an EC P-384 key.`);
	}
	if (algorithm === 'ES384' && (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'secp384r1')) {
		throw keyError(`The private key is ${describeKey(key)}, but the ES384 algorithm needs an EC key on the P-384 curve.`);
	}
	return key;
}

function parsePrivateKey(raw: string): KeyObject {
	const text = raw.trim();
	const key = text.startsWith('{') ? jwkKey(text) : pemKey(text);
	if (key === null) {
		throw keyError(
			'The private key could not be read. Paste the whole PEM (from -----BEGIN to -----END, PKCS#8, PKCS#1 or SEC1) or the private JWK as JSON.',
		);
	}
	return key;
}

// Node's messages are not passed on: they are not written for the user, and nothing may risk
// quoting the key. `null` stands for "not readable".

function pemKey(text: string): KeyObject | null {
	try {
		// A PEM pasted from a JSON file or an environment variable often has literal "\n"s.
		return createPrivateKey({ key: text.replace(/\\n/g, '\n'), format: 'pem' });
	} catch {
		return null;
	}
}

function jwkKey(text: string): KeyObject | null {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return null;
	}
	const jwk = privateJwk(parsed);
	try {
		return createPrivateKey({ key: jwk, format: 'jwk' });
	} catch {
		return null;
	}
}

/** The private JWK of a JWK, or of a JWK Set's first private key. */
function privateJwk(value: unknown): JsonWebKey {
	const candidates = isRecord(value) && Array.isArray(value.keys) ? listOf(value.keys) : [value];
	for (const candidate of candidates) {
		if (isRecord(candidate) && typeof candidate.d === 'string') return candidate;
	}
	throw keyError('The JWK holds no private key (its "d" member is missing): paste the private JWK, not the public one.');
}

function describeKey(key: KeyObject): string {
	if (key.asymmetricKeyType === 'ec') return `an EC key on curve ${key.asymmetricKeyDetails?.namedCurve ?? 'unknown'}`;
	return `a${key.asymmetricKeyType === 'rsa' ? 'n' : ''} ${key.asymmetricKeyType ?? 'unknown'} key`;
}

function keyError(message: string): RedoxApiError {
	return new RedoxApiError('configuration', message);
}
