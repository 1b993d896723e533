/**
 * decideRequest: request in, decision out, as a table. The family here is a made-up one (not
 * scheduling), which also shows that the delivery core serves any notification family.
 */
import { decideRequest, type Decision, type IncomingRequest, type TriggerSettings } from '../../nodes/delivery/decide';
import type { DeliveredNotification, Rejection } from '../../nodes/delivery/family';
import { answers } from '../../nodes/delivery/answers';

const TOKEN = 'decide-test-token-0001';

/** A made-up family: bodies `{"kind":"ping","event":"...","id":"..."}`. */
class PingError extends Error {
	constructor(readonly code: 'NOT_A_PING' | 'OTHER_FAMILY') {
		super(code === 'NOT_A_PING' ? 'Not a ping.' : 'A kind of notification this trigger does not handle.');
	}
}

function parsePing(body: unknown): DeliveredNotification {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PingError('NOT_A_PING');
	const { kind, event, id } = body as Record<string, unknown>;
	if (kind === 'pong') throw new PingError('OTHER_FAMILY');
	if (kind !== 'ping' || typeof event !== 'string') throw new PingError('NOT_A_PING');
	if (event === 'bad-setting') throw new RangeError('Unknown time zone "Mars/Olympus".');
	if (event === 'bug') throw new TypeError('a bug in the parser');
	return { event, messageId: typeof id === 'string' ? id : null, bundleId: null };
}

const settings = (token: string | undefined = TOKEN): TriggerSettings<DeliveredNotification> => ({
	verificationToken: token,
	events: ['opened', 'closed'],
	parse: parsePing,
	rejectionOf: (error): Rejection | undefined =>
		error instanceof PingError ? { code: error.code, message: error.message, ignore: error.code === 'OTHER_FAMILY' } : undefined,
});

const post = (body: unknown, headers: Record<string, string> = { 'verification-token': TOKEN }): IncomingRequest => ({
	method: 'POST',
	headers,
	query: {},
	rawBody: typeof body === 'string' ? body : JSON.stringify(body),
});
const get = (query: Record<string, string>, headers: Record<string, string> = {}): IncomingRequest => ({
	method: 'GET',
	headers,
	query,
	rawBody: undefined,
});

/** A decision in a line: `<status> <code or status>` for answers, `run <event> <id>` for notifications. */
function summary(decision: Decision<DeliveredNotification>): string {
	if (decision.kind === 'notification') return `run ${decision.notification.event} ${decision.notification.messageId}`;
	const { status, body } = decision.answer;
	const error = body.error;
	const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
	return `${status} ${code ?? String(body.status ?? JSON.stringify(body))}`;
}

const ping = { kind: 'ping', event: 'opened', id: 'm-1' };

describe('decideRequest', () => {
	it.each<[string, IncomingRequest, TriggerSettings<DeliveredNotification>, string]>([
		['a notification of a selected event runs', post(ping), settings(), 'run opened m-1'],
		['Bearer instead of the token header runs', post(ping, { authorization: `Bearer ${TOKEN}` }), settings(), 'run opened m-1'],
		['an event the node does not listen for is ignored', post({ ...ping, event: 'moved' }), settings(), '200 ignored'],
		['another family of notification is ignored', post({ kind: 'pong' }), settings(), '200 ignored'],
		['a body the family cannot use is 400 with its code', post({ kind: 'nope' }), settings(), '400 NOT_A_PING'],
		['invalid JSON is 400 INVALID_JSON', post('{"kind": "pi'), settings(), '400 INVALID_JSON'],
		['an empty body is 400 INVALID_JSON', post(''), settings(), '400 INVALID_JSON'],
		['the node\'s own bad setting is 500', post({ ...ping, event: 'bad-setting' }), settings(), '500 NODE_MISCONFIGURED'],
		['no token is 401', post(ping, {}), settings(), '401 UNAUTHORIZED'],
		['a wrong token is 401', post(ping, { 'verification-token': 'nope' }), settings(), '401 UNAUTHORIZED'],
		['a right and a wrong token together is 401', post(ping, { 'verification-token': TOKEN, authorization: 'Bearer nope' }), settings(), '401 UNAUTHORIZED'],
		['no token configured refuses everything', post(ping), settings(''), '401 UNAUTHORIZED'],
		['invalid JSON without a token is 401, not 400', post('{', {}), settings(), '401 UNAUTHORIZED'],
		['a POST handshake with the right token answers the challenge', post({ 'verification-token': TOKEN, challenge: 'c-1' }, {}), settings(), '200 {"challenge":"c-1"}'],
		['a POST handshake with a wrong token is 401', post({ 'verification-token': 'nope', challenge: 'c-1' }, {}), settings(), '401 UNAUTHORIZED'],
		['a GET handshake answers the challenge', get({ 'verification-token': TOKEN, challenge: 'c-2' }), settings(), '200 {"challenge":"c-2"}'],
		['a GET without challenge is 400', get({ 'verification-token': TOKEN }), settings(), '400 MISSING_CHALLENGE'],
		['a GET with a wrong token is 401', get({ 'verification-token': 'nope', challenge: 'c' }), settings(), '401 UNAUTHORIZED'],
		['an unreadable body with a token gets its own answer', { ...post(ping), rawBody: { unreadable: answers.unreadableBody() } }, settings(), '400 UNREADABLE_BODY'],
		['an unreadable body without a token is 401', { ...post(ping, {}), rawBody: { unreadable: answers.payloadTooLarge() } }, settings(), '401 UNAUTHORIZED'],
	])('%s', (_name, request, triggerSettings, expected) => {
		expect(summary(decideRequest(request, triggerSettings))).toBe(expected);
	});

	it('passes on what the family\'s parser throws when the family does not recognise it (a bug is not a 400)', () => {
		expect(() => decideRequest(post({ ...ping, event: 'bug' }), settings())).toThrow('a bug in the parser');
	});

	it('hands over the parsed body and its text with the notification', () => {
		const decision = decideRequest(post(ping), settings());
		expect(decision).toMatchObject({ kind: 'notification', bundle: ping, text: JSON.stringify(ping) });
	});
});
