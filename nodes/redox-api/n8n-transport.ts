/**
 * The transport (transport.ts) on top of n8n's request helpers. Nodes and webhooks have
 * `helpers.httpRequest`; a credential test (ICredentialTestFunctions in n8n-workflow 2.41) only
 * the older `helpers.request`, so both are adapted here.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { isRecord } from '../RedoxSchedulingTrigger/extraction/guards';
import { readBody, readHeaders, type Transport } from './transport';

type HttpRequestHelper = (options: IHttpRequestOptions) => Promise<unknown>;
type LegacyRequestHelper = (uriOrObject: string | object, options?: object) => Promise<unknown>;

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

/** Through `helpers.request` (ICredentialTestFunctions), which takes request-library options. */
export function legacyRequestTransport(request: LegacyRequestHelper): Transport {
	return async (call) => {
		const answer = await request({
			uri: call.url,
			method: call.method,
			headers: call.headers,
			body: call.body,
			timeout: call.timeoutMs,
			json: false,
			simple: false,
			resolveWithFullResponse: true,
			followRedirect: false,
			followAllRedirects: false,
		});
		return fullResponse(answer);
	};
}

/** `{ statusCode, headers, body }`, as both helpers return it with their full-response option. */
function fullResponse(answer: unknown): { status: number; body: unknown; headers: Record<string, string> } {
	if (!isRecord(answer) || typeof answer.statusCode !== 'number') {
		throw new Error('The HTTP helper gave no status code');
	}
	return { status: answer.statusCode, body: readBody(answer.body), headers: readHeaders(answer.headers) };
}
