/**
 * Requests to Redox's FHIR API for one credential: the bearer token attached (and renewed once
 * on a 401), a time-out per request, one retry when Redox is overloaded or slow, an overall
 * deadline, and errors that carry Redox's OperationOutcome text and nothing secret.
 */
import { credentialSecrets, fhirBaseUrl, apiOrigin, type RedoxApiCredential } from './credential';
import { operationOutcomeText, redact, RedoxApiError } from './errors';
import { referenceTarget, type ReferenceTarget } from './references';
import { sharedTokenCache, type TokenCache } from './token-cache';
import { formBody, sendWithin, TransportTimeout, type HttpAnswer, type HttpMethod, type Transport } from './transport';
import { isRecord, isResource, listOf, type Resource } from '../common/guards';

/** A few seconds per request: a Redox answer normally takes well under one. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

/** Time left under which a retry is not started: it could not finish anyway. */
const MIN_TIME_FOR_RETRY_MS = 500;

export interface FhirClientOptions {
	credential: RedoxApiCredential;
	transport: Transport;
	/** Epoch milliseconds by which every request of this client must be answered. */
	deadline: number;
	requestTimeoutMs?: number;
	tokens?: TokenCache;
	now?: () => number;
	/** Waits before a retry (n8n's `sleep` in nodes; nodes may not start timers themselves). */
	pause?: (milliseconds: number) => Promise<void>;
}

export interface FhirRequest {
	method: HttpMethod;
	/** Relative to the FHIR base, e.g. `Patient/123` or `Appointment/_search`. */
	path: string;
	query?: Array<[string, string]>;
	/** A JSON value, sent as application/fhir+json. */
	json?: unknown;
	/** Form fields, sent as application/x-www-form-urlencoded (searches). */
	form?: Array<[string, string]>;
}

export class FhirClient {
	readonly baseUrl: string;
	private readonly origin: string;
	private readonly tokens: TokenCache;
	private readonly now: () => number;
	private readonly requestTimeoutMs: number;

	constructor(private readonly options: FhirClientOptions) {
		this.baseUrl = fhirBaseUrl(options.credential);
		this.origin = apiOrigin(options.credential);
		this.tokens = options.tokens ?? sharedTokenCache;
		this.now = options.now ?? Date.now;
		this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
	}

	/** `GET <Type>/<id>`; a 404 is a `not-found` error. */
	async read(type: string, id: string): Promise<Resource> {
		const body = await this.request({ method: 'GET', path: `${type}/${encodeURIComponent(id)}` });
		if (!isResource(body)) throw this.malformed();
		return body;
	}

	/** `POST <Type>/_search`, form-encoded (keeps identifiers out of URLs and access logs). */
	async search(type: string, params: Array<[string, string]>): Promise<Resource[]> {
		const body = await this.request({ method: 'POST', path: `${type}/_search`, form: params });
		if (!isRecord(body) || body.resourceType !== 'Bundle') throw this.malformed();
		const found: Resource[] = [];
		for (const entry of listOf(body.entry)) {
			if (!isRecord(entry) || !isResource(entry.resource) || entry.resource.resourceType !== type) continue;
			// Included resources (search.mode "include") are not results.
			if (isRecord(entry.search) && entry.search.mode !== undefined && entry.search.mode !== 'match') continue;
			found.push(entry.resource);
		}
		return found;
	}

	/**
	 * The resource a reference names, read from the configured base whatever origin the
	 * reference shows. A conditional reference is a search: no match gives `null`, not an error.
	 * `null` too for references that cannot be fetched (`#contained`, `urn:uuid:`).
	 */
	async resolve(reference: string): Promise<Resource | null> {
		const target = referenceTarget(reference);
		return target === null ? null : await this.fetchTarget(target);
	}

	async fetchTarget(target: ReferenceTarget): Promise<Resource | null> {
		if (target.kind === 'read') return await this.read(target.type, target.id);
		const [first] = await this.search(target.type, target.params);
		return first ?? null;
	}

