import type { IDataObject } from 'n8n-workflow';

import { IMMEDIATE_CLAIM_WAIT_MS } from '../../nodes/delivery/dedup/duplicate-guard';
import { RedoxSchedulingTrigger } from '../../nodes/RedoxSchedulingTrigger/RedoxSchedulingTrigger.node';
import { fixtureText, VALID_FIXTURES } from '../helpers/fixtures';
import { executeContext } from './execute-context';
import { useFreshTrigger, webhookContext, type WebhookCall } from './webhook-context';

const TOKEN = 'test-token-123';
const node = new RedoxSchedulingTrigger();
const booked = fixtureText('booked-detailed.json');
const handshakeBody = fixtureText('handshake-post.json');

async function call(request: WebhookCall) {
	const harness = webhookContext(request);
	const result = await node.webhook.call(harness.context);
	return { ...harness, result };
}

function authorised(extra: Partial<WebhookCall> = {}): WebhookCall {
	return { headers: { 'verification-token': TOKEN, 'content-type': 'application/fhir+json' }, ...extra };
}

beforeEach(() => useFreshTrigger());

describe('handshake', () => {
	it('answers a POST handshake with the challenge and starts nothing', async () => {
		const challenge = JSON.parse(handshakeBody).challenge;
		const handshake = JSON.stringify({ 'verification-token': TOKEN, challenge });
		const { written, result } = await call({ rawBody: handshake, headers: {} });
		expect(written).toEqual({ status: 200, body: { challenge } });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('answers a GET handshake from the query string', async () => {
		const { written, result } = await call({
			method: 'GET',
			query: { 'verification-token': TOKEN, challenge: 'abc-123' },
		});
		expect(written).toEqual({ status: 200, body: { challenge: 'abc-123' } });
		expect(result.workflowData).toBeUndefined();
	});

	it('accepts a GET handshake whose token is in the header only', async () => {
		const { written } = await call({ method: 'GET', headers: { 'verification-token': TOKEN }, query: { challenge: 'c' } });
		expect(written).toEqual({ status: 200, body: { challenge: 'c' } });
	});

	it.each([
		['a wrong body token', { 'verification-token': 'wrong-token', challenge: 'c' }, {}],
		['no token anywhere', { challenge: 'c' }, {}],
		['a right body token but a wrong header', { 'verification-token': TOKEN, challenge: 'c' }, { 'verification-token': 'wrong' }],
	])('refuses a POST handshake with %s (401)', async (_label, body, headers) => {
		const { written, result } = await call({ rawBody: JSON.stringify(body), headers });
		expect(written.status).toBe(401);
		expect(written.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
		expect(result.workflowData).toBeUndefined();
	});

	it('refuses a GET handshake with a wrong token (401)', async () => {
		const { written } = await call({ method: 'GET', query: { 'verification-token': 'nope', challenge: 'c' } });
		expect(written.status).toBe(401);
	});

	it('answers 400 MISSING_CHALLENGE to an authenticated GET without challenge', async () => {
		const { written, result } = await call({ method: 'GET', query: { 'verification-token': TOKEN } });
		expect(written.status).toBe(400);
		expect(written.body).toMatchObject({ error: { code: 'MISSING_CHALLENGE' } });
		expect(result.workflowData).toBeUndefined();
	});
});

describe('authentication of notifications', () => {
	it('accepts the token in the verification-token header', async () => {
		const { result } = await call(authorised({ rawBody: booked }));
		expect(result.workflowData?.[0]).toHaveLength(1);
	});

	it('accepts the token as Authorization: Bearer', async () => {
		const { result } = await call({ rawBody: booked, headers: { authorization: `Bearer ${TOKEN}` } });
		expect(result.workflowData?.[0]).toHaveLength(1);
	});

	it.each([
		['no token', {}],
		['a wrong verification-token', { 'verification-token': 'wrong' }],
		['a wrong bearer token', { authorization: 'Bearer wrong' }],
		['a right header but a wrong bearer', { 'verification-token': TOKEN, authorization: 'Bearer wrong' }],
		['a token of another length', { 'verification-token': `${TOKEN}x` }],
	])('refuses %s with 401 and starts nothing', async (_label, headers) => {
		const { written, result } = await call({ rawBody: booked, headers });
		expect(written.status).toBe(401);
		expect(written.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
		expect(JSON.stringify(written.body)).not.toContain(TOKEN);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('refuses an unauthenticated invalid body with 401, not 400 (nothing is parsed before auth)', async () => {
		const { written } = await call({ rawBody: 'not json', headers: {} });
		expect(written.status).toBe(401);
	});

	it.each([
		['an empty token', ''],
		['no credential at all', undefined],
	])('fails closed with %s configured (401, says the node has no token)', async (_label, token) => {
		const { written, result } = await call({ ...authorised({ rawBody: booked }), token });
		expect(written.status).toBe(401);
		expect(written.body).toMatchObject({ error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/no verification token configured/) } });
		expect(result.workflowData).toBeUndefined();
	});
});

describe('reading the body (typeVersion 2: the node reads what n8n does not parse)', () => {
	const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' });

	it('reads a body n8n left unread and takes the notification in', async () => {
		const { result } = await call(authorised({ unread: { body: Buffer.from(booked) } }));
		expect(result.workflowData?.[0]).toHaveLength(1);
	});

	it('answers 500 PAYLOAD_TOO_LARGE, as n8n does for the types it reads, when the body is above the limit', async () => {
		const { written, result, context } = await call(authorised({ unread: { error: tooLarge } }));
		expect(written).toEqual({ status: 500, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('N8N_PAYLOAD_SIZE_MAX') } } });
		expect(result).toEqual({ noWebhookResponse: true });
		// The rest of the body is let through (and dropped), so the sender can read the answer.
		expect(context.getRequestObject().resume).toHaveBeenCalled();
	});

	it('answers 400 UNREADABLE_BODY when the body is cut short or does not decode', async () => {
		const { written, result } = await call(authorised({ unread: { error: new Error('incorrect header check') } }));
		expect(written.status).toBe(400);
		expect(written.body).toMatchObject({ error: { code: 'UNREADABLE_BODY' } });
		expect(JSON.stringify(written.body)).not.toContain('incorrect header check');
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('answers 401, not the read failure, to a sender without a valid token', async () => {
		const wrong = await call({ headers: { 'verification-token': 'wrong' }, unread: { error: tooLarge } });
		const none = await call({ headers: {}, unread: { error: tooLarge } });
		expect([wrong.written.status, none.written.status]).toEqual([401, 401]);
	});

	it('uses the fields n8n parsed when the stream has already been read (multipart): 400, nothing starts', async () => {
		const { written, context } = await call(authorised({ parsedBody: { field: 'value' } }));
		expect(context.getRequestObject().readRawBody).not.toHaveBeenCalled();
		expect(written.status).toBe(400);
	});
});

describe('reading the credential', () => {
	// The trigger's token memory is per process: each test uses credential ids of its own.
	let credentialCount = 0;
	const freshCredentialId = () => `credential-${++credentialCount}-${Date.now()}`;

	// The same sample is sent again and again here: duplicate suppression would hide the answers.
	async function callCounting(request: WebhookCall) {
		const harness = webhookContext({ ...request, parameters: { options: { deduplicate: false } } });
		const result = await node.webhook.call(harness.context);
		return { ...harness, result, reads: harness.context.getCredentials.mock.calls.length };
	}

	afterEach(() => jest.useRealTimers());

	it('reads the credential once for a burst of notifications that present its token', async () => {
		const credentialId = freshCredentialId();
		const first = await callCounting(authorised({ rawBody: booked, credentialId }));
		const second = await callCounting(authorised({ rawBody: booked, credentialId }));
		expect(first.reads).toBe(1);
		expect(second.reads).toBe(0);
		expect(second.result.workflowData?.[0]).toHaveLength(1);
	});

	it('accepts a changed token at once: any token it does not know makes it read the credential', async () => {
		const credentialId = freshCredentialId();
		await callCounting(authorised({ rawBody: booked, credentialId }));
		const rotated = await callCounting({
			rawBody: booked,
			credentialId,
			token: 'rotated-token',
			headers: { 'verification-token': 'rotated-token' },
		});
		expect(rotated.reads).toBe(1);
		expect(rotated.result.workflowData?.[0]).toHaveLength(1);
	});

	it('refuses the old token once the credential has been read with a new one', async () => {
		const credentialId = freshCredentialId();
		await callCounting(authorised({ rawBody: booked, credentialId }));
		await callCounting({ rawBody: booked, credentialId, token: 'rotated-token', headers: { 'verification-token': 'rotated-token' } });
		const old = await callCounting({ ...authorised({ rawBody: booked, credentialId }), token: 'rotated-token' });
		expect(old.reads).toBe(1);
		expect(old.written.status).toBe(401);
	});

	it('trusts a remembered token for 10 seconds at most, then reads the credential again', async () => {
		const credentialId = freshCredentialId();
		jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
		await callCounting(authorised({ rawBody: booked, credentialId }));
		jest.setSystemTime(new Date('2026-03-01T10:00:09.999Z'));
		expect((await callCounting(authorised({ rawBody: booked, credentialId }))).reads).toBe(0);
		jest.setSystemTime(new Date('2026-03-01T10:00:10.000Z'));
		const afterWindow = await callCounting({ ...authorised({ rawBody: booked, credentialId }), token: 'changed' });
		expect(afterWindow.reads).toBe(1);
		expect(afterWindow.written.status).toBe(401);
	});

	it('judges a wrong token against the credential as it is now, and never remembers a missing one', async () => {
		const credentialId = freshCredentialId();
		await callCounting(authorised({ rawBody: booked, credentialId }));
		const wrong = await callCounting({ rawBody: booked, credentialId, headers: { 'verification-token': 'wrong' } });
		expect(wrong.reads).toBe(1);
		expect(wrong.written.status).toBe(401);
		const noToken = { ...authorised({ rawBody: booked, credentialId: freshCredentialId() }), token: undefined };
		expect((await callCounting(noToken)).written.status).toBe(401);
		const again = await callCounting(noToken);
		expect(again.reads).toBe(1);
		expect(again.written.status).toBe(401);
	});
});

describe('notifications', () => {
	it.each(VALID_FIXTURES)('hands %s to the workflow as one item and acknowledges "received"', async (name) => {
		const { result } = await call(authorised({ rawBody: fixtureText(`${name}.json`) }));
		expect(result.webhookResponse).toEqual({ status: 'received' });
		expect(result.workflowData).toHaveLength(1);
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(result.noWebhookResponse).toBeUndefined();
	});

	it('reads the body whatever the content type (none, text/plain, +json)', async () => {
		for (const contentType of [undefined, 'text/plain', 'application/vnd.redox+json', 'application/json']) {
			const headers: Record<string, string> = { 'verification-token': TOKEN };
			if (contentType) headers['content-type'] = contentType;
			useFreshTrigger(); // the same sample each time: not a redelivery here
			const { result } = await call({ rawBody: booked, headers });
			expect(result.workflowData?.[0]?.[0]?.json.event).toBe('booked');
		}
	});

	it('puts the simplified fields on the item, and never the request headers', async () => {
		const { result } = await call(authorised({ rawBody: booked }));
		const json = result.workflowData?.[0]?.[0]?.json;
		expect(json).toMatchObject({ event: 'booked', appointmentId: 'a7c4e1f2-3b5d-4c6e-8f90-1a2b3c4d5e61', detailLevel: 'detailed' });
		expect(JSON.stringify(json)).not.toContain(TOKEN);
		expect(json).not.toHaveProperty('headers');
	});

	it('uses the workflow time zone by default and the option when set', async () => {
		const byDefault = await call(authorised({ rawBody: booked }));
		expect(byDefault.result.workflowData?.[0]?.[0]?.json.appointmentStartLocal).toBe('2026-12-01T09:30:00-05:00');
		useFreshTrigger();
		const inLondon = await call(authorised({ rawBody: booked, parameters: { options: { timezone: 'Europe/London' } } }));
		expect(inLondon.result.workflowData?.[0]?.[0]?.json.appointmentStartLocal).toMatch(/^2026-12-01T14:30:00(Z|\+00:00)$/);
	});

	it('answers 500 NODE_MISCONFIGURED, naming the option, when the time zone option is invalid', async () => {
		const { written, result } = await call(authorised({ rawBody: booked, parameters: { options: { timezone: 'Mars/Olympus' } } }));
		expect(written.status).toBe(500);
		expect(written.body).toMatchObject({ error: { code: 'NODE_MISCONFIGURED', message: expect.stringContaining('Mars/Olympus') } });
		expect(result.workflowData).toBeUndefined();
	});

	it('in lightweight mode outputs no detailed key even for a detailed bundle', async () => {
		const { result } = await call(authorised({ rawBody: booked, parameters: { detail: 'lightweight' } }));
		const json = result.workflowData?.[0]?.[0]?.json ?? {};
		for (const key of ['patientFullName', 'patientBirthDate', 'patientPhone', 'patientEmail', 'patientAddress', 'appointmentStart']) {
			expect(json).not.toHaveProperty(key);
		}
		expect(JSON.stringify(json)).not.toContain('Zelda');
		expect(json.detailLevel).toBe('lightweight');
	});

	it('adds the untouched bundle as rawBundle when asked', async () => {
		const { result } = await call(authorised({ rawBody: booked, parameters: { options: { includeRawBundle: true } } }));
		expect(result.workflowData?.[0]?.[0]?.json.rawBundle).toEqual(JSON.parse(booked));
	});

	it('routes each event to its own output when "Separate Output per Event" is on: the webhook hands the item on, the execution\'s first step routes it', async () => {
		const outputs = async (name: string) => {
			const { result } = await call(authorised({ rawBody: fixtureText(name), parameters: { splitByEvent: true } }));
			// n8n 2.41.1 runs the trigger's execute() only when its first input holds items.
			expect(result.workflowData?.map((o) => o.length)).toEqual([1]);
			const step = executeContext({ items: result.workflowData?.[0] ?? [], splitByEvent: true, workflowId: 'w-split' });
			return (await node.execute.call(step.context)).map((o) => o.length);
		};
		expect(await outputs('booked-detailed.json')).toEqual([1, 0, 0]);
		expect(await outputs('cancelled-detailed.json')).toEqual([0, 1, 0]);
		expect(await outputs('updated-lightweight.json')).toEqual([0, 0, 1]);
	});

	it('ignores an event that is not selected: 200 "ignored", no execution', async () => {
		const { written, result } = await call(authorised({ rawBody: booked, parameters: { events: ['cancelled'] } }));
		expect(written.status).toBe(200);
		expect(written.body).toMatchObject({ status: 'ignored', reason: expect.any(String) });
		expect(result.workflowData).toBeUndefined();
	});
});

describe('invalid bodies', () => {
	it.each([
		['invalid/not-json.txt', 400, 'INVALID_JSON'],
		['invalid/not-a-bundle.json', 400, 'NOT_A_BUNDLE'],
		['invalid/not-a-message.json', 400, 'NOT_A_MESSAGE'],
		['invalid/no-message-header.json', 400, 'MISSING_MESSAGE_HEADER'],
		['invalid/no-appointment.json', 400, 'MISSING_APPOINTMENT'],
	])('%s → %i %s, no execution, no patient data in the message', async (name, status, code) => {
		const body = fixtureText(name);
		const { written, result } = await call(authorised({ rawBody: body }));
		expect(written.status).toBe(status);
		expect(written.body).toMatchObject({ error: { code, message: expect.any(String) } });
		expect(result.workflowData).toBeUndefined();
		const message = JSON.stringify(written.body);
		for (const word of body.match(/"[A-Za-z][^"]{4,}"/g) ?? []) {
			if (!/resourceType|Bundle|message|MessageHeader|Appointment|Patient/.test(word)) {
				expect(message).not.toContain(word.slice(1, -1));
			}
		}
	});

	it('answers an unknown Redox event with 200 "ignored" (Redox must not retry it)', async () => {
		const { written, result } = await call(authorised({ rawBody: fixtureText('invalid/unknown-event.json') }));
		expect(written).toEqual({ status: 200, body: { status: 'ignored', reason: expect.any(String) } });
		expect(result.workflowData).toBeUndefined();
	});

	it.each([
		['an empty body', ''],
		['JSON null', 'null'],
		['a number', '42'],
		['an array', '[1,2]'],
		['a prototype-pollution attempt', '{"__proto__":{"polluted":true},"resourceType":"Bundle"}'],
	])('answers 400 to %s', async (_label, body) => {
		const { written, result } = await call(authorised({ rawBody: body }));
		expect(written.status).toBe(400);
		expect(result.workflowData).toBeUndefined();
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

/**
 * What n8n 2.41.1 does after `webhook()` handed over an item in "immediately" mode: it creates
 * the execution, reads the node's answer and sends it with status 200.
 */
function n8nStartsTheExecution<T extends Awaited<ReturnType<typeof call>>>(delivery: T): T {
	if (delivery.result.workflowData) {
		expect(delivery.result.webhookResponse).toEqual({ status: 'received' });
		delivery.finish(200);
	}
	return delivery;
}

async function deliver(request: WebhookCall) {
	return n8nStartsTheExecution(await call(request));
}

describe('repeated deliveries', () => {
	it('starts one execution for the same notification delivered twice; the repeat gets 200 "duplicate"', async () => {
		const first = await deliver(authorised({ rawBody: booked }));
		const second = await deliver(authorised({ rawBody: booked }));
		expect(first.result.workflowData).toBeDefined();
		expect(second.result.workflowData).toBeUndefined();
		expect(second.written).toEqual({ status: 200, body: expect.objectContaining({ status: 'duplicate' }) });
	});

	it('remembers across a restart through the workflow static data', async () => {
		const staticData = {};
		await deliver(authorised({ rawBody: booked, staticData }));
		useFreshTrigger();
		const again = await call(authorised({ rawBody: booked, staticData }));
		expect(again.written.body).toMatchObject({ status: 'duplicate' });
	});

	it('processes the retry when n8n could not start the first execution (its answer was an error)', async () => {
		const first = await call(authorised({ rawBody: booked }));
		first.finish(500); // n8n failed before it created the execution and read the node's answer
		const retry = await deliver(authorised({ rawBody: booked }));
		expect(retry.result.workflowData).toBeDefined();
		expect(retry.written.status).toBeUndefined();
	});

	it('counts a delivery whose execution n8n created even when the sender hung up before the answer', async () => {
		const first = await call(authorised({ rawBody: booked }));
		expect(first.result.webhookResponse).toEqual({ status: 'received' }); // no 'finish': the socket closed
		const retry = await call(authorised({ rawBody: booked }));
		expect(retry.written.body).toMatchObject({ status: 'duplicate' });
	});

	it('keeps triggers apart: the same notification reaches two workflows', async () => {
		await call(authorised({ rawBody: booked, workflowId: 'wf-a' }));
		const other = await call(authorised({ rawBody: booked, workflowId: 'wf-b' }));
		expect(other.result.workflowData).toBeDefined();
	});

	it('never deduplicates test runs', async () => {
		await call(authorised({ rawBody: booked, mode: 'manual' }));
		const again = await call(authorised({ rawBody: booked, mode: 'manual' }));
		expect(again.result.workflowData).toBeDefined();
	});

	it('can be turned off', async () => {
		const options = { parameters: { options: { deduplicate: false } } };
		await call(authorised({ rawBody: booked, ...options }));
		const again = await call(authorised({ rawBody: booked, ...options }));
		expect(again.result.workflowData).toBeDefined();
	});

	describe('a repeat while n8n is still creating the first execution ("immediately")', () => {
		// The wait is bounded by a timer: fake timers keep it from outliving the test.
		beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] }));
		afterEach(() => jest.useRealTimers());

		it('lets a repeat that arrives while n8n creates the first execution wait, then answers "duplicate"', async () => {
			const first = await call(authorised({ rawBody: booked }));
			let repeatDone = false;
			const repeat = call(authorised({ rawBody: booked })).finally(() => (repeatDone = true));
			await new Promise((resolve) => setImmediate(resolve));
			expect(repeatDone).toBe(false);
			n8nStartsTheExecution(first);
			const answered = await repeat;
			expect(answered.result.workflowData).toBeUndefined();
			expect(answered.written.body).toMatchObject({ status: 'duplicate' });
		});

		it('lets a waiting repeat run when the first delivery failed to start', async () => {
			const first = await call(authorised({ rawBody: booked }));
			const repeat = call(authorised({ rawBody: booked }));
			await new Promise((resolve) => setImmediate(resolve));
			first.finish(500);
			expect((await repeat).result.workflowData).toBeDefined();
		});

		it('answers 409 when the first delivery is still not started after the wait', async () => {
			await call(authorised({ rawBody: booked }));
			let repeatDone = false;
			const repeat = call(authorised({ rawBody: booked })).finally(() => (repeatDone = true));
			await new Promise((resolve) => setImmediate(resolve));
			jest.advanceTimersByTime(IMMEDIATE_CLAIM_WAIT_MS - 1);
			await new Promise((resolve) => setImmediate(resolve));
			expect(repeatDone).toBe(false);
			jest.advanceTimersByTime(1);
			const answered = await repeat;
			expect(answered.written.status).toBe(409);
			expect(answered.result.workflowData).toBeUndefined();
		});
	});

	it('after the workflow: a repeat while running gets 409, a retry after failure runs again, a repeat after success is a duplicate', async () => {
		const options = { parameters: { options: { acknowledge: 'afterWorkflow' } } };
		const first = await call(authorised({ rawBody: booked, ...options }));
		expect(first.result.workflowData).toBeDefined();
		const whileRunning = await call(authorised({ rawBody: booked, ...options }));
		expect(whileRunning.written.status).toBe(409);
		first.finish(500);
		const retry = await call(authorised({ rawBody: booked, ...options }));
		expect(retry.result.workflowData).toBeDefined();
		retry.finish(200);
		const repeat = await call(authorised({ rawBody: booked, ...options }));
		expect(repeat.written.body).toMatchObject({ status: 'duplicate' });
	});
});

describe('Simplify off', () => {
	it('gives the lightweight fields plus the resolved FHIR resources as received', async () => {
		const { result } = await call(authorised({ rawBody: booked, parameters: { simplify: false } }));
		const json = result.workflowData?.[0]?.[0]?.json ?? {};
		const bundle = JSON.parse(booked);
		const resourceOf = (type: string) => bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === type).resource;
		expect(json.event).toBe('booked');
		expect(json.patientId).toBe('0000555123');
		expect(json).not.toHaveProperty('patientFullName');
		expect(json.resources).toEqual({
			messageHeader: resourceOf('MessageHeader'),
			appointment: resourceOf('Appointment'),
			patient: resourceOf('Patient'),
			location: resourceOf('Location'),
			provider: resourceOf('Practitioner'),
			procedures: [resourceOf('Procedure')],
			other: [],
		});
	});

	it('passes only the MessageHeader in lightweight mode', async () => {
		const { result } = await call(authorised({ rawBody: booked, parameters: { simplify: false, detail: 'lightweight' } }));
		const json = result.workflowData?.[0]?.[0]?.json ?? {};
		expect(Object.keys(json.resources as object)).toEqual(['messageHeader']);
		expect(JSON.stringify(json)).not.toContain('Zelda');
	});
});

describe('static data survives n8n resetting its change flag', () => {
	it('writes the remembered ids when n8n reads the answer (after it started the execution)', async () => {
		const staticData: IDataObject = {};
		const { result } = await call(authorised({ rawBody: booked, staticData }));
		// Pending until n8n has created the execution: not yet remembered across a restart.
		expect(staticData.recentNotifications).toEqual([]);
		// n8n 2.41.1 wraps static data in new Workflow objects at this point; simulate an earlier
		// write being lost to show the answer's read writes the ids where n8n's save sees them.
		staticData.recentNotifications = undefined;
		expect(result.webhookResponse).toEqual({ status: 'received' });
		expect(staticData.recentNotifications).toEqual([[expect.stringMatching(/^message:/), expect.any(Number)]]);
	});

	it('also writes the settled ids when acknowledging after the workflow', async () => {
		const staticData: IDataObject = {};
		const options = { parameters: { options: { acknowledge: 'afterWorkflow' } } };
		const first = await call(authorised({ rawBody: booked, staticData, ...options }));
		expect(staticData.recentNotifications).toEqual([]);
		first.finish(200);
		await call(authorised({ rawBody: fixtureText('cancelled-detailed.json'), staticData, ...options }));
		expect(staticData.recentNotifications).toEqual([[expect.stringMatching(/^message:/), expect.any(Number)]]);
	});
});
