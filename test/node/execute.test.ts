/**
 * The trigger's `execute()`: n8n's first step of each execution the webhook started (on the worker
 * in queue mode). It hands the items on unchanged and, with the Redis duplicate memory, follows
 * the execution there (the machine's Redis, 127.0.0.1:6379). The real-n8n proof is in
 * queue-mode.e2e.test.ts.
 */
import { randomBytes } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { PROCESS_CLIENT_NAME } from '../../nodes/delivery/dedup/redis/redis-connections';
import { RedisConnection } from '../../nodes/delivery/dedup/redis/redis-connection';
import { RedoxSchedulingTrigger } from '../../nodes/RedoxSchedulingTrigger/RedoxSchedulingTrigger.node';
import { fixtureText } from '../helpers/fixtures';
import { deleteRedisKeys, describeWithRedis, LOCAL_REDIS } from '../helpers/redis';
import { executeContext, REDIS_CREDENTIAL } from './execute-context';
import { useFreshTrigger, webhookContext } from './webhook-context';

const node = new RedoxSchedulingTrigger();
const TOKEN = 'test-token-123';
const REDIS_OPTIONS = { duplicateMemory: 'redis' };

const item = (json: IDataObject): INodeExecutionData => ({ json });

describe('execute(): puts the items on the node\'s outputs', () => {
	it('all on the one output, or each on its event\'s with "Separate Output per Event", whatever the memory and mode', async () => {
		const booked = item({ event: 'booked', messageId: 'm-1' });
		const cancelled = item({ event: 'cancelled', messageId: 'm-1b' });
		const updated = item({ event: 'updated', messageId: 'm-1c' });
		for (const options of [{}, { deduplicate: false }, REDIS_OPTIONS]) {
			for (const mode of ['manual', 'webhook'] as const) {
				// No Redis behind a manual run (test runs are not followed).
				const withOptions = mode === 'manual' ? options : {};
				const single = executeContext({ items: [cancelled], options: withOptions, mode, workflowId: 'w-plain' });
				const result = await node.execute.call(single.context);
				expect(result).toEqual([[cancelled]]);
				expect(result[0][0]).toBe(cancelled);
				for (const [one, outputs] of [
					[booked, [[booked], [], []]],
					[cancelled, [[], [cancelled], []]],
					[updated, [[], [], [updated]]],
				] as const) {
					const split = executeContext({ items: [one], splitByEvent: true, options: withOptions, mode, workflowId: 'w-plain' });
					expect(await node.execute.call(split.context)).toEqual(outputs);
				}
			}
		}
	});

	it('follows nothing without the Redis memory, in test runs, or for an item without ids', async () => {
		for (const call of [
			{ items: [item({ messageId: 'm-2' })], options: {}, workflowId: 'w-none' },
			{ items: [item({ messageId: 'm-2' })], options: { ...REDIS_OPTIONS, deduplicate: false }, workflowId: 'w-none' },
			{ items: [item({ messageId: 'm-2' })], options: REDIS_OPTIONS, mode: 'manual' as const, workflowId: 'w-none' },
			{ items: [item({ messageId: null, bundleId: null })], options: REDIS_OPTIONS, workflowId: 'w-none' },
		]) {
			const { context, hooks } = executeContext(call);
			await node.execute.call(context);
			expect(hooks.handlers.workflowExecuteAfter).toHaveLength(0);
			expect(context.getCredentials).not.toHaveBeenCalled();
		}
	});

	it('answers Redox "received" from this step only with "immediately" and the Redis memory, test runs included', async () => {
		const answered = [
			{ options: REDIS_OPTIONS, mode: 'manual' as const },
			{ options: { ...REDIS_OPTIONS, acknowledge: 'immediately' }, mode: 'manual' as const },
		];
		const notAnswered = [
			{ options: {}, mode: 'webhook' as const },
			{ options: { acknowledge: 'afterWorkflow' }, mode: 'webhook' as const },
			{ options: { ...REDIS_OPTIONS, deduplicate: false }, mode: 'webhook' as const },
			{ options: { ...REDIS_OPTIONS, acknowledge: 'afterWorkflow' }, mode: 'manual' as const },
		];
		for (const [cases, times] of [[answered, 1], [notAnswered, 0]] as const) {
			for (const { options, mode } of cases) {
				const { context } = executeContext({ items: [item({ messageId: 'm-a' })], options, mode, workflowId: 'w-answer' });
				await node.execute.call(context);
				expect(context.sendResponse).toHaveBeenCalledTimes(times);
				if (times === 1) expect(context.sendResponse).toHaveBeenCalledWith({ body: { status: 'received' }, statusCode: 200, headers: {} });
			}
		}
	});

	it('hands the items on when the answer cannot be sent (n8n then answers at the execution\'s end)', async () => {
		const { context } = executeContext({ items: [item({ messageId: 'm-b' })], options: REDIS_OPTIONS, mode: 'manual', workflowId: 'w-answer' });
		context.sendResponse.mockRejectedValue(new Error('Redis connection lost'));
		expect(await node.execute.call(context)).toEqual([[item({ messageId: 'm-b' })]]);
	});

	it('goes on when Redis does not answer: the items are handed on, the answer sent, nothing thrown', async () => {
		const { context, hooks } = executeContext({
			items: [item({ messageId: 'm-3' })],
			options: REDIS_OPTIONS,
			workflowId: `w-down-${randomBytes(3).toString('hex')}`,
			redisCredential: { ...REDIS_CREDENTIAL, port: 1 },
		});
		expect(await node.execute.call(context)).toEqual([[item({ messageId: 'm-3' })]]);
		expect(hooks.handlers.workflowExecuteAfter).toHaveLength(0);
		expect(context.sendResponse).toHaveBeenCalledTimes(1);
	});
});

