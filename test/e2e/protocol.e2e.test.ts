/**
 * The contract's "HTTP answers" table, row by row, against the packed package installed in a real
 * n8n 2.41.1 the way users install it: statuses, JSON bodies, how many executions start (exactly
 * one per accepted notification, none otherwise), what the workflow receives, and that the
 * verification token never reaches execution data or n8n's log.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import {
	closeConnections,
	expectedResult,
	invalidFixtures,
	launchN8n,
	nodeOutputItems,
	packPackage,
	readFixture,
	redoxTriggerWorkflow,
	redoxWebhookPath,
	REDOX_CREDENTIAL_TYPE,
	REDOX_NODE_NAME,
	sendGetHandshake,
	sendNotification,
	sendPostHandshake,
	uniqueNotification,
	waitForExecutions,
	waitForWebhook,
	type Execution,
	type HttpResponse,
	type LaunchedN8n,
	type RedoxRequestOptions,
	type RedoxWorkflowOptions,
	type ValidFixture,
	type WorkflowInput,
} from '../../scripts/harness';
import { deleteRedisKeys, queueServicesSync, REDIS } from '../../scripts/harness/queue-mode';

const redisAvailable = queueServicesSync().redis;
const TOKEN = `e2e-verification-${randomBytes(12).toString('hex')}`;
const WRONG_TOKEN = `e2e-wrong-${randomBytes(12).toString('hex')}`;

/** The contract's lightweight and detailed keys (output-contract.md). */
const LIGHTWEIGHT_KEYS = [
	'event', 'eventUri', 'eventCode', 'messageId', 'bundleId', 'timestamp', 'sourceName', 'sourceEndpoint',
	'appointmentReference', 'appointmentId', 'appointmentUrl', 'patientReference', 'patientId',
	'patientIdentifierSystem', 'patientIdentifiers', 'detailLevel',
];
const DETAILED_KEYS = [
	'appointmentStatus', 'appointmentStart', 'appointmentEnd', 'appointmentStartLocal', 'appointmentEndLocal',
	'appointmentStartText', 'appointmentDurationMinutes', 'appointmentType', 'serviceType', 'specialty',
	'appointmentReason', 'appointmentDescription', 'appointmentComment', 'patientInstruction',
	'cancellationReason', 'rescheduled', 'previousStart', 'previousVisitNumber', 'patientFullName',
	'patientFirstName', 'patientLastName', 'patientBirthDate', 'patientGender', 'patientMrn', 'patientPhone',
	'patientEmail', 'patientAddress', 'locationId', 'locationName', 'locationAddress', 'providerId',
	'providerName', 'providerNpi', 'procedureCode', 'procedureName', 'procedures', 'participants',
	'relatedReferences',
];

interface TestWorkflow {
	id: string;
	url: string;
}

