/**
 * The duplicate check through the whole `webhook()`, with each store the "Duplicate Memory"
 * option offers: this n8n process's memory, and Redis (the machine's, 127.0.0.1:6379) shared by
 * every process. The same scenarios hold for both; Redis-only ones follow.
 */
import { randomBytes } from 'node:crypto';

import { RedoxSchedulingTrigger } from '../../nodes/RedoxSchedulingTrigger/RedoxSchedulingTrigger.node';
import { deleteRedisKeys, describeWithRedis, LOCAL_REDIS } from '../helpers/redis';
import { fixtureText } from '../helpers/fixtures';
import { RedisConnection } from '../../nodes/delivery/dedup/redis/redis-connection';
import { executeContext } from './execute-context';
import { useFreshTrigger, webhookContext, type WebhookCall } from './webhook-context';

const TOKEN = 'test-token-123';
const node = new RedoxSchedulingTrigger();
const booked = fixtureText('booked-detailed.json');
const REDIS_CREDENTIAL = { host: LOCAL_REDIS.host, port: LOCAL_REDIS.port, database: 0, user: '', password: '', ssl: false };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The MessageHeader id of a notification's text. */
function messageIdOf(text: string): string {
	const bundle = JSON.parse(text) as { entry: Array<{ resource: { resourceType: string; id: string } }> };
	const header = bundle.entry.find((entry) => entry.resource.resourceType === 'MessageHeader');
	if (!header) throw new Error('no MessageHeader');
	return header.resource.id;
}

async function redisCommand(args: string[]) {
	const redis = await RedisConnection.open(LOCAL_REDIS, 2_000);
	try {
		return await redis.command(args, 2_000);
	} finally {
		redis.close();
	}
}

/** The Redis store settles after the answer, asynchronously: a moment for its command to land. */
const settling = () => sleep(30);

async function call(request: WebhookCall) {
	const harness = webhookContext(request);
	const result = await node.webhook.call(harness.context);
	return { ...harness, result };
}

/** n8n creates the execution (reads the answer) and answers 200. */
async function deliver(request: WebhookCall) {
	const delivery = await call(request);
	if (delivery.result.workflowData) {
		expect(delivery.result.webhookResponse).toEqual({ status: 'received' });
		delivery.finish(200);
	}
	await settling();
	return delivery;
}

const TESTS = ['process', 'redis'].flatMap((memory) => [
	`${memory}: one execution for a notification delivered twice; the repeat gets 200 "duplicate"`,
	`${memory}: the retry runs when n8n could not start the first execution`,
	`${memory}: after the workflow, 409 while running, runs again after a failure, duplicate after success`,
]);

