/**
 * The trigger's `execute()`: n8n's first step of each execution the webhook started (on the worker
 * in queue mode). It hands the items on unchanged and, with the Redis duplicate memory, follows
 * the execution there (the machine's Redis, 127.0.0.1:6379). The real-n8n proof is in
 * queue-mode.e2e.test.ts.
 */
import { randomBytes } from 'node:crypto';

import { mock } from 'jest-mock-extended';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { PROCESS_CLIENT_NAME } from '../../nodes/delivery/dedup/redis/redis-connections';
import { RedisConnection } from '../../nodes/delivery/dedup/redis/redis-connection';
import { RedoxSchedulingTrigger } from '../../nodes/RedoxSchedulingTrigger/RedoxSchedulingTrigger.node';
import { fixtureText } from '../helpers/fixtures';
import { deleteRedisKeys, describeWithRedis, LOCAL_REDIS } from '../helpers/redis';
import { useFreshTrigger, webhookContext } from './webhook-context';

const node = new RedoxSchedulingTrigger();
const TOKEN = 'test-token-123';
const REDIS_CREDENTIAL = { host: LOCAL_REDIS.host, port: LOCAL_REDIS.port, database: 0, user: '', password: '', ssl: false };
const REDIS_OPTIONS = { duplicateMemory: 'redis' };

/** n8n's lifecycle hooks of one execution, as far as the node uses them (addHandler, and runHook for the test). */
class ExecutionHooks {
	readonly handlers: Record<string, Array<(...args: unknown[]) => Promise<void>>> = { workflowExecuteAfter: [] };
	addHandler(name: string, ...handlers: Array<(...args: unknown[]) => Promise<void>>): void {
		(this.handlers[name] ??= []).push(...handlers);
	}
	async runHook(name: string, parameters: unknown[]): Promise<void> {
		for (const handler of this.handlers[name] ?? []) await handler.apply(this, parameters);
	}
}

interface ExecuteCall {
	outputs: Array<INodeExecutionData[] | null>;
	options?: IDataObject;
	mode?: 'webhook' | 'manual';
	workflowId: string;
	/** n8n's `additionalData` of the execution; default: one with hooks. */
	additionalData?: object;
	redisCredential?: IDataObject;
}

function executeContext(call: ExecuteCall): { context: IExecuteFunctions; hooks: ExecutionHooks } {
	const hooks = new ExecutionHooks();
	const context = mock<IExecuteFunctions>();
	context.getExecuteData.mockReturnValue({ node: mock(), data: { main: call.outputs }, source: null });
	context.getMode.mockReturnValue(call.mode ?? 'webhook');
	context.getNodeParameter.mockImplementation(((name: string, _index: number, fallback: unknown) =>
		name === 'options' ? (call.options ?? {}) : fallback) as IExecuteFunctions['getNodeParameter']);
	context.getNode.mockReturnValue({
		id: 'trigger-node',
		name: 'Redox Scheduling Trigger',
		type: 'n8n-nodes-redox.redoxSchedulingTrigger',
		typeVersion: 2,
		position: [0, 0],
		parameters: {},
		credentials: { redoxDuplicateStoreRedisApi: { id: `redis-${call.workflowId}`, name: 'Redis' } },
	});
	context.getWorkflow.mockReturnValue({ id: call.workflowId, name: 'w', active: true });
	context.getCredentials.mockImplementation(async () => call.redisCredential ?? REDIS_CREDENTIAL);
	Object.defineProperty(context, 'additionalData', { value: call.additionalData ?? { hooks } });
	return { context, hooks };
}

const item = (json: IDataObject): INodeExecutionData => ({ json });

