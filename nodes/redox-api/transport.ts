/**
 * The one thing the client needs from HTTP: send a request, get the status and the body. n8n's
 * helpers provide it in nodes (n8n-transport.ts); tests provide their own. Keeping it this small
 * is what lets the client run the same from a webhook, an execution and a credential test.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpCall {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	/** Already encoded (form or JSON), with its Content-Type among the headers. */
	body?: string;
	/** The transport gives up after this many milliseconds. */
	timeoutMs: number;
}

export interface HttpAnswer {
	status: number;
	/** Parsed JSON when the body is JSON, else its text (`''` when empty). */
	body: unknown;
	/** Lower-cased header names. */
	headers: Record<string, string>;
}

/**
 * Sends one request and resolves with any HTTP answer, error statuses included; rejects only
 * when there is no answer (no connection, a time-out). It must not follow redirects: the access
 * token goes to the credential's origin and nowhere else.
 */
export type Transport = (call: HttpCall) => Promise<HttpAnswer>;

/** No answer within the time allowed. */
export class TransportTimeout extends Error {
	constructor() {
		super('No answer in time');
		this.name = 'TransportTimeout';
	}
}

/**
 * Sends through the transport, and gives up after `timeoutMs` even if the transport does not.
 * AbortSignal.timeout is used because node code may not start timers of its own.
 */
export async function sendWithin(transport: Transport, call: HttpCall): Promise<HttpAnswer> {
	const signal = AbortSignal.timeout(call.timeoutMs);
	let onAbort: () => void = () => {};
	const expiry = new Promise<never>((_, reject) => {
		onAbort = () => reject(new TransportTimeout());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([transport(call), expiry]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

/** A response body as the client reads it: JSON parsed when it parses, else the text. */
export function readBody(body: unknown): unknown {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string') return text ?? '';
	if (text.trim() === '') return '';
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** Header names lower-cased, values as strings (arrays joined). */
export function readHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (typeof headers !== 'object' || headers === null) return result;
	for (const [name, value] of Object.entries(headers)) {
		if (typeof value === 'string') result[name.toLowerCase()] = value;
		else if (Array.isArray(value)) result[name.toLowerCase()] = value.join(', ');
		else if (typeof value === 'number') result[name.toLowerCase()] = String(value);
	}
	return result;
}

/** `application/x-www-form-urlencoded` body of string fields. */
export function formBody(fields: Iterable<readonly [string, string]>): string {
	const params = new URLSearchParams();
	for (const [name, value] of fields) params.append(name, value);
	return params.toString();
}
