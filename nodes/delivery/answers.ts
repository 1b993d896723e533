/**
 * Every HTTP answer a Redox trigger gives, in one place (the contract's "HTTP answers" table).
 * Bodies are short JSON; messages are our own words and never echo the request. A notification
 * family adds the codes of the bodies its parser rejects (400 with the parser's code).
 */

import type { IDataObject } from 'n8n-workflow';

/** The codes the delivery core answers with itself. */
export type DeliveryErrorCode =
	| 'UNAUTHORIZED'
	| 'MISSING_CHALLENGE'
	| 'DUPLICATE_IN_PROGRESS'
	| 'NODE_MISCONFIGURED'
	| 'PAYLOAD_TOO_LARGE'
	| 'UNREADABLE_BODY'
	| 'INVALID_JSON'
	| 'DETAILS_UNAVAILABLE'
	| 'DUPLICATE_STORE_UNAVAILABLE'
	| 'ANSWER_TIMEOUT';

export interface HttpAnswer {
	status: number;
	body: IDataObject;
}

/** An error answer; `code` is one of the core's codes or one a family's parser gave. */
export function errorAnswer(status: number, code: DeliveryErrorCode | (string & {}), message: string): HttpAnswer {
	return { status, body: { error: { code, message } } };
}

export const answers = {
	challenge: (challenge: string): HttpAnswer => ({ status: 200, body: { challenge } }),
	received: (): HttpAnswer => ({ status: 200, body: { status: 'received' } }),
	ignored: (reason: string): HttpAnswer => ({ status: 200, body: { status: 'ignored', reason } }),
	duplicate: (): HttpAnswer => ({
		status: 200,
		body: { status: 'duplicate', reason: 'This notification was already received.' },
	}),
	missingToken: (): HttpAnswer =>
		errorAnswer(
			401,
			'UNAUTHORIZED',
			'Missing verification token. Send it in the "verification-token" header or as "Authorization: Bearer <token>".',
		),
	wrongToken: (): HttpAnswer =>
		errorAnswer(401, 'UNAUTHORIZED', 'The verification token does not match the one configured in n8n.'),
	noTokenConfigured: (): HttpAnswer =>
		errorAnswer(
			401,
			'UNAUTHORIZED',
			'This n8n node has no verification token configured, so it accepts no request. Set one in its "Redox Webhook API" credential.',
		),
	missingChallenge: (): HttpAnswer =>
		errorAnswer(
			400,
			'MISSING_CHALLENGE',
			'A GET request to this URL must be an endpoint verification with a "challenge" query parameter.',
		),
	// 500, not 413: the status n8n itself gives a body above its limit when it reads the body
	// (application/json and the other types it parses), so the answer does not depend on the type.
	payloadTooLarge: (): HttpAnswer =>
		errorAnswer(
			500,
			'PAYLOAD_TOO_LARGE',
			'The body is larger than this n8n accepts (its N8N_PAYLOAD_SIZE_MAX setting).',
		),
	unreadableBody: (): HttpAnswer =>
		errorAnswer(
			400,
			'UNREADABLE_BODY',
			'The body could not be read: it was cut short, or its Content-Encoding does not decode.',
		),
	invalidJson: (message: string): HttpAnswer => errorAnswer(400, 'INVALID_JSON', message),
	/** The node's own settings are wrong (a time zone, say): Redox keeps the notification and retries once fixed. */
	misconfigured: (message: string): HttpAnswer => errorAnswer(500, 'NODE_MISCONFIGURED', message),
	/** The shared duplicate memory (its Redis, or n8n's store of its credential) did not answer: nothing started, Redox retries. */
	storeUnavailable: (): HttpAnswer =>
		errorAnswer(
			503,
			'DUPLICATE_STORE_UNAVAILABLE',
			'The duplicate memory could not be consulted (its Redis or its credential did not answer), so the notification was not processed. Retry later.',
		),
	/** The execution did not give its answer in time (see answer-deadline.ts): Redox retries, and the repeat is answered by what became of it. */
	answerTimeout: (seconds: number): HttpAnswer =>
		errorAnswer(
			504,
			'ANSWER_TIMEOUT',
			`The notification was taken in, but its workflow did not answer within ${seconds} seconds. Send it again: it is answered "duplicate" once the workflow has succeeded.`,
		),
	inProgress: (): HttpAnswer =>
		errorAnswer(
			409,
			'DUPLICATE_IN_PROGRESS',
			'The same notification is still being processed. Retry later.',
		),
};
