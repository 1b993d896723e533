/**
 * Every HTTP answer the trigger gives, in one place (the contract's "HTTP answers" table).
 * Bodies are short JSON; messages are our own words and never echo the request.
 */

export type ErrorCode =
	| 'UNAUTHORIZED'
	| 'MISSING_CHALLENGE'
	| 'DUPLICATE_IN_PROGRESS'
	| 'NODE_MISCONFIGURED'
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
	inProgress: (): HttpAnswer =>
		errorAnswer(
			409,
			'DUPLICATE_IN_PROGRESS',
			'The same notification is still being processed. Retry later.',
		),
};
