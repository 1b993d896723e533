/**
 * The transport (transport.ts) on top of n8n's `helpers.httpRequest` (nodes and webhooks), and
 * on Node's `fetch` for the credential test, which has no `httpRequest`.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { isRecord } from '../common/guards';
import { readBody, readHeaders, type Transport } from './transport';

type HttpRequestHelper = (options: IHttpRequestOptions) => Promise<unknown>;

/** Through `helpers.httpRequest` (IExecuteFunctions, IWebhookFunctions). */
export function httpRequestTransport(httpRequest: HttpRequestHelper): Transport {
	return async (call) => {
		const answer = await httpRequest({
			url: call.url,
			method: call.method,
			headers: call.headers,
			body: call.body,
			timeout: call.timeoutMs,
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		});
		return fullResponse(answer);
	};
}

/**
 * Through Node's `fetch`, for the credential test: ICredentialTestFunctions (n8n-workflow 2.41)
 * offers only the deprecated `helpers.request`, which n8n's community-node rules forbid.
 * Redirects are not followed (`redirect: 'manual'`), as the token stays with its origin.
 */
export function fetchTransport(): Transport {
	return async (call) => {
		const response = await fetch(call.url, {
			method: call.method,
			headers: call.headers,
			body: call.body,
			redirect: 'manual',
			signal: AbortSignal.timeout(call.timeoutMs),
		});
		const headers: Record<string, string> = {};
		response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
		return { status: response.status, body: readBody(await response.text()), headers };
	};
}

/** `{ statusCode, headers, body }`, as both helpers return it with their full-response option. */
function fullResponse(answer: unknown): { status: number; body: unknown; headers: Record<string, string> } {
	if (!isRecord(answer) || typeof answer.statusCode !== 'number') {
		throw new Error('The HTTP helper gave no status code');
	}
	return { status: answer.statusCode, body: readBody(answer.body), headers: readHeaders(answer.headers) };
}