	/** Any request under the FHIR base; the parsed JSON answer of a 2xx. */
	async request(request: FhirRequest): Promise<unknown> {
		const url = this.urlOf(request);
		const headers: Record<string, string> = { Accept: 'application/fhir+json' };
		let body: string | undefined;
		if (request.form !== undefined) {
			headers['Content-Type'] = 'application/x-www-form-urlencoded';
			body = formBody(request.form);
		} else if (request.json !== undefined) {
			headers['Content-Type'] = 'application/fhir+json';
			body = JSON.stringify(request.json);
		}
		const answer = await this.send(request.method, url, headers, body);
		if (answer.status >= 200 && answer.status < 300) return answer.body;
		throw this.answerError(answer);
	}

	/** The absolute URL of a request: always under the FHIR base (the token's only destination). */
	private urlOf(request: FhirRequest): string {
		const path = request.path.replace(/^\/+/, '');
		if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.split('/').some((segment) => segment === '..' || segment === '.')) {
			throw new RedoxApiError('request', 'The FHIR path must be relative to the FHIR base, such as "Patient/123".');
		}
		const url = new URL(`${this.baseUrl}/${path}`);
		for (const [name, value] of request.query ?? []) url.searchParams.append(name, value);
		if (url.origin !== this.origin) throw new RedoxApiError('request', 'The FHIR path leaves the Redox API host.');
		return url.toString();
	}

	/**
	 * The request with its token. A 401 renews the token once and repeats the request (that is
	 * not the retry); a 429, a 5xx or no answer is retried once while the deadline allows.
	 */
	private async send(method: HttpMethod, url: string, headers: Record<string, string>, body: string | undefined): Promise<HttpAnswer> {
		let renewedToken = false;
		let retried = false;
		for (;;) {
			const token = await this.tokens.accessToken(this.options.credential, {
				transport: this.options.transport,
				timeoutMs: this.requestTimeoutMs,
				deadline: this.options.deadline,
				now: this.now,
			});
			const remaining = this.options.deadline - this.now();
			if (remaining <= 0) throw this.timedOut();
			let answer: HttpAnswer | null = null;
			try {
				answer = await sendWithin(this.options.transport, {
					method,
					url,
					headers: { ...headers, Authorization: `Bearer ${token}` },
					body,
					timeoutMs: Math.min(this.requestTimeoutMs, remaining),
				});
			} catch (error) {
				if (retried || !this.timeForRetry()) throw error instanceof TransportTimeout ? this.timedOut() : this.unreachable();
			}
			if (answer !== null && answer.status === 401 && !renewedToken) {
				renewedToken = true;
				this.tokens.discard(this.options.credential, token);
				continue;
			}
			if (answer !== null && !isTransient(answer.status)) return answer;
			if (answer !== null && (retried || !this.timeForRetry())) return answer;
			retried = true;
			await this.options.pause?.(200);
		}
	}

	private timeForRetry(): boolean {
		return this.options.deadline - this.now() >= MIN_TIME_FOR_RETRY_MS;
	}

	private answerError(answer: HttpAnswer): RedoxApiError {
		const said = operationOutcomeText(answer.body);
		const quoted = said === null ? '' : `: ${redact(said, credentialSecrets(this.options.credential))}`;
		if (answer.status === 404) return new RedoxApiError('not-found', `Redox found no such resource (HTTP 404)${quoted}`, 404);
		if (isTransient(answer.status)) {
			return new RedoxApiError('unavailable', `The Redox FHIR API is unavailable (HTTP ${answer.status})${quoted}`, answer.status);
		}
		if (answer.status === 401 || answer.status === 403) {
			return new RedoxApiError(
				'authentication',
				`Redox refused the request (HTTP ${answer.status})${quoted}. Check that the API key may use this organization and environment.`,
				answer.status,
			);
		}
		return new RedoxApiError('request', `Redox refused the request (HTTP ${answer.status})${quoted}`, answer.status);
	}

	private malformed(): RedoxApiError {
		return new RedoxApiError('unavailable', 'The Redox FHIR API answered with something that is not the FHIR JSON asked for.');
	}

	private timedOut(): RedoxApiError {
		return new RedoxApiError('unavailable', 'The Redox FHIR API did not answer in time.');
	}

	private unreachable(): RedoxApiError {
		return new RedoxApiError('unavailable', 'The Redox FHIR API could not be reached. Check the Base URL of the Redox API credential.');
	}
}

/** Worth one more try: Redox (or what is behind it) is overloaded or failing for a moment. */
function isTransient(status: number): boolean {
	return status === 429 || status >= 500;
}

