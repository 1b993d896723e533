import { isRedoxNotificationError } from '../extraction/errors';
import { decodeNotificationBody, parseSchedulingNotification } from '../extraction/parse';
import type { ParseOptions, SchedulingEvent, SchedulingNotification } from '../extraction/types';
import { answers, errorAnswer, type HttpAnswer } from './answers';
import { checkTokens, tokensFromHeaders, type RequestHeaders, type TokenCheck } from './auth';
import { queryToken, readHandshake } from './handshake';

/** What the trigger knows of a request, without n8n around it. */
export interface IncomingRequest {
	method: string;
	headers: RequestHeaders;
	query: unknown;
	/** The raw body (n8n's `rawBody`), undefined when there was none, or why it could not be read. */
	rawBody: Buffer | string | undefined | UnreadableBody;
}

/** A body that could not be read (too large, cut short, undecodable), with the answer it gets. */
export interface UnreadableBody {
	unreadable: HttpAnswer;
}

function isUnreadable(raw: IncomingRequest['rawBody']): raw is UnreadableBody {
	return typeof raw === 'object' && !Buffer.isBuffer(raw);
}

export interface TriggerSettings {
	/** The credential's verification token; empty or undefined means "not configured". */
	verificationToken: string | undefined;
	events: readonly SchedulingEvent[];
	parseOptions: ParseOptions;
}

/** Either an answer that starts nothing, or a notification to hand to the workflow. */
export type Decision =
	| { kind: 'answer'; answer: HttpAnswer }
	| { kind: 'notification'; notification: SchedulingNotification; bundle: unknown; text: string };

/** The request body as text: n8n hands it over as a Buffer (`rawBody`), a string or nothing. */
function bodyText(raw: Buffer | string | undefined): string {
	if (raw === undefined) return '';
	return typeof raw === 'string' ? raw : raw.toString('utf8');
}

const answer = (httpAnswer: HttpAnswer): Decision => ({ kind: 'answer', answer: httpAnswer });

function tokenFailure(check: TokenCheck): Decision | undefined {
	if (check === 'missing') return answer(answers.missingToken());
	if (check === 'wrong') return answer(answers.wrongToken());
	return undefined;
}

function decideGet(request: IncomingRequest, token: string): Decision {
	const presented = tokensFromHeaders(request.headers);
	const fromQuery = queryToken(request.query);
	if (fromQuery !== undefined) presented.push(fromQuery);
	const failure = tokenFailure(checkTokens(presented, token));
	if (failure) return failure;
	const handshake = readHandshake(request.query);
	return answer(handshake ? answers.challenge(handshake.challenge) : answers.missingChallenge());
}

function decidePost(request: IncomingRequest, settings: TriggerSettings, token: string): Decision {
	const headerTokens = tokensFromHeaders(request.headers);
	// Authenticate before reading the body whenever the headers allow it: an unauthenticated
	// sender must not make n8n parse megabytes of JSON.
	if (headerTokens.length > 0) {
		const failure = tokenFailure(checkTokens(headerTokens, token));
		if (failure) return failure;
	}
	// Without a header token the body might hold a handshake's token: unread, it is unauthenticated.
	if (isUnreadable(request.rawBody)) {
		return answer(headerTokens.length === 0 ? answers.missingToken() : request.rawBody.unreadable);
	}

	const text = bodyText(request.rawBody);
	let body: unknown;
	try {
		body = decodeNotificationBody(text);
	} catch (error) {
		return answer(headerTokens.length === 0 ? answers.missingToken() : rejection(error));
	}

	const handshake = readHandshake(body);
	if (handshake) {
		const presented = handshake.token === undefined ? headerTokens : [...headerTokens, handshake.token];
		return tokenFailure(checkTokens(presented, token)) ?? answer(answers.challenge(handshake.challenge));
	}
	if (headerTokens.length === 0) return answer(answers.missingToken());

	let notification: SchedulingNotification;
	try {
		notification = parseSchedulingNotification(body, settings.parseOptions);
	} catch (error) {
		// The options are the node's own settings: a bad time zone is the workflow's fault, not
		// the sender's, so answer 500 (Redox keeps the notification and retries once it is fixed).
		if (error instanceof RangeError) return answer(errorAnswer(500, 'NODE_MISCONFIGURED', error.message));
		return answer(rejection(error));
	}
	if (!settings.events.includes(notification.event)) {
		return answer(
			answers.ignored(`This trigger is not set to listen for "${notification.event}" events.`),
		);
	}
	return { kind: 'notification', notification, bundle: body, text };
}

/** Maps a parse failure to its answer: 200 "ignored" for other Redox events, else 400. */
function rejection(error: unknown): HttpAnswer {
	if (!isRedoxNotificationError(error)) throw error;
	if (error.code === 'UNKNOWN_EVENT') {
		return answers.ignored(`${error.message} This trigger handles scheduling events only.`);
	}
	return errorAnswer(400, error.code, error.message);
}

/**
 * Decides the answer to a request, in the order that keeps secrets and patient data safe:
 * a node without a token refuses everything, authentication comes before anything is parsed,
 * and only an authenticated, valid notification of a selected event reaches the workflow.
 */
export function decideRequest(request: IncomingRequest, settings: TriggerSettings): Decision {
	const token = settings.verificationToken;
	if (token === undefined || token === '') return answer(answers.noTokenConfigured());
	if (request.method.toUpperCase() === 'GET') return decideGet(request, token);
	return decidePost(request, settings, token);
}
