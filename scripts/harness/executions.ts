import type { Execution, PublicApi } from './api';
import { sleep, waitFor } from './wait';

/** The `json` of every item a node emitted on its first output in its first run. */
export function nodeOutputItems(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	if (!runs?.length) return [];
	const firstOutput = runs[0].data?.main?.[0] ?? [];
	return firstOutput.map((item) => item.json);
}

const UNFINISHED = new Set(['new', 'running', 'waiting']);

/**
 * Waits until the workflow has `count` executions that have all finished, then keeps watching for
 * `settleMs` to make sure no further one appears. Returns them (with data when `includeData`).
 * Use it with the count expected so far: it fails when there are more.
 */
export async function waitForExecutions(
	api: PublicApi,
	workflowId: string,
	count: number,
	{ timeoutMs = 30_000, settleMs = 500, includeData = false } = {},
): Promise<Execution[]> {
	const executions = await waitFor(
		async () => {
			const all = await api.listAllExecutions(workflowId);
			if (all.length > count) {
				throw new Error(`expected ${count} executions of workflow ${workflowId}, found ${all.length}`);
			}
			return all.length === count && all.every((e) => !UNFINISHED.has(e.status)) ? all : undefined;
		},
		{ timeoutMs, description: `${count} finished executions of workflow ${workflowId}` },
	).catch(async (error: unknown) => {
		const all = await api.listAllExecutions(workflowId);
		if (all.length > count) {
			throw new Error(`expected ${count} executions of workflow ${workflowId}, found ${all.length}`);
		}
		throw error;
	});
	if (settleMs > 0) {
		await sleep(settleMs);
		const after = await api.listAllExecutions(workflowId);
		if (after.length !== count) {
			throw new Error(`expected ${count} executions of workflow ${workflowId}, found ${after.length} after settling`);
		}
	}
	if (!includeData) return executions;
	return await Promise.all(executions.map((e) => api.getExecution(e.id, true)));
}
