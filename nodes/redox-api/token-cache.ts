/**
 * Access tokens from Redox's token endpoint, kept in memory per credential across executions,
 * reused for most of their life, requested once however many callers need one at the same time.
 */
import { buildClientAssertion } from './client-assertion';
import { credentialCacheKey, credentialSecrets, tokenUrl, type RedoxApiCredential } from './credential';
import { isRedoxApiError, oauthErrorText, redact, RedoxApiError } from './errors';
import { formBody, sendWithin, TransportTimeout, type Transport } from './transport';
import { isRecord } from '../common/guards';

/** Redox's tokens live 5 minutes; this is assumed when an answer does not say. */
const DEFAULT_EXPIRES_IN_SECONDS = 300;

/** A token is renewed when less than a third of its life, and at most this, remains. */
const MAX_REFRESH_MARGIN_SECONDS = 60;

/** Credentials remembered at most; an edited credential is a new entry, the oldest goes first. */
const MAX_CREDENTIALS = 100;

export interface AccessToken {
	value: string;
	/** Epoch milliseconds after which the token is not used any more. */
	refreshAt: number;
}

export interface TokenRequestOptions {
	transport: Transport;
	/** Per request, milliseconds. */
	timeoutMs: number;
	/** Epoch milliseconds by which the caller needs its answer. */
	deadline: number;
	now?: () => number;
}

interface Entry {
	token: AccessToken | null;
	pending: Promise<AccessToken> | null;
}

export class TokenCache {
	private readonly entries = new Map<string, Entry>();

	/** A token that has more than its refresh margin left, from the cache or from Redox. */
	async accessToken(credential: RedoxApiCredential, options: TokenRequestOptions): Promise<string> {
		const now = options.now ?? Date.now;
		const key = credentialCacheKey(credential);
		const entry = this.entry(key);
		if (entry.token !== null && now() < entry.token.refreshAt) return entry.token.value;
		// Single flight: whoever comes while a request is out waits for that one.
		entry.pending ??= requestAccessToken(credential, options).then(
			(token) => {
				entry.token = token;
				entry.pending = null;
				return token;
			},
			(error: unknown) => {
				// A failure is not remembered: the next caller asks again.
				entry.pending = null;
				throw error;
			},
		);
		return (await entry.pending).value;
	}

	/**
	 * Forgets a token Redox no longer accepts (a FHIR 401), unless it was replaced meanwhile:
	 * callers that hit 401 with the same token together then share one new request.
	 */
	discard(credential: RedoxApiCredential, tokenValue: string): void {
		const entry = this.entries.get(credentialCacheKey(credential));
		if (entry?.token?.value === tokenValue) entry.token = null;
	}

	private entry(key: string): Entry {
		let entry = this.entries.get(key);
		if (entry === undefined) {
			if (this.entries.size >= MAX_CREDENTIALS) {
				const oldest = this.entries.keys().next();
				if (oldest.done !== true) this.entries.delete(oldest.value);
			}
			entry = { token: null, pending: null };
			this.entries.set(key, entry);
		}
		return entry;
	}
}

/** The cache shared by every execution in this n8n process. */
export const sharedTokenCache = new TokenCache();

/**
 * One token request, with one retry when Redox is overloaded or does not answer (a new JWT each
 * time: a `jti` is never sent twice).
 */
export async function requestAccessToken(credential: RedoxApiCredential, options: TokenRequestOptions): Promise<AccessToken> {
	const now = options.now ?? Date.now;
	return await requestOnce(credential, options).catch(async (error: unknown) => {
		const retry = isRedoxApiError(error) && error.kind === 'unavailable' && options.deadline - now() >= 500;
		return await (retry ? requestOnce(credential, options) : Promise.reject(error));
	});
}

async function requestOnce(credential: RedoxApiCredential, options: TokenRequestOptions): Promise<AccessToken> {
	const now = options.now ?? Date.now;
	const remaining = options.deadline - now();
	if (remaining <= 0) throw unavailable('Redox\'s token endpoint did not answer in the time allowed.');
	const sentAt = now();
	const body = formBody([
		['grant_type', 'client_credentials'],
		['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
		// The JWT's times are Redox's business: always the wall clock, whatever clock the cache uses.
		['client_assertion', buildClientAssertion(credential)],
	]);
	const answer = await sendWithin(options.transport, {
		method: 'POST',
		url: tokenUrl(credential),
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body,
		timeoutMs: Math.min(options.timeoutMs, remaining),
	}).catch((error: unknown) =>
		Promise.reject(
			unavailable(
				error instanceof TransportTimeout
					? 'Redox\'s token endpoint did not answer in time.'
					: 'Redox\'s token endpoint could not be reached. Check the Base URL of the Redox API credential.',
			),
		),
	);
	if (answer.status === 200 && isRecord(answer.body) && typeof answer.body.access_token === 'string' && answer.body.access_token !== '') {
		const expiresIn = expiresInSeconds(answer.body.expires_in);
		const margin = Math.min(expiresIn / 3, MAX_REFRESH_MARGIN_SECONDS);
		// Counted from when the request left: the token cannot have been issued earlier.
		return { value: answer.body.access_token, refreshAt: sentAt + (expiresIn - margin) * 1000 };
	}
	const said = oauthErrorText(answer.body);
	const quoted = said === null ? '' : `: "${redact(said, credentialSecrets(credential))}"`;
	if (answer.status === 429 || answer.status >= 500) {
		throw new RedoxApiError('unavailable', `Redox's token endpoint is unavailable (HTTP ${answer.status})${quoted}.`, answer.status);
	}
	if (answer.status === 200) {
		throw new RedoxApiError('authentication', 'Redox\'s token endpoint answered without an access token.', 200);
	}
	throw new RedoxApiError(
		'authentication',
		`Redox refused the token request (HTTP ${answer.status})${quoted || ' without saying why'}. Check the client ID, the key ID and the key or secret of the Redox API credential.`,
		answer.status,
	);
}

function expiresInSeconds(value: unknown): number {
	const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
	return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_EXPIRES_IN_SECONDS;
}

function unavailable(message: string): RedoxApiError {
	return new RedoxApiError('unavailable', message);
}
