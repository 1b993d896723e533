/**
 * The bound on Redox's wait when the answer waits for the execution ("after the workflow", or the
 * first step with the Redis memory): at the deadline the node answers 504 itself and keeps the
 * claim, since the execution may still run. The real-n8n proof is in queue-mode.e2e.test.ts.
 */
import { randomBytes } from 'node:crypto';

import { readDeliveryOptions } from '../../nodes/delivery/options';
import { RedisConnection } from '../../nodes/delivery/dedup/redis/redis-connection';
import { RedoxSchedulingTrigger } from '../../nodes/RedoxSchedulingTrigger/RedoxSchedulingTrigger.node';
import { fixtureText } from '../helpers/fixtures';
import { deleteRedisKeys, describeWithRedis, LOCAL_REDIS } from '../helpers/redis';
import { REDIS_CREDENTIAL } from './execute-context';
import { useFreshTrigger, webhookContext, type WebhookCall } from './webhook-context';

const TOKEN = 'test-token-123';
const node = new RedoxSchedulingTrigger();
const booked = fixtureText('booked-detailed.json');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** 0.1 s: the option takes seconds; the UI asks for at least 1, the node reads any positive number. */
const TIMEOUT = { answerTimeout: 0.1 };

async function call(request: WebhookCall) {
	const harness = webhookContext(request);
	const result = await node.webhook.call(harness.context);
	return { ...harness, result };
}

const request = (options: object, workflowId?: string): WebhookCall => ({
	headers: { 'verification-token': TOKEN },
	rawBody: booked,
	workflowId,
	nodeId: 'trigger-node',
	redisCredential: REDIS_CREDENTIAL,
	parameters: { options: { ...TIMEOUT, ...options } },
});

describe('the answer deadline', () => {
	beforeEach(() => useFreshTrigger());

	it('reads the Answer Timeout option in seconds: 120 by default, at most an hour', () => {
		const timeoutOf = (answerTimeout: unknown) => readDeliveryOptions({ answerTimeout }).answerTimeoutMs;
		expect(readDeliveryOptions({}).answerTimeoutMs).toBe(120_000);
		expect([timeoutOf(30), timeoutOf(0.5), timeoutOf(1e9)]).toEqual([30_000, 500, 3_600_000]);
		expect([timeoutOf(0), timeoutOf(-5), timeoutOf('30'), timeoutOf(Number.NaN)]).toEqual([120_000, 120_000, 120_000, 120_000]);
	});

	it('sets none with the process memory, "after the workflow" or not (it cannot follow the execution; n8n answers once it ended)', async () => {
		const after = await call(request({ acknowledge: 'afterWorkflow' }));
		const immediately = await call(request({}, 'wf-immediately'));
		expect(after.result.workflowData).toBeDefined();
		expect(immediately.result.workflowData).toBeDefined();
		await sleep(200);
		expect(after.written).toEqual({});
		expect(immediately.written).toEqual({});
	});
});

const REDIS_TESTS = [
	'after the workflow: 504 ANSWER_TIMEOUT with Connection: close once the time is up; the claim is kept, so the repeat is not run',
	'"immediately": 504 when no worker has started the execution in time; the claim stays pending',
	'says nothing when n8n answered first, or the sender hung up',
];

describeWithRedis('the answer deadline with the Redis memory', REDIS_TESTS, () => {
	const run = randomBytes(4).toString('hex');
	let workflows = 0;
	const fresh = () => `wf-deadline-${run}-${(workflows += 1)}`;
	const redisRequest = (options: object, workflowId: string): WebhookCall => ({
		...request({ duplicateMemory: 'redis', ...options }, workflowId),
		redisCredentialId: `redis-${workflowId}`,
	});
	afterAll(async () => {
		await deleteRedisKeys(`redox:dedup:wf-deadline-${run}-`);
	});

	it(REDIS_TESTS[0], async () => {
		const workflowId = fresh();
		const first = await call(redisRequest({ acknowledge: 'afterWorkflow' }, workflowId));
		expect(first.result.workflowData).toBeDefined();
		expect(first.written).toEqual({});
		await sleep(200);
		expect(first.written).toEqual({ status: 504, body: { error: { code: 'ANSWER_TIMEOUT', message: expect.stringContaining('within 0.1 seconds') } } });
		expect(first.response.headers.connection).toBe('close');
		first.sent();
		await sleep(30);
		// The execution may still be running: the claim stays, so the repeat is not run beside it.
		const repeat = await call(redisRequest({ acknowledge: 'afterWorkflow' }, workflowId));
		expect(repeat.result.workflowData).toBeUndefined();
		expect(repeat.written.status).toBe(409);
	});

	it(REDIS_TESTS[1], async () => {
		const workflowId = fresh();
		const delivery = await call(redisRequest({}, workflowId));
		expect(delivery.result.workflowData).toBeDefined();
		await sleep(200);
		expect(delivery.written.status).toBe(504);
		delivery.sent();
		await sleep(30);
		const redis = await RedisConnection.open(LOCAL_REDIS, 2_000);
		try {
			const keys = await redis.command(['KEYS', `redox:dedup:${workflowId}:*`], 2_000);
			expect(Array.isArray(keys) ? keys.length : keys).toBe(1);
			const key = Array.isArray(keys) && typeof keys[0] === 'string' ? keys[0] : '';
			expect(await redis.command(['GET', key], 2_000)).toMatch(/^pending:/);
		} finally {
			redis.close();
		}
	});

	it(REDIS_TESTS[2], async () => {
		const answered = await call(redisRequest({ acknowledge: 'afterWorkflow' }, fresh()));
		answered.finish(200);
		const hungUp = await call(redisRequest({ acknowledge: 'afterWorkflow' }, fresh()));
		hungUp.hangUp();
		await sleep(200);
		expect(answered.written).toEqual({});
		expect(hungUp.written).toEqual({});
	});
});