describeWithRedis('the duplicate check with each store', [...TESTS, 'redis: answers 503 and starts nothing when Redis does not answer', 'redis: keeps triggers apart', 'redis: reads its credential once per 10 s, not per notification'], () => {
	// Every run of this file gets workflow ids of its own, so that its Redis keys are its own.
	const run = randomBytes(4).toString('hex');
	let workflows = 0;
	const fresh = () => `wf-${run}-${(workflows += 1)}`;

	afterAll(async () => {
		expect(await deleteRedisKeys(`redox:dedup:wf-${run}-`)).toBeGreaterThan(0);
	});

	describe.each(['process', 'redis'] as const)('%s', (memory) => {
		let workflowId: string;
		beforeEach(() => {
			useFreshTrigger();
			workflowId = fresh();
		});
		const request = (extra: Partial<WebhookCall> = {}): WebhookCall => ({
			headers: { 'verification-token': TOKEN, 'content-type': 'application/fhir+json' },
			rawBody: booked,
			workflowId,
			redisCredential: REDIS_CREDENTIAL,
			...extra,
			parameters: { options: { duplicateMemory: memory, ...(extra.parameters?.options as object) } },
		});

		it(`one execution for a notification delivered twice; the repeat gets 200 "duplicate"`, async () => {
			const first = await deliver(request());
			const second = await deliver(request());
			expect(first.result.workflowData).toBeDefined();
			expect(second.result.workflowData).toBeUndefined();
			expect(second.written).toEqual({ status: 200, body: expect.objectContaining({ status: 'duplicate' }) });
		});

		it(`the retry runs when n8n could not start the first execution`, async () => {
			const first = await call(request());
			first.finish(500);
			await settling();
			if (memory === 'redis') {
				// n8n may have queued the execution before its error: the claim is kept 30 s for a
				// worker to mark it running (answered 409 meanwhile), then the retry runs.
				const key = `redox:dedup:${workflowId}:node-1:message:${messageIdOf(booked)}`;
				const remaining = await redisCommand(['PTTL', key]);
				expect(remaining).toBeGreaterThan(29_000);
				expect(remaining).toBeLessThanOrEqual(30_000);
				expect((await call(request({ parameters: { options: { acknowledge: 'afterWorkflow' } } }))).written.status).toBe(409);
				await redisCommand(['PEXPIRE', key, '1']);
				await sleep(5);
			}
			const retry = await deliver(request());
			expect(retry.result.workflowData).toBeDefined();
		});

		it(`after the workflow, 409 while running, runs again after a failure, duplicate after success`, async () => {
			const after = { parameters: { options: { acknowledge: 'afterWorkflow' } } };
			/** n8n runs the execution: its first step (which with Redis marks it running), then its end. */
			const run = async (delivery: Awaited<ReturnType<typeof call>>, finished: boolean) => {
				if (memory !== 'redis') return;
				const { context, hooks } = executeContext({ items: delivery.result.workflowData?.[0] ?? [], options: { duplicateMemory: 'redis', acknowledge: 'afterWorkflow' }, workflowId });
				Object.assign(context.getNode(), { id: 'node-1' });
				await node.execute.call(context);
				await hooks.runHook('workflowExecuteAfter', [{ finished }]);
			};
			const first = await call(request(after));
			expect(first.result.workflowData).toBeDefined();
			expect((await call(request(after))).written.status).toBe(409);
			await run(first, false);
			first.finish(500);
			await settling();
			const retry = await call(request(after));
			expect(retry.result.workflowData).toBeDefined();
			await run(retry, true);
			retry.finish(200);
			await settling();
			expect((await call(request(after))).written.body).toMatchObject({ status: 'duplicate' });
		});
	});

	it('redis: answers 503 and starts nothing when Redis does not answer', async () => {
		const nowhere = { ...REDIS_CREDENTIAL, port: 1 };
		const { written, result } = await call({
			headers: { 'verification-token': TOKEN },
			rawBody: booked,
			workflowId: fresh(),
			redisCredential: nowhere,
			parameters: { options: { duplicateMemory: 'redis' } },
		});
		expect(written).toEqual({ status: 503, body: { error: expect.objectContaining({ code: 'DUPLICATE_STORE_UNAVAILABLE' }) } });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('redis: reads its credential once per 10 s, not per notification', async () => {
		const redisCredentialId = `redis-${run}`;
		const options = { parameters: { options: { duplicateMemory: 'redis' } }, redisCredential: REDIS_CREDENTIAL, redisCredentialId };
		const redisReads = (delivery: Awaited<ReturnType<typeof call>>) =>
			delivery.context.getCredentials.mock.calls.filter(([type]) => type === 'redoxDuplicateStoreRedisApi').length;
		const first = await deliver({ headers: { 'verification-token': TOKEN }, rawBody: booked, workflowId: fresh(), ...options });
		const second = await deliver({ headers: { 'verification-token': TOKEN }, rawBody: booked, workflowId: fresh(), ...options });
		expect([redisReads(first), redisReads(second)]).toEqual([1, 0]);
		expect(second.result.workflowData).toBeDefined();
	});

	it('redis: keeps triggers apart', async () => {
		const options = { parameters: { options: { duplicateMemory: 'redis' } }, redisCredential: REDIS_CREDENTIAL };
		await deliver({ headers: { 'verification-token': TOKEN }, rawBody: booked, workflowId: fresh(), ...options });
		const other = await call({ headers: { 'verification-token': TOKEN }, rawBody: booked, workflowId: fresh(), ...options });
		expect(other.result.workflowData).toBeDefined();
	});
});