const FOLLOW_TESTS = [
	'marks the notification running in this process, and settles it when the execution ends',
	'answers Redox only once the notification is marked running',
	'with no lifecycle hooks on the context (another n8n), leaves the webhook\'s claim as it was',
	'through webhook() and execute(): a repeat after a failed execution runs again, after a successful one is a duplicate',
];

describeWithRedis('execute(): follows the execution with the Redis memory', FOLLOW_TESTS, () => {
	const run = randomBytes(4).toString('hex');
	let workflows = 0;
	const fresh = () => `wf-exec-${run}-${(workflows += 1)}`;
	let redis: RedisConnection;
	const keyOf = (workflowId: string, id: string) => `redox:dedup:${workflowId}:trigger-node:message:${id}`;

	beforeAll(async () => {
		redis = await RedisConnection.open(LOCAL_REDIS, 2_000);
	});

	afterAll(async () => {
		redis.close();
		await deleteRedisKeys(`redox:dedup:wf-exec-${run}-`);
	});

	it(FOLLOW_TESTS[0], async () => {
		const outcomes = [
			{ run: { finished: true }, value: 'done' },
			{ run: { finished: false, waitTill: new Date() }, value: 'done' },
			{ run: { finished: false, data: { resultData: { error: { message: 'failed' } } } }, value: null },
			{ run: { finished: false, status: 'canceled' }, value: null },
		];
		for (const [index, outcome] of outcomes.entries()) {
			const workflowId = fresh();
			const { context, hooks } = executeContext({ items: [item({ messageId: `m-${index}` })], options: REDIS_OPTIONS, workflowId });
			await node.execute.call(context);
			expect(await redis.command(['GET', keyOf(workflowId, `m-${index}`)], 1_000)).toBe(`running:${PROCESS_CLIENT_NAME}`);
			expect(hooks.handlers.workflowExecuteAfter).toHaveLength(1);
			await hooks.runHook('workflowExecuteAfter', [outcome.run, undefined]);
			expect(await redis.command(['GET', keyOf(workflowId, `m-${index}`)], 1_000)).toBe(outcome.value);
		}
	});

	it(FOLLOW_TESTS[1], async () => {
		const workflowId = fresh();
		await redis.command(['SET', keyOf(workflowId, 'm-8'), 'pending:n8n-redox-webhook:0b6f4c2e-8f40-4d38-9d7a-1f0e7a0b9c11', 'PX', '60000'], 1_000);
		const { context } = executeContext({ items: [item({ messageId: 'm-8' })], options: REDIS_OPTIONS, workflowId });
		const whenAnswered: unknown[] = [];
		context.sendResponse.mockImplementation(async () => {
			whenAnswered.push(await redis.command(['GET', keyOf(workflowId, 'm-8')], 1_000));
		});
		await node.execute.call(context);
		expect(whenAnswered).toEqual([`running:${PROCESS_CLIENT_NAME}`]);
	});

	it(FOLLOW_TESTS[2], async () => {
		const workflowId = fresh();
		await redis.command(['SET', keyOf(workflowId, 'm-9'), 'done', 'PX', '60000'], 1_000);
		const { context } = executeContext({ items: [item({ messageId: 'm-9' })], options: REDIS_OPTIONS, workflowId, additionalData: {} });
		expect(await node.execute.call(context)).toEqual([[item({ messageId: 'm-9' })]]);
		expect(await redis.command(['GET', keyOf(workflowId, 'm-9')], 1_000)).toBe('done');
	});

	it(FOLLOW_TESTS[3], async () => {
		useFreshTrigger();
		const workflowId = fresh();
		const body = fixtureText('booked-detailed.json');
		const deliver = async () => {
			const harness = webhookContext({
				rawBody: body,
				headers: { 'verification-token': TOKEN },
				token: TOKEN,
				workflowId,
				nodeId: 'trigger-node',
				parameters: { options: REDIS_OPTIONS },
				redisCredential: REDIS_CREDENTIAL,
				redisCredentialId: `redis-${workflowId}`,
			});
			const result = await node.webhook.call(harness.context);
			return { result, written: harness.written, answered: () => harness.finish(200) };
		};
		/** n8n runs the execution: its first step (which answers Redox: the answer goes out), then its end. */
		const executeAndEnd = async (delivery: Awaited<ReturnType<typeof deliver>>, run: object) => {
			const workflowData = delivery.result.workflowData ?? [];
			// The webhook hands every item on on its first output; n8n gives them to execute() as its first input.
			expect(workflowData).toHaveLength(1);
			const { context, hooks } = executeContext({ items: workflowData[0], options: REDIS_OPTIONS, workflowId });
			await node.execute.call(context);
			expect(context.sendResponse).toHaveBeenCalledTimes(1);
			delivery.answered();
			await new Promise((resolve) => setTimeout(resolve, 30));
			await hooks.runHook('workflowExecuteAfter', [run]);
		};

		const first = await deliver();
		expect(first.result.workflowData).toBeDefined();
		await executeAndEnd(first, { finished: false });
		const second = await deliver();
		expect(second.result.workflowData).toBeDefined();
		await executeAndEnd(second, { finished: true });
		const third = await deliver();
		expect(third.result.workflowData).toBeUndefined();
		expect(third.written).toEqual({ status: 200, body: expect.objectContaining({ status: 'duplicate' }) });
	});
});
