import { decodeJsonBody } from '../common/json-body';
import { answers, errorAnswer, type HttpAnswer } from './answers';
import { checkTokens, tokensFromHeaders, type RequestHeaders, type TokenCheck } from './auth';
import type { DeliveredNotification, FamilySettings, Rejection } from './family';
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

export interface TriggerSettings<N extends DeliveredNotification> extends FamilySettings<N> {
	/** The credential's verification token; empty or undefined means "not configured". */
	verificationToken: string | undefined;
	/** The answer-worthy form of what `parse` threw (see NotificationFamily.rejectionOf). */
	rejectionOf(error: unknown): Rejection | undefined;
}

/** Either an answer that starts nothing, or a notification to hand to the workflow. */
export type Decision<N extends DeliveredNotification> =
	| { kind: 'answer'; answer: HttpAnswer }
	| { kind: 'notification'; notification: N; bundle: unknown; text: string };

/** The request body as text: n8n hands it over as a Buffer (`rawBody`), a string or nothing. */
function bodyText(raw: Buffer | string | undefined): string {
	if (raw === undefined) return '';
	return typeof raw === 'string' ? raw : raw.toString('utf8');
}

const answer = (httpAnswer: HttpAnswer): { kind: 'answer'; answer: HttpAnswer } => ({ kind: 'answer', answer: httpAnswer });

function tokenFailure(check: TokenCheck): { kind: 'answer'; answer: HttpAnswer } | undefined {
	if (check === 'missing') return answer(answers.missingToken());
	if (check === 'wrong') return answer(answers.wrongToken());
	return undefined;
}

function decideGet(request: IncomingRequest, token: string): Decision<never> {
	const presented = tokensFromHeaders(request.headers);
	const fromQuery = queryToken(request.query);
	if (fromQuery !== undefined) presented.push(fromQuery);
	const failure = tokenFailure(checkTokens(presented, token));
	if (failure) return failure;
	const handshake = readHandshake(request.query);
	return answer(handshake ? answers.challenge(handshake.challenge) : answers.missingChallenge());
}

function decidePost<N extends DeliveredNotification>(
	request: IncomingRequest,
	settings: TriggerSettings<N>,
	token: string,
): Decision<N> {
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
	const decoded = decodeJsonBody(text);
	if (!decoded.ok) return answer(headerTokens.length === 0 ? answers.missingToken() : answers.invalidJson(decoded.message));
	const body = decoded.value;

	const handshake = readHandshake(body);
	if (handshake) {
		const presented = handshake.token === undefined ? headerTokens : [...headerTokens, handshake.token];
		return tokenFailure(checkTokens(presented, token)) ?? answer(answers.challenge(handshake.challenge));
	}
	if (headerTokens.length === 0) return answer(answers.missingToken());

	let notification: N;
	try {
		notification = settings.parse(body);
	} catch (error) {
		// A RangeError names the node's own settings: a bad time zone is the workflow's fault, not
		// the sender's, so answer 500 (Redox keeps the notification and retries once it is fixed).
		if (error instanceof RangeError) return answer(answers.misconfigured(error.message));
		return answer(rejection(settings.rejectionOf(error), error));
	}
	if (!settings.events.includes(notification.event)) {
		return answer(
			answers.ignored(`This trigger is not set to listen for "${notification.event}" events.`),
		);
	}
	return { kind: 'notification', notification, bundle: body, text };
}

/** Maps a parse failure to its answer: 200 "ignored" for other Redox events, else 400. */
function rejection(found: Rejection | undefined, error: unknown): HttpAnswer {
	if (found === undefined) throw error;
	return found.ignore ? answers.ignored(found.message) : errorAnswer(400, found.code, found.message);
}

/**
 * Decides the answer to a request, in the order that keeps secrets and patient data safe:
 * a node without a token refuses everything, authentication comes before anything is parsed,
 * and only an authenticated, valid notification of a selected event reaches the workflow.
 */
export function decideRequest<N extends DeliveredNotification>(
	request: IncomingRequest,
	settings: TriggerSettings<N>,
): Decision<N> {
	const token = settings.verificationToken;
	if (token === undefined || token === '') return answer(answers.noTokenConfigured());
	if (request.method.toUpperCase() === 'GET') return decideGet(request, token);
	return decidePost(request, settings, token);
}
