/**
 * What a bad-input case must get back, worked out without n8n:
 * - n8n reads and parses the body itself for the types it knows (`application/json`, XML types,
 *   form data, `text/plain`), and answers some of those requests before the node runs
 *   (output-contract.md, n8n-notes.md): a body above N8N_PAYLOAD_SIZE_MAX or a Content-Encoding
 *   that does not decode gets 500, a body it fails to parse gets 422;
 * - the node (typeVersion 2) reads every other body itself: too large gets its 500
 *   PAYLOAD_TOO_LARGE, undecodable its 400 UNREADABLE_BODY, once the sender is authenticated;
 * - every other request reaches the node, whose answer is the protocol module's decision
 *   (`decideRequest`, the same pure function the node calls) on the bytes n8n hands over.
 * The e2e test then proves that n8n and the node's glue deliver exactly that answer, and that
 * only an accepted notification starts an execution.
 */
import { gunzipSync, inflateSync } from 'node:zlib';

import { answers } from '../../../nodes/delivery/answers';
import { decideRequest, type IncomingRequest, type TriggerSettings } from '../../../nodes/delivery/decide';
import type { SchedulingNotification } from '../../../nodes/RedoxSchedulingTrigger/extraction/types';
import type { BadInputCase } from './bad-input-corpus';

export type ExpectedAnswer =
	/** The node answers: `label` is `<status> <status|code>`, e.g. `400 INVALID_JSON`, `200 received`. */
	| { by: 'node'; status: number; label: string; messageId: string | null; bundleId: string | null }
	/**
	 * n8n answers before the node runs (the body is n8n's). For XML types n8n 2.41.1 is not
	 * consistent (its one shared xml2js parser misbehaves once a parse has failed): it may also
	 * hand the body to the node (`orNode`) or never answer (`orNoAnswer`).
	 */
	| { by: 'n8n'; status: 400 | 422 | 500; why: string; orNode?: ExpectedAnswer; orNoAnswer?: boolean }
	/** The request is cut short by the sender: nothing can be answered. */
	| { by: 'nobody' };

function contentTypeOf(header: string | null): { type: string; charset: string } | undefined {
	if (header === null || header === '') return undefined;
	const [type, ...parameters] = header.split(';');
	let charset = 'utf-8';
	for (const parameter of parameters) {
		const at = parameter.indexOf('=');
		if (at !== -1 && parameter.slice(0, at).trim().toLowerCase() === 'charset') charset = parameter.slice(at + 1).trim().toLowerCase();
	}
	return { type: type.toLowerCase(), charset };
}

/** The body after n8n's Content-Encoding handling (gzip and deflate only), or why it fails. */
function decodeTransfer(testCase: BadInputCase, limitBytes: number): { body: Buffer } | { failure: 'too-large' | 'corrupt' } {
	const encoding = testCase.headers?.['content-encoding'];
	if (encoding !== 'gzip' && encoding !== 'deflate') return { body: testCase.body };
	try {
		const inflate = encoding === 'gzip' ? gunzipSync : inflateSync;
		const body = inflate(testCase.body, { maxOutputLength: limitBytes + 1 });
		return body.length > limitBytes ? { failure: 'too-large' } : { body };
	} catch (error) {
		return { failure: (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'corrupt' };
	}
}

/** The types n8n 2.41.1 reads and parses itself for a webhook node of typeVersion 2 and later. */
function isParsedByN8n(type: string): boolean {
	return (
		type === 'application/json' ||
		type.endsWith('/xml') ||
		type.endsWith('+xml') ||
		type === 'application/x-www-form-urlencoded' ||
		type === 'text/plain'
	);
}

/** n8n's own answer for a body it rejects before the node runs, if any. */
function n8nAnswer(testCase: BadInputCase, body: Buffer): ExpectedAnswer | undefined {
	const contentType = contentTypeOf(testCase.contentType);
	if (!contentType || contentType.type.startsWith('multipart/') || body.length === 0) return undefined;
	const { type, charset } = contentType;
	if (!isParsedByN8n(type)) return undefined;
	if (!Buffer.isEncoding(charset)) return { by: 'n8n', status: 422, why: `n8n cannot decode charset ${charset}` };
	if (type === 'application/json') {
		try {
			const text = body.toString(charset as BufferEncoding);
			JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
		} catch {
			return { by: 'n8n', status: 422, why: 'n8n parses application/json itself and fails' };
		}
	}
	return undefined;
}

/** XML types: n8n parses them with xml2js first; a JSON body is not XML. */
function isXmlTypeWithoutXml(testCase: BadInputCase, body: Buffer): boolean {
	const type = contentTypeOf(testCase.contentType)?.type ?? '';
	return (type.endsWith('/xml') || type.endsWith('+xml')) && !body.toString('utf8').trimStart().startsWith('<');
}

/** The answer a case must get (see the module comment). */
export function expectedAnswer(testCase: BadInputCase, settings: TriggerSettings<SchedulingNotification>, token: string, limitBytes: number): ExpectedAnswer {
	if (testCase.expected) return testCase.expected;
	if (testCase.abort) return { by: 'nobody' };
	const decoded = testCase.body.length > limitBytes ? { failure: 'too-large' as const } : decodeTransfer(testCase, limitBytes);
	if ('failure' in decoded) {
		if (!isParsedByN8n(contentTypeOf(testCase.contentType)?.type ?? '')) {
			const unreadable = decoded.failure === 'too-large' ? answers.payloadTooLarge() : answers.unreadableBody();
			return nodeAnswer(testCase, { unreadable }, settings, token);
		}
		return decoded.failure === 'too-large'
			? { by: 'n8n', status: 500, why: 'above N8N_PAYLOAD_SIZE_MAX (once inflated)' }
			: { by: 'n8n', status: 500, why: 'Content-Encoding that does not decode' };
	}
	const byN8n = n8nAnswer(testCase, decoded.body);
	if (byN8n) return byN8n;
	const byNode = nodeAnswer(testCase, decoded.body, settings, token);
	if (isXmlTypeWithoutXml(testCase, decoded.body)) {
		return { by: 'n8n', status: 422, why: 'n8n parses XML types itself and fails', orNode: byNode, orNoAnswer: true };
	}
	return byNode;
}

/** The node's answer: the protocol module's decision on the body n8n hands over. */
export function nodeAnswer(
	testCase: BadInputCase,
	body: IncomingRequest['rawBody'],
	settings: TriggerSettings<SchedulingNotification>,
	token: string,
): ExpectedAnswer {
	const decision = decideRequest(
		{
			method: 'POST',
			headers: { 'verification-token': token, ...testCase.headers },
			query: {},
			rawBody: body,
		},
		settings,
	);
	if (decision.kind === 'notification') {
		return {
			by: 'node',
			status: 200,
			label: '200 received',
			messageId: decision.notification.messageId,
			bundleId: decision.notification.bundleId,
		};
	}
	const { status, body: answer } = decision.answer;
	const detail = typeof answer.status === 'string' ? answer.status : (answer.error as { code: string }).code;
	return { by: 'node', status, label: `${status} ${detail}`, messageId: null, bundleId: null };
}
