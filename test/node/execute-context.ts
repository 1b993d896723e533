/**
 * An IExecuteFunctions as n8n 2.41.1 passes it to the trigger's `execute()` (the first step of an
 * execution the webhook started), with the execution's lifecycle hooks on `additionalData`.
 */
import { mock, type MockProxy } from 'jest-mock-extended';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { LOCAL_REDIS } from '../helpers/redis';

export const REDIS_CREDENTIAL = { host: LOCAL_REDIS.host, port: LOCAL_REDIS.port, database: 0, user: '', password: '', ssl: false };

/** n8n's lifecycle hooks of one execution, as far as the node uses them (addHandler, and runHook for the test). */
export class ExecutionHooks {
	readonly handlers: Record<string, Array<(...args: unknown[]) => Promise<void>>> = { workflowExecuteAfter: [] };
	addHandler(name: string, ...handlers: Array<(...args: unknown[]) => Promise<void>>): void {
		(this.handlers[name] ??= []).push(...handlers);
	}
	async runHook(name: string, parameters: unknown[]): Promise<void> {
		for (const handler of this.handlers[name] ?? []) await handler.apply(this, parameters);
	}
}

export interface ExecuteCall {
	/** The items the webhook handed on (n8n gives them to the step as its first input). */
	items: INodeExecutionData[];
	options?: IDataObject;
	splitByEvent?: boolean;
	mode?: 'webhook' | 'manual';
	workflowId: string;
	/** n8n's `additionalData` of the execution; default: one with hooks. */
	additionalData?: object;
	redisCredential?: IDataObject;
}

export function executeContext(call: ExecuteCall): { context: MockProxy<IExecuteFunctions>; hooks: ExecutionHooks } {
	const hooks = new ExecutionHooks();
	const context = mock<IExecuteFunctions>();
	context.getInputData.mockImplementation((inputIndex = 0) => (inputIndex === 0 ? call.items : []));
	context.getMode.mockReturnValue(call.mode ?? 'webhook');
	const parameters: Record<string, unknown> = { options: call.options ?? {}, splitByEvent: call.splitByEvent ?? false };
	context.getNodeParameter.mockImplementation(((name: string, _index: number, fallback: unknown) =>
		name in parameters ? parameters[name] : fallback) as IExecuteFunctions['getNodeParameter']);
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