describe('execute(): hands the items on', () => {
	it('unchanged, on the outputs the webhook put them on, whatever the memory and mode', async () => {
		const booked = item({ event: 'booked', messageId: 'm-1' });
		for (const options of [{}, { deduplicate: false }, REDIS_OPTIONS]) {
			for (const mode of ['manual', 'webhook'] as const) {
				// "Split by event": three outputs, the item on the second; no Redis behind a manual run.
				const split = executeContext({ outputs: [[], [booked], null], options: mode === 'manual' ? options : {}, mode, workflowId: 'w-plain' });
				const result = await node.execute.call(split.context);
				expect(result).toEqual([[], [booked], []]);
				expect(result[1][0]).toBe(booked);
			}
		}
	});

	it('follows nothing without the Redis memory, in test runs, or for an item without ids', async () => {
		for (const call of [
			{ outputs: [[item({ messageId: 'm-2' })]], options: {}, workflowId: 'w-none' },
			{ outputs: [[item({ messageId: 'm-2' })]], options: { ...REDIS_OPTIONS, deduplicate: false }, workflowId: 'w-none' },
			{ outputs: [[item({ messageId: 'm-2' })]], options: REDIS_OPTIONS, mode: 'manual' as const, workflowId: 'w-none' },
			{ outputs: [[item({ messageId: null, bundleId: null })]], options: REDIS_OPTIONS, workflowId: 'w-none' },
		]) {
			const { context, hooks } = executeContext(call);
			await node.execute.call(context);
			expect(hooks.handlers.workflowExecuteAfter).toHaveLength(0);
			expect(context.getCredentials).not.toHaveBeenCalled();
		}
	});

	it('goes on when Redis does not answer: the items are handed on, nothing thrown', async () => {
		const { context, hooks } = executeContext({
			outputs: [[item({ messageId: 'm-3' })]],
			options: REDIS_OPTIONS,
			workflowId: `w-down-${randomBytes(3).toString('hex')}`,
			redisCredential: { ...REDIS_CREDENTIAL, port: 1 },
		});
		expect(await node.execute.call(context)).toEqual([[item({ messageId: 'm-3' })]]);
		expect(hooks.handlers.workflowExecuteAfter).toHaveLength(0);
	});
});

const FOLLOW_TESTS = [
	'marks the notification running in this process, and settles it when the execution ends',
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
			const { context, hooks } = executeContext({ outputs: [[item({ messageId: `m-${index}` })]], options: REDIS_OPTIONS, workflowId });
			await node.execute.call(context);
			expect(await redis.command(['GET', keyOf(workflowId, `m-${index}`)], 1_000)).toBe(`running:${PROCESS_CLIENT_NAME}`);
			expect(hooks.handlers.workflowExecuteAfter).toHaveLength(1);
			await hooks.runHook('workflowExecuteAfter', [outcome.run, undefined]);
			expect(await redis.command(['GET', keyOf(workflowId, `m-${index}`)], 1_000)).toBe(outcome.value);
		}
	});

	it(FOLLOW_TESTS[1], async () => {
		const workflowId = fresh();
		await redis.command(['SET', keyOf(workflowId, 'm-9'), 'done', 'PX', '60000'], 1_000);
		const { context } = executeContext({ outputs: [[item({ messageId: 'm-9' })]], options: REDIS_OPTIONS, workflowId, additionalData: {} });
		expect(await node.execute.call(context)).toEqual([[item({ messageId: 'm-9' })]]);
		expect(await redis.command(['GET', keyOf(workflowId, 'm-9')], 1_000)).toBe('done');
	});

	it(FOLLOW_TESTS[2], async () => {
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
			if (result.workflowData) {
				expect(result.webhookResponse).toEqual({ status: 'received' });
				harness.finish(200);
			}
			await new Promise((resolve) => setTimeout(resolve, 30));
			return { result, written: harness.written };
		};
		const executeAndEnd = async (workflowData: INodeExecutionData[][], run: object) => {
			const { context, hooks } = executeContext({ outputs: workflowData, options: REDIS_OPTIONS, workflowId });
			await node.execute.call(context);
			await hooks.runHook('workflowExecuteAfter', [run]);
		};

		const first = await deliver();
		expect(first.result.workflowData).toBeDefined();
		await executeAndEnd(first.result.workflowData ?? [], { finished: false });
		const second = await deliver();
		expect(second.result.workflowData).toBeDefined();
		await executeAndEnd(second.result.workflowData ?? [], { finished: true });
		const third = await deliver();
		expect(third.result.workflowData).toBeUndefined();
		expect(third.written).toEqual({ status: 200, body: expect.objectContaining({ status: 'duplicate' }) });
	});
});
