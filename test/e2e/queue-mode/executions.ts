/**
 * Reading a queue-mode run back: every execution of a workflow with the message id its trigger
 * emitted, once no new one appears and none is still unfinished; and the per-id verdict of a
 * scenario (lost, doubled, failed).
 */
import { nodeOutputItems, REDOX_NODE_NAME, sleep, type Execution, type PublicApi } from '../../../scripts/harness';

const UNFINISHED = new Set(['new', 'running', 'waiting']);

export interface RunRecord {
	id: string;
	status: string;
	messageId: string | undefined;
}

function messageIdOf(execution: Execution): string | undefined {
	const value = nodeOutputItems(execution, REDOX_NODE_NAME)[0]?.messageId;
	return typeof value === 'string' ? value : undefined;
}

/**
 * Waits until the workflow has at least `atLeast` executions, all finished, and the count has
 * not moved for `quietMs`; then returns them with their message ids. Gives up after `timeoutMs`
 * and returns what is there (the caller's assertions then say what is missing).
 */
export async function settledRuns(
	api: PublicApi,
	workflowId: string,
	atLeast: number,
	{ timeoutMs = 120_000, quietMs = 2_000 } = {},
): Promise<{ runs: RunRecord[]; settledAfterMs: number; unfinished: number }> {
	const began = Date.now();
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const all = await api.listAllExecutions(workflowId);
		const unfinished = all.filter((e) => UNFINISHED.has(e.status)).length;
		if (all.length !== last) {
			last = all.length;
			stableSince = Date.now();
		}
		const done = all.length >= atLeast && unfinished === 0 && Date.now() - stableSince >= quietMs;
		if (done || Date.now() - began > timeoutMs) {
			const withData = await api.listAllExecutions(workflowId, true);
			return {
				runs: withData.map((e) => ({ id: e.id, status: e.status, messageId: messageIdOf(e) })),
				settledAfterMs: Date.now() - began,
				unfinished,
			};
		}
		await sleep(500);
	}
}

export interface Verdict {
	/** Ids answered 2xx by the node without a successful execution. */
	lost: string[];
	/** Ids with more than one execution. */
	doubled: string[];
	/** Ids with more than one successful execution. */
	doubledSuccess: string[];
	/** Executions per status. */
	statuses: Record<string, number>;
	executions: number;
}

/** Compares the runs with the ids that were answered 2xx ("accepted") and all ids sent. */
export function verdict(runs: readonly RunRecord[], accepted: readonly string[]): Verdict {
	const all = new Map<string, RunRecord[]>();
	for (const run of runs) {
		const key = run.messageId ?? `?${run.id}`;
		all.set(key, [...(all.get(key) ?? []), run]);
	}
	const statuses: Record<string, number> = {};
	for (const run of runs) statuses[run.status] = (statuses[run.status] ?? 0) + 1;
	const successes = (id: string) => (all.get(id) ?? []).filter((r) => r.status === 'success').length;
	return {
		lost: accepted.filter((id) => successes(id) === 0),
		doubled: [...all].filter(([, list]) => list.length > 1).map(([id]) => id),
		doubledSuccess: [...all.keys()].filter((id) => successes(id) > 1),
		statuses,
		executions: runs.length,
	};
}

/** Counts of each label. */
export function tally(labels: readonly string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
	return counts;
}
