/** Keys, credentials and a fetch-based transport for the Redox API client's tests. */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'crypto';

import type { RedoxApiCredential } from '../../nodes/redox-api/credential';
import { fetchTransport as packageFetchTransport } from '../../nodes/redox-api/n8n-transport';
import type { Transport } from '../../nodes/redox-api/transport';
import type { RegisteredKey } from '../../scripts/stand-ins/redox-api';

export interface KeyPair {
	publicKey: KeyObject;
	privateKey: KeyObject;
}

export const rsaKeys: KeyPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const ecKeys: KeyPair = generateKeyPairSync('ec', { namedCurve: 'P-384' });

/** The private key in every format a user may paste. */
export const privateKeyFormats = {
	'RSA PKCS#8 PEM': { algorithm: 'RS384', pair: rsaKeys, text: rsaKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
	'RSA PKCS#1 PEM': { algorithm: 'RS384', pair: rsaKeys, text: rsaKeys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() },
	'RSA JWK': { algorithm: 'RS384', pair: rsaKeys, text: JSON.stringify(rsaKeys.privateKey.export({ format: 'jwk' })) },
	'EC PKCS#8 PEM': { algorithm: 'ES384', pair: ecKeys, text: ecKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
	'EC SEC1 PEM': { algorithm: 'ES384', pair: ecKeys, text: ecKeys.privateKey.export({ type: 'sec1', format: 'pem' }).toString() },
	'EC JWK': { algorithm: 'ES384', pair: ecKeys, text: JSON.stringify(ecKeys.privateKey.export({ format: 'jwk' })) },
} as const;

export const HS_SECRET = `secret-${randomBytes(16).toString('hex')}`;

let clientCounter = 0;

/** A credential for the stand-in at `baseUrl`, with a client ID of its own, and the key to register. */
export function credentialFor(
	baseUrl: string,
	algorithm: 'RS384' | 'ES384' | 'HS384',
	overrides: Partial<RedoxApiCredential> = {},
): { credential: RedoxApiCredential; key: RegisteredKey } {
	clientCounter += 1;
	const clientId = `client-${clientCounter}-${randomBytes(6).toString('hex')}`;
	const kid = `kid-${clientCounter}`;
	const pair = algorithm === 'ES384' ? ecKeys : rsaKeys;
	const credential: RedoxApiCredential = {
		baseUrl,
		organization: 'redox-fhir-sandbox',
		environment: 'Development',
		clientId,
		algorithm,
		keyId: algorithm === 'HS384' ? '' : kid,
		privateKey: algorithm === 'HS384' ? '' : pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
		clientSecret: algorithm === 'HS384' ? HS_SECRET : '',
		...overrides,
	};
	const key: RegisteredKey =
		algorithm === 'HS384'
			? { clientId, algorithm, secret: credential.clientSecret }
			: { clientId, algorithm, kid, publicKey: pair.publicKey };
	return { credential, key };
}

/** The package's own fetch transport (the credential test's), which behaves as n8n's helpers do here. */
export const fetchTransport: Transport = packageFetchTransport();

/** A transport that records the URLs it is asked for. */
export function recordingTransport(inner: Transport): { transport: Transport; urls: string[] } {
	const urls: string[] = [];
	return {
		urls,
		transport: async (call) => {
			urls.push(call.url);
			return await inner(call);
		},
	};
}

/** Every secret of a credential, to look for in messages. */
export function secretsOf(credential: RedoxApiCredential): string[] {
	return [credential.clientId, credential.privateKey, credential.clientSecret].filter((value) => value !== '');
}
