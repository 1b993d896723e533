/**
 * The `redoxApi` credential's values, checked, and the URLs derived from them. Pure: no n8n.
 */
import { createHash } from 'crypto';

import { isRecord } from '../common/guards';
import { RedoxApiError } from './errors';

export const REDOX_ALGORITHMS = ['RS384', 'ES384', 'HS384'] as const;
export type RedoxAlgorithm = (typeof REDOX_ALGORITHMS)[number];

export const REDOX_ENVIRONMENTS = ['Development', 'Staging', 'Production'] as const;
export type RedoxEnvironment = (typeof REDOX_ENVIRONMENTS)[number];

export const DEFAULT_REDOX_BASE_URL = 'https://api.redoxengine.com';

/** The credential's fields, as the interface table in the README names them. */
export interface RedoxApiCredential {
	baseUrl: string;
	organization: string;
	environment: RedoxEnvironment;
	clientId: string;
	algorithm: RedoxAlgorithm;
	keyId: string;
	privateKey: string;
	clientSecret: string;
}

/**
 * The credential's data (as n8n hands it over) checked field by field. Errors name the field,
 * never its value.
 */
export function readRedoxApiCredential(data: unknown): RedoxApiCredential {
	if (!isRecord(data)) throw configurationError('The Redox API credential is empty.');
	const algorithm = oneOf(data.algorithm, REDOX_ALGORITHMS, 'RS384');
	if (algorithm === null) throw configurationError('The Redox API credential has an unknown algorithm: use RS384, ES384 or HS384.');
	const environment = oneOf(data.environment, REDOX_ENVIRONMENTS, 'Development');
	if (environment === null) {
		throw configurationError('The Redox API credential has an unknown environment: use Development, Staging or Production.');
	}
	const credential: RedoxApiCredential = {
		baseUrl: normalizeBaseUrl(stringField(data.baseUrl) || DEFAULT_REDOX_BASE_URL),
		organization: stringField(data.organization).trim(),
		environment,
		clientId: stringField(data.clientId).trim(),
		algorithm,
		keyId: stringField(data.keyId).trim(),
		privateKey: stringField(data.privateKey),
		clientSecret: stringField(data.clientSecret),
	};
	const missing = missingFields(credential);
	if (missing.length > 0) {
		throw configurationError(`The Redox API credential lacks: ${missing.join(', ')}.`);
	}
	return credential;
}

/** The fields the credential's algorithm needs that are empty. */
function missingFields(credential: RedoxApiCredential): string[] {
	const missing: string[] = [];
	if (credential.organization === '') missing.push('Organization');
	if (credential.clientId === '') missing.push('Client ID');
	if (credential.algorithm === 'HS384') {
		if (credential.clientSecret === '') missing.push('Client Secret');
	} else {
		if (credential.keyId === '') missing.push('Key ID (kid)');
		if (credential.privateKey.trim() === '') missing.push('Private Key');
	}
	return missing;
}

/**
 * `baseUrl` without trailing slashes. Any http(s) URL is accepted so that a local stand-in can
 * replace Redox; a path is kept (a reverse proxy may mount the API under one).
 */
export function normalizeBaseUrl(raw: string): string {
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		throw configurationError('The Base URL of the Redox API credential is not a URL.');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw configurationError('The Base URL of the Redox API credential must start with https:// (or http:// for a local test server).');
	}
	if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
		throw configurationError('The Base URL of the Redox API credential must not hold a user, a query or a fragment.');
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The origin (scheme, host, port) the access token may be sent to, and nowhere else. */
export function apiOrigin(credential: RedoxApiCredential): string {
	return new URL(credential.baseUrl).origin;
}

/** `<baseUrl>/v2/auth/token`: also the JWT's `aud`, which Redox compares exactly. */
export function tokenUrl(credential: RedoxApiCredential): string {
	return `${credential.baseUrl}/v2/auth/token`;
}

/** `<baseUrl>/fhir/R4/<organization>/<environment>`, no trailing slash. */
export function fhirBaseUrl(credential: RedoxApiCredential): string {
	return `${credential.baseUrl}/fhir/R4/${encodeURIComponent(credential.organization)}/${credential.environment}`;
}

/**
 * The token cache's key: a digest of every field that changes what a token is or who may use
 * it, so two credentials never share a token and an edited credential starts afresh. The
 * digest, not the fields, is kept: the cache holds no secret but the tokens themselves.
 */
export function credentialCacheKey(credential: RedoxApiCredential): string {
	const fields = [
		credential.baseUrl,
		credential.organization,
		credential.environment,
		credential.clientId,
		credential.algorithm,
		credential.keyId,
		credential.privateKey,
		credential.clientSecret,
	];
	return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** The values no message may contain: whoever reads an error must not learn them. */
export function credentialSecrets(credential: RedoxApiCredential): string[] {
	return [credential.clientId, credential.privateKey, credential.clientSecret].filter((value) => value.length >= 4);
}

function stringField(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T | null {
	if (value === undefined || value === null || value === '') return fallback;
	return allowed.find((candidate) => candidate === value) ?? null;
}

function configurationError(message: string): RedoxApiError {
	return new RedoxApiError('configuration', message);
}
