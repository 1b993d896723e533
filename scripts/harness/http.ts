import http from 'node:http';

/** A finished HTTP exchange. `json` is the parsed body, or `undefined` when it is not JSON. */
export interface HttpResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	json: unknown;
}

export interface HttpRequestOptions {
	method?: string;
	/** Sent exactly as given: nothing (no Content-Type, no Accept) is added. */
	headers?: Record<string, string>;
	body?: string | Buffer;
	timeoutMs?: number;
}

// Keep-alive like Redox's sender. Idle sockets are unref'd by Node, so they do not hold jest open.
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** Closes the kept-alive connections (call it in afterAll if a test restarts n8n on a port). */
export function closeConnections(): void {
	agent.destroy();
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** A plain HTTP/1.1 request over node:http, with full control over the headers sent. */
export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
	const { method = 'GET', headers = {}, body, timeoutMs = 30_000 } = options;
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method, headers, agent }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: parseJson(text) });
			});
		});
		request.setTimeout(timeoutMs, () => request.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
		request.on('error', reject);
		if (body !== undefined) {
			request.setHeader('Content-Length', Buffer.byteLength(body));
			request.end(body);
		} else {
			request.end();
		}
	});
}

/** How the verification token travels: Redox's header, the newer Bearer form, both, or not at all. */
export type TokenPlacement = 'header' | 'bearer' | 'both' | 'none';

export interface RedoxRequestOptions {
	/** The verification token to send (placed per `tokenIn`). */
	token?: string;
	tokenIn?: TokenPlacement;
	/** Content-Type of the body; `null` sends none. Default `application/fhir+json`. */
	contentType?: string | null;
	/** Extra headers, added last (they can override the defaults). */
	headers?: Record<string, string>;
	timeoutMs?: number;
}

/** The headers Redox sends with every request. */
export function redoxHeaders(options: RedoxRequestOptions = {}): Record<string, string> {
	const { token, tokenIn = 'header', contentType = 'application/fhir+json' } = options;
	const headers: Record<string, string> = { 'application-name': 'RedoxEngine' };
	if (contentType !== null) headers['content-type'] = contentType;
	if (token !== undefined && (tokenIn === 'header' || tokenIn === 'both')) headers['verification-token'] = token;
	if (token !== undefined && (tokenIn === 'bearer' || tokenIn === 'both')) headers.authorization = `Bearer ${token}`;
	return { ...headers, ...options.headers };
}

function toBody(body: unknown): string | Buffer {
	return typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
}

/**
 * POSTs a notification the way Redox does: `Content-Type: application/fhir+json`,
 * `verification-token: <token>`, `application-name: RedoxEngine`. `body` is sent as is when it
 * is a string or Buffer, else as JSON.
 */
export function sendNotification(url: string, body: unknown, options: RedoxRequestOptions = {}): Promise<HttpResponse> {
	return httpRequest(url, {
		method: 'POST',
		headers: redoxHeaders(options),
		body: toBody(body),
		timeoutMs: options.timeoutMs,
	});
}

export interface Handshake {
	/** The token in the body (POST) or query (GET); omitted when undefined. */
	token?: string;
	challenge?: string;
}

/**
 * A POST endpoint-verification handshake: JSON body `{"verification-token", "challenge"}`. Headers
 * as Redox sends them; pass `tokenIn: 'none'` to send the token in the body only.
 */
export function sendPostHandshake(url: string, handshake: Handshake, options: RedoxRequestOptions = {}): Promise<HttpResponse> {
	const body: Record<string, string> = {};
	if (handshake.token !== undefined) body['verification-token'] = handshake.token;
	if (handshake.challenge !== undefined) body.challenge = handshake.challenge;
	return sendNotification(url, body, { contentType: 'application/json', ...options });
}

/** A GET endpoint-verification handshake: `?verification-token=...&challenge=...`. */
export function sendGetHandshake(url: string, handshake: Handshake, options: RedoxRequestOptions = {}): Promise<HttpResponse> {
	const target = new URL(url);
	if (handshake.token !== undefined) target.searchParams.set('verification-token', handshake.token);
	if (handshake.challenge !== undefined) target.searchParams.set('challenge', handshake.challenge);
	return httpRequest(target.toString(), {
		method: 'GET',
		headers: redoxHeaders({ tokenIn: 'none', contentType: null, ...options }),
		timeoutMs: options.timeoutMs,
	});
}
