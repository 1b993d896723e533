/**
 * Every HTTP answer the trigger gives, in one place (the contract's "HTTP answers" table).
 * Bodies are short JSON; messages are our own words and never echo the request.
 */

export type ErrorCode =
	| 'UNAUTHORIZED'
	| 'MISSING_CHALLENGE'
	| 'DUPLICATE_IN_PROGRESS'
	| 'NODE_MISCONFIGURED'
	| 'PAYLOAD_TOO_LARGE'
	| 'UNREADABLE_BODY'
	| 'INVALID_JSON'
	| 'NOT_A_BUNDLE'
	| 'NOT_A_MESSAGE'
	| 'MISSING_MESSAGE_HEADER'
	| 'MISSING_APPOINTMENT';

export interface HttpAnswer {
	status: number;
	body: Record<string, unknown>;
}

export function errorAnswer(status: number, code: ErrorCode, message: string): HttpAnswer {
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
			'This n8n node has no verification token configured, so it accepts no request. Set one in its "Redox Webhook" credential.',
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
	inProgress: (): HttpAnswer =>
		errorAnswer(
			409,
			'DUPLICATE_IN_PROGRESS',
			'The same notification is still being processed. Retry later.',
		),
};