describe('Redox Scheduling Trigger on a real n8n: the HTTP answers table', () => {
	let n8n: LaunchedN8n | undefined;
	let tarballDir: string | undefined;
	/** All events, detailed, America/New_York: the fixtures' expected results apply. */
	let main: TestWorkflow;
	/** The same with the node at typeVersion 1 (the contract's version, which must keep working). */
	let mainV1: TestWorkflow;
	/** Listens for "cancelled" only. */
	let cancelledOnly: TestWorkflow;
	/** Its credential holds no token. */
	let noToken: TestWorkflow;
	/** The Redis memory, "after the workflow" with a 1 s Answer Timeout, and a 4 s Wait node after the trigger. */
	let slow: TestWorkflow | undefined;
	/** The Redis duplicate memory (undefined when the machine's Redis does not answer). */
	let withRedis: TestWorkflow | undefined;
	/** Executions expected so far, per workflow id. */
	const expectedCounts = new Map<string, number>();
	let sent = 0;

	const launched = (): LaunchedN8n => {
		if (!n8n) throw new Error('n8n did not start');
		return n8n;
	};

	beforeAll(async () => {
		const began = Date.now();
		const tarball = await packPackage();
		tarballDir = path.dirname(tarball);
		const packedMs = Date.now() - began;
		// A 1 MiB payload limit (default 16 MiB) makes the "too large" row cheap to send.
		n8n = await launchN8n({ name: 'protocol', tarball, logLevel: 'debug', env: { N8N_PAYLOAD_SIZE_MAX: '1' } });
		const { api, instance } = n8n;

		const credential = await api.createCredential({
			name: 'Redox e2e',
			type: REDOX_CREDENTIAL_TYPE,
			data: { verificationToken: TOKEN },
		});
		const emptyCredential = await api.createCredential({
			name: 'Redox e2e without token',
			type: REDOX_CREDENTIAL_TYPE,
			data: { verificationToken: '' },
		});

		const create = async (webhookId: string, workflow: Omit<RedoxWorkflowOptions, 'webhookId'>, change = (w: WorkflowInput) => w) => {
			const { id } = await api.createWorkflow(change(redoxTriggerWorkflow({ ...workflow, webhookId })));
			await api.publishWorkflow(id);
			const url = instance.webhookUrl(redoxWebhookPath(webhookId));
			await waitForWebhook(url, ['POST', 'GET']);
			expectedCounts.set(id, 0);
			return { id, url };
		};
		main = await create('e2e00000-0000-4000-8000-00000000a11e', {
			name: 'All events',
			credential: { id: credential.id, name: credential.name },
			parameters: { options: { timezone: 'America/New_York' } },
		});
		mainV1 = await create('e2e00000-0000-4000-8000-0000000000b1', {
			name: 'All events, node version 1',
			credential: { id: credential.id, name: credential.name },
			parameters: { options: { timezone: 'America/New_York' } },
			typeVersion: 1,
		});
		cancelledOnly = await create('e2e00000-0000-4000-8000-0000000cance', {
			name: 'Cancelled only',
			credential: { id: credential.id, name: credential.name },
			parameters: { events: ['cancelled'] },
		});
		noToken = await create('e2e00000-0000-4000-8000-0000000e3a7y', {
			name: 'No token',
			credential: { id: emptyCredential.id, name: emptyCredential.name },
		});
		if (redisAvailable) {
			const redis = await api.createCredential({
				name: 'Redis e2e',
				type: 'redoxDuplicateStoreRedisApi',
				data: { host: REDIS.host, port: REDIS.port, database: 0, user: '', password: '', ssl: false },
			});
			const withRedisCredential = (workflow: WorkflowInput): WorkflowInput => ({
				...workflow,
				nodes: workflow.nodes.map((node) => ({ ...node, credentials: { ...node.credentials, redoxDuplicateStoreRedisApi: { id: redis.id, name: redis.name } } })),
			});
			withRedis = await create(
				'e2e00000-0000-4000-8000-0000000ed15e',
				{ name: 'Redis memory', credential: { id: credential.id, name: credential.name }, parameters: { options: { duplicateMemory: 'redis' } } },
				withRedisCredential,
			);
			slow = await create(
				'e2e00000-0000-4000-8000-000000000510',
				{
					name: 'Slow, after the workflow, Redis memory',
					credential: { id: credential.id, name: credential.name },
					parameters: { options: { acknowledge: 'afterWorkflow', answerTimeout: 1, duplicateMemory: 'redis' } },
				},
				(workflow) => ({
					...withRedisCredential(workflow),
					nodes: [
						...withRedisCredential(workflow).nodes,
						{ id: 'node-wait', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [240, 0], parameters: { resume: 'timeInterval', amount: 4, unit: 'seconds' } },
					],
					connections: { [REDOX_NODE_NAME]: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } },
				}),
			);
		}
		console.log(
			`pack ${packedMs} ms, n8n ready ${n8n.times.readyMs} ms, launch ${n8n.times.launchMs} ms, ` +
				`set-up total ${Date.now() - began} ms`,
		);
	}, 20 * 60_000);

	afterAll(async () => {
		closeConnections();
		await n8n?.instance.dispose();
		for (const workflow of [withRedis, slow]) if (workflow) await deleteRedisKeys(`redox:dedup:${workflow.id}:`);
		if (tarballDir) fs.rmSync(tarballDir, { recursive: true, force: true });
	});

	/** Waits for `added` more executions of the workflow (and no others); returns the new ones with data. */
	async function expectNewExecutions(workflow: TestWorkflow, added: number): Promise<Execution[]> {
		const count = (expectedCounts.get(workflow.id) ?? 0) + added;
		expectedCounts.set(workflow.id, count);
		// n8n 2.41.1 answers an "onReceived" webhook only after it has stored the new execution, so
		// a short settle is enough to see one that should not exist.
		const all = await waitForExecutions(launched().api, workflow.id, count, { includeData: added > 0, settleMs: 150 });
		return all.slice(count - added);
	}

	/** Checks that no workflow started anything it should not have. */
	async function expectNoNewExecutions(): Promise<void> {
		const optional = [withRedis, slow].filter((workflow): workflow is TestWorkflow => workflow !== undefined);
		await Promise.all([main, mainV1, cancelledOnly, noToken, ...optional].map((workflow) => expectNewExecutions(workflow, 0)));
	}

	function post(workflow: TestWorkflow, body: unknown, options: RedoxRequestOptions = {}): Promise<HttpResponse> {
		return sendNotification(workflow.url, body, { token: TOKEN, ...options });
	}

	/** Sends a fresh copy of a fixture (own message id) and returns what to expect on the item. */
	async function sendFresh(
		workflow: TestWorkflow,
		fixture: ValidFixture,
		options: RedoxRequestOptions = {},
	): Promise<{ response: HttpResponse; expected: Record<string, unknown> }> {
		sent += 1;
		const { bundle, messageId, bundleId } = uniqueNotification(fixture, `e2e${sent}`);
		const response = await post(workflow, bundle, options);
		return { response, expected: { ...expectedResult(fixture, 'detailed'), messageId, bundleId } };
	}

	function expectContractItem(json: Record<string, unknown>, expected: Record<string, unknown>): void {
		for (const key of [...LIGHTWEIGHT_KEYS, ...DETAILED_KEYS]) expect(json).toHaveProperty([key]);
		const { appointmentStartText, ...rest } = expected;
		for (const [key, value] of Object.entries(rest)) expect({ [key]: json[key] }).toEqual({ [key]: value });
		if (typeof appointmentStartText === 'string') expect(typeof json.appointmentStartText).toBe('string');
		else expect(json.appointmentStartText).toBeNull();
	}

	/** One accepted notification: 200 `{"status":"received"}`, one execution, one contract item. */
	async function expectAccepted(
		response: HttpResponse,
		expected: Record<string, unknown>,
		workflow: TestWorkflow = main,
	): Promise<void> {
		expect({ status: response.status, body: response.json }).toEqual({ status: 200, body: { status: 'received' } });
		const [execution] = await expectNewExecutions(workflow, 1);
		expect(execution.status).toBe('success');
		const items = nodeOutputItems(execution, REDOX_NODE_NAME);
		expect(items).toHaveLength(1);
		if (workflow === main || workflow === mainV1) expectContractItem(items[0], expected);
		else expect(items[0]).toMatchObject({ event: expected.event, messageId: expected.messageId });
	}

	function expectError(response: HttpResponse, status: number, code: string): void {
		expect({ status: response.status, code: (response.json as { error?: { code?: unknown } } | undefined)?.error?.code }).toEqual({
			status,
			code,
		});
		const message = (response.json as { error: { message?: unknown } }).error.message;
		expect(typeof message).toBe('string');
	}

	describe('handshakes', () => {
		it('POST handshake with the right token answers the challenge and starts nothing', async () => {
			const asRedox = await sendPostHandshake(main.url, { token: TOKEN, challenge: 'challenge-post-1' }, { token: TOKEN });
			expect({ status: asRedox.status, body: asRedox.json }).toEqual({ status: 200, body: { challenge: 'challenge-post-1' } });
			const bodyOnly = await sendPostHandshake(main.url, { token: TOKEN, challenge: 'challenge-post-2' }, { tokenIn: 'none' });
			expect({ status: bodyOnly.status, body: bodyOnly.json }).toEqual({ status: 200, body: { challenge: 'challenge-post-2' } });
			const fixture = await sendNotification(main.url, readFixture('handshake-post.json'), {
				token: TOKEN,
				tokenIn: 'none',
				contentType: 'application/json',
			});
			// The fixture's token is not ours.
			expectError(fixture, 401, 'UNAUTHORIZED');
			await expectNoNewExecutions();
		});

		it('with the node at version 1: POST and GET handshakes answer the challenge, a wrong token 401', async () => {
			const post1 = await sendPostHandshake(mainV1.url, { token: TOKEN, challenge: 'v1-post' }, { tokenIn: 'none' });
			const get1 = await sendGetHandshake(mainV1.url, { token: TOKEN, challenge: 'v1-get' });
			const wrong = await sendPostHandshake(mainV1.url, { token: WRONG_TOKEN, challenge: 'v1-wrong' }, { token: WRONG_TOKEN });
			expect([post1.json, get1.json, wrong.status]).toEqual([{ challenge: 'v1-post' }, { challenge: 'v1-get' }, 401]);
			await expectNoNewExecutions();
		});

		it('POST handshake with a wrong token answers 401', async () => {
			const wrongBody = await sendPostHandshake(main.url, { token: WRONG_TOKEN, challenge: 'c' }, { tokenIn: 'none' });
			expectError(wrongBody, 401, 'UNAUTHORIZED');
			const wrongBoth = await sendPostHandshake(main.url, { token: WRONG_TOKEN, challenge: 'c' }, { token: WRONG_TOKEN });
			expectError(wrongBoth, 401, 'UNAUTHORIZED');
			await expectNoNewExecutions();
		});

		it('GET handshake with the right token answers the challenge', async () => {
			const response = await sendGetHandshake(main.url, { token: TOKEN, challenge: 'challenge-get-1' });
			expect({ status: response.status, body: response.json }).toEqual({ status: 200, body: { challenge: 'challenge-get-1' } });
			await expectNoNewExecutions();
		});

		it('GET handshake with a wrong or missing token answers 401', async () => {
			expectError(await sendGetHandshake(main.url, { token: WRONG_TOKEN, challenge: 'c' }), 401, 'UNAUTHORIZED');
			expectError(await sendGetHandshake(main.url, { challenge: 'c' }), 401, 'UNAUTHORIZED');
			await expectNoNewExecutions();
		});

		it('GET without a challenge answers 400 MISSING_CHALLENGE', async () => {
			expectError(await sendGetHandshake(main.url, { token: TOKEN }), 400, 'MISSING_CHALLENGE');
			expectError(await sendGetHandshake(main.url, {}, { token: TOKEN, tokenIn: 'header' }), 400, 'MISSING_CHALLENGE');
			await expectNoNewExecutions();
		});
	});

	describe('authentication of notifications', () => {
		it('accepts the token in the verification-token header', async () => {
			const { response, expected } = await sendFresh(main, 'booked-detailed', { tokenIn: 'header' });
			await expectAccepted(response, expected);
		});

		it('accepts the token as Authorization: Bearer', async () => {
			const { response, expected } = await sendFresh(main, 'booked-detailed', { tokenIn: 'bearer' });
			await expectAccepted(response, expected);
		});

		it('refuses a missing token with 401', async () => {
			const { response } = await sendFresh(main, 'booked-detailed', { tokenIn: 'none' });
			expectError(response, 401, 'UNAUTHORIZED');
			await expectNoNewExecutions();
		});

		it('refuses a wrong token (header or Bearer) with 401', async () => {
			expectError((await sendFresh(main, 'booked-detailed', { token: WRONG_TOKEN })).response, 401, 'UNAUTHORIZED');
			expectError(
				(await sendFresh(main, 'booked-detailed', { token: WRONG_TOKEN, tokenIn: 'bearer' })).response,
				401,
				'UNAUTHORIZED',
			);
			await expectNoNewExecutions();
		});

		it('refuses everything with 401 when the node has no token configured', async () => {
			const notification = await sendFresh(noToken, 'booked-detailed', { token: TOKEN });
			const handshake = await sendGetHandshake(noToken.url, { token: TOKEN, challenge: 'c' });
			for (const response of [notification.response, handshake]) {
				expectError(response, 401, 'UNAUTHORIZED');
				expect((response.json as { error: { message: string } }).error.message).toMatch(/no verification token|not configured|no token/i);
			}
			await expectNoNewExecutions();
		});
		it('takes a token changed in n8n at once; the old one works at most 10 s after the credential was last read', async () => {
			const { api, instance } = launched();
			const oldToken = `e2e-old-${randomBytes(12).toString('hex')}`;
			const newToken = `e2e-new-${randomBytes(12).toString('hex')}`;
			const credential = await api.createCredential({
				name: 'Redox e2e rotated',
				type: REDOX_CREDENTIAL_TYPE,
				data: { verificationToken: oldToken },
			});
			const webhookId = 'e2e00000-0000-4000-8000-0000000a0a7e';
			const { id } = await api.createWorkflow(
				redoxTriggerWorkflow({ name: 'Rotated token', webhookId, credential: { id: credential.id, name: credential.name } }),
			);
			await api.publishWorkflow(id);
			const url = instance.webhookUrl(redoxWebhookPath(webhookId));
			await waitForWebhook(url, ['POST', 'GET']);
			const send = async (token: string) => {
				sent += 1;
				return (await sendNotification(url, uniqueNotification('booked-detailed', `rotate${sent}`).bundle, { token })).status;
			};

			const firstRead = Date.now();
			expect(await send(oldToken)).toBe(200);
			await api.updateCredentialData(credential.id, { verificationToken: newToken });
			// Remembered from the read above: still taken, for at most 10 s after that read.
			const staleAnswer = await send(oldToken);
			const staleAfterMs = Date.now() - firstRead;
			expect({ staleAnswer, withinWindow: staleAfterMs < 10_000 }).toEqual({ staleAnswer: 200, withinWindow: true });
			await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstRead + 10_500 - Date.now())));
			expect(await send(oldToken)).toBe(401);
			expect(await send(newToken)).toBe(200);
			// A request with the new token made the trigger read the credential: the old one is refused at once.
			expect(await send(oldToken)).toBe(401);
			const executions = await waitForExecutions(api, id, 3, { settleMs: 150 });
			expect(executions.map((execution) => execution.status)).toEqual(['success', 'success', 'success']);
		}, 60_000);
	});

	describe.each([
		['node version 2', () => main],
		['node version 1', () => mainV1],
	])('content types, %s', (_version, workflow) => {
		it.each([
			['application/fhir+json', 'application/fhir+json'],
			['application/fhir+json; charset=utf-8', 'application/fhir+json; charset=utf-8'],
			['application/json', 'application/json'],
			['application/vnd.foo+json', 'application/vnd.foo+json'],
			['no Content-Type', null],
			['text/plain', 'text/plain'],
		])('reads the body sent as %s', async (_label, contentType) => {
			const { response, expected } = await sendFresh(workflow(), 'cancelled-detailed', { contentType });
			await expectAccepted(response, expected, workflow());
		});
	});

	describe('notifications', () => {
		it.each([
			['booked-detailed'],
			['booked-lightweight'],
			['cancelled-detailed'],
			['updated-rescheduled-detailed'],
			['updated-lightweight'],
		] as Array<[ValidFixture]>)('%s starts one execution with the contract fields', async (fixture) => {
			const { response, expected } = await sendFresh(main, fixture);
			await expectAccepted(response, expected);
		});

		it.each([
			['booked-detailed'],
			['updated-lightweight'],
		] as Array<[ValidFixture]>)('%s does the same with the node at version 1', async (fixture) => {
			const { response, expected } = await sendFresh(mainV1, fixture);
			await expectAccepted(response, expected, mainV1);
		});

		it.each(invalidFixtures().map(({ file, code }) => [file, code]))('%s answers as %s', async (file, code) => {
			const response = await post(main, readFixture(file));
			if (code === 'UNKNOWN_EVENT') {
				expect(response.status).toBe(200);
				expect(response.json).toMatchObject({ status: 'ignored', reason: expect.any(String) });
			} else {
				expectError(response, 400, code);
			}
			await expectNoNewExecutions();
		});

		it('answers 200 ignored to an event the node does not listen for, and runs the one it does', async () => {
			const booked = await sendFresh(cancelledOnly, 'booked-detailed');
			expect(booked.response.status).toBe(200);
			expect(booked.response.json).toMatchObject({ status: 'ignored', reason: expect.any(String) });
			await expectNoNewExecutions();
			const cancelled = await sendFresh(cancelledOnly, 'cancelled-detailed');
			await expectAccepted(cancelled.response, cancelled.expected, cancelledOnly);
		});

		it('starts nothing on a repeated delivery of the same notification', async () => {
			const { bundle } = uniqueNotification('updated-lightweight', 'repeat');
			const first = await post(main, bundle);
			expect(first.status).toBe(200);
			await expectNewExecutions(main, 1);
			const again = await post(main, bundle);
			expect(again.status).toBe(200);
			expect(again.json).toMatchObject({ status: 'duplicate' });
			await expectNoNewExecutions();
		});

		it('lets n8n answer 422 to unparseable JSON sent as application/json (nothing starts)', async () => {
			const response = await post(main, readFixture('invalid/not-json.txt'), { contentType: 'application/json' });
			expect(response.status).toBe(422);
			await expectNoNewExecutions();
		});

		it('answers 500 to a body above the payload limit, whoever reads it: the node (fhir+json) or n8n (json); nothing starts', async () => {
			const tooLarge = Buffer.alloc(1536 * 1024, 0x20);
			const readByNode = await post(main, tooLarge);
			expectError(readByNode, 500, 'PAYLOAD_TOO_LARGE');
			const readByN8n = await post(main, tooLarge, { contentType: 'application/json' });
			expect(readByN8n.status).toBe(500);
			// Version 1: n8n reads every body itself, and answers 500 before the node runs.
			const version1 = await post(mainV1, tooLarge);
			expect(version1.status).toBe(500);
			await expectNoNewExecutions();
		});
	});

	describe('with the Redis duplicate memory (one n8n process)', () => {
		/** False, with the reason printed, when the machine's Redis did not answer (fails under CI=true). */
		const redisRan = (): boolean => {
			if (withRedis && slow) return true;
			console.warn(`[protocol] NOT RUN: Redis on ${REDIS.host}:${REDIS.port} did not answer, so this Redis-memory test did not run.`);
			expect(process.env.CI).not.toBe('true');
			return false;
		};

		it('"after the workflow", slower than its Answer Timeout: 504 ANSWER_TIMEOUT, the workflow goes on; the repeat is 409 while it runs, "duplicate" once it succeeded', async () => {
			if (!redisRan() || !slow) return;
			const { bundle } = uniqueNotification('booked-detailed', 'slow');
			const began = Date.now();
			const first = await post(slow, bundle);
			const answeredMs = Date.now() - began;
			expectError(first, 504, 'ANSWER_TIMEOUT');
			expect(first.headers.connection).toBe('close');
			// The 504 itself shows the deadline answered: n8n would have answered 200 after the 4 s wait.
			console.log(`[protocol] answered at the 1 s deadline after ${answeredMs} ms`);
			expectError(await post(slow, bundle), 409, 'DUPLICATE_IN_PROGRESS');
			const [execution] = await expectNewExecutions(slow, 1);
			expect(execution.status).toBe('success');
			const repeat = await post(slow, bundle);
			expect({ status: repeat.status, body: repeat.json }).toMatchObject({ status: 200, body: { status: 'duplicate' } });
			await expectNoNewExecutions();
			// n8n's own answer came later, found the request answered, and n8n went on serving.
			const health = await fetch(`${launched().instance.baseUrl}/healthz/readiness`);
			expect(health.status).toBe(200);
			console.log(`[protocol] n8n's late answer after the deadline, in its log: ${(launched().instance.readLog().match(/Cannot set headers after they are sent/g) ?? []).length} line(s)`);
		});

		it('200 {"status":"received"} from the execution\'s first step, one execution; the repeat is "duplicate"', async () => {
			if (!redisRan() || !withRedis) return;
			const { bundle, messageId } = uniqueNotification('booked-detailed', 'redis');
			const first = await post(withRedis, bundle);
			expect({ status: first.status, body: first.json, type: first.headers['content-type'] }).toEqual({
				status: 200,
				body: { status: 'received' },
				type: expect.stringMatching(/^application\/json/),
			});
			const [execution] = await expectNewExecutions(withRedis, 1);
			expect(execution.status).toBe('success');
			expect(nodeOutputItems(execution, REDOX_NODE_NAME)[0]).toMatchObject({ messageId });
			const repeat = await post(withRedis, bundle);
			expect({ status: repeat.status, body: repeat.json }).toMatchObject({ status: 200, body: { status: 'duplicate' } });
			await expectNoNewExecutions();
		});
	});

	describe('secrets', () => {
		it('never writes the verification token into execution data', async () => {
			const { api } = launched();
			for (const workflow of [main, cancelledOnly, noToken]) {
				const executions = await api.listExecutions({ workflowId: workflow.id, includeData: true });
				expect(executions).toHaveLength(expectedCounts.get(workflow.id) ?? 0);
				const text = JSON.stringify(executions);
				expect(text).not.toContain(TOKEN);
				expect(text).not.toContain(WRONG_TOKEN);
			}
		});

		it("never writes the verification token into n8n's log (debug level)", () => {
			const log = launched().instance.readLog();
			expect(log).toContain('Received webhook "POST"');
			expect(log).not.toContain(TOKEN);
			expect(log).not.toContain(WRONG_TOKEN);
		});

		it("never writes it in plain text anywhere in n8n's folder (database, event log)", () => {
			const { instance } = launched();
			expect(instance.filesContaining(TOKEN)).toEqual([]);
			expect(instance.filesContaining(WRONG_TOKEN)).toEqual([]);
		});
	});
});
