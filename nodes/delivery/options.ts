/**
 * The delivery settings every Redox trigger offers in its Options collection (when to acknowledge
 * Redox, whether to ignore redeliveries), and how they are read from the node's parameters.
 */
import type { INodeProperties } from 'n8n-workflow';

import { isRecord } from '../common/guards';

/** When the trigger answers Redox: once n8n has created the execution, or once the workflow succeeded. */
export type Acknowledge = 'immediately' | 'afterWorkflow';

/** Where the duplicate memory lives: this n8n process (default), or a Redis every process shares. */
export type DuplicateMemory = 'process' | 'redis';

export interface DeliveryOptions {
	acknowledge: Acknowledge;
	deduplicate: boolean;
	duplicateMemory: DuplicateMemory;
	/** How long a request may wait for its answer when the answer waits for the execution (Redis memory only). */
	answerTimeoutMs: number;
}

/**
 * Whether the node answers by itself when n8n has not answered within `answerTimeoutMs`: only
 * where the answer waits for the execution and the duplicate memory follows executions (Redis),
 * so that the retry is answered by what became of the execution. The process memory cannot know
 * that, and in one process n8n always answers once the workflow has ended.
 */
export function hasAnswerDeadline(delivery: DeliveryOptions): boolean {
	return answerPointOf(delivery) !== 'executionCreated' && delivery.deduplicate && delivery.duplicateMemory === 'redis';
}

/**
 * The moment Redox gets its answer:
 * - `executionCreated`: n8n has created the execution ("immediately", the default);
 * - `executionStarted`: the execution's first step runs, in the process that runs it ("immediately"
 *   with the Redis memory: in queue mode a worker, whose first step marks the notification running
 *   before Redox is told "received", so that no answered notification can vanish with a worker
 *   that took its job and died before starting it);
 * - `workflowSucceeded`: the last node has finished ("after the workflow").
 * webhooks.ts writes the same rule as n8n's response modes (onReceived, responseNode, lastNode).
 */
export type AnswerPoint = 'executionCreated' | 'executionStarted' | 'workflowSucceeded';

export function answerPointOf(delivery: Pick<DeliveryOptions, 'acknowledge' | 'deduplicate' | 'duplicateMemory'>): AnswerPoint {
	if (delivery.acknowledge === 'afterWorkflow') return 'workflowSucceeded';
	return delivery.deduplicate && delivery.duplicateMemory === 'redis' ? 'executionStarted' : 'executionCreated';
}

/** The default of the Answer Timeout option, in seconds: past n8n's own detection of a dead worker's jobs (60-90 s). */
export const DEFAULT_ANSWER_TIMEOUT_SECONDS = 120;
/** An hour, as n8n's own longest execution timeout by default; also keeps the timer in setTimeout's range. */
export const MAX_ANSWER_TIMEOUT_SECONDS = 3_600;

export const acknowledgeOption: INodeProperties = {
	displayName: 'Acknowledge Redox',
	name: 'acknowledge',
	type: 'options',
	default: 'immediately',
	description:
		'When to tell Redox the notification arrived. Redox holds later notifications and retries until it gets a success answer.',
	options: [
		{
			name: 'Immediately',
			value: 'immediately',
			description:
				'Answer as soon as the notification is accepted. Fast, and Redox never waits on this workflow, but a notification whose workflow fails is not sent again.',
		},
		{
			name: 'After the Workflow Succeeds',
			value: 'afterWorkflow',
			description:
				'Answer once the workflow has finished. If it fails (for example the email server is down) Redox gets an error and sends the notification again, so nothing is lost; meanwhile Redox holds the notifications that follow.',
		},
	],
};

export const deduplicateOption: INodeProperties = {
	displayName: 'Ignore Repeated Deliveries',
	name: 'deduplicate',
	type: 'boolean',
	default: true,
	description:
		'Whether to start the workflow only once when Redox delivers the same notification again within 24 hours (recognised by its message ID). Repeats are acknowledged to Redox.',
};

export const duplicateMemoryOption: INodeProperties = {
	displayName: 'Duplicate Memory',
	name: 'duplicateMemory',
	type: 'options',
	default: 'process',
	description:
		'Where the trigger remembers the notifications it received, to recognise repeats. Used when Ignore Repeated Deliveries is on.',
	options: [
		{
			name: 'This N8n Process',
			value: 'process',
			description:
				'No set-up. Exact when one n8n process receives the notifications (the usual install).',
		},
		{
			name: 'Redis (Queue Mode)',
			value: 'redis',
			description:
				'Shared by every n8n process: choose it when n8n runs in queue mode with several webhook processes, or several main processes. Needs a Redis credential.',
		},
	],
};

export const answerTimeoutOption: INodeProperties = {
	displayName: 'Answer Timeout (Seconds)',
	name: 'answerTimeout',
	type: 'number',
	default: DEFAULT_ANSWER_TIMEOUT_SECONDS,
	typeOptions: { minValue: 1, maxValue: MAX_ANSWER_TIMEOUT_SECONDS },
	// Only the Redis memory follows the execution, so only there can a retry after the deadline be answered rightly.
	displayOptions: { show: { duplicateMemory: ['redis'] } },
	description:
		'How long Redox may wait for its answer, which waits for a worker to start the workflow (or, with After the Workflow Succeeds, to finish it). After it Redox gets a 504 and delivers the notification again; the repeat is answered "duplicate" once the workflow has succeeded.',
};

/** The delivery settings from the node's `options` collection, with their defaults. */
export function readDeliveryOptions(options: unknown): DeliveryOptions {
	const set = isRecord(options) ? options : {};
	return {
		acknowledge: set.acknowledge === 'afterWorkflow' ? 'afterWorkflow' : 'immediately',
		deduplicate: set.deduplicate !== false,
		duplicateMemory: set.duplicateMemory === 'redis' ? 'redis' : 'process',
		answerTimeoutMs: answerTimeoutMsOf(set.answerTimeout),
	};
}

function answerTimeoutMsOf(seconds: unknown): number {
	const valid = typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0;
	return Math.round(Math.min(valid ? seconds : DEFAULT_ANSWER_TIMEOUT_SECONDS, MAX_ANSWER_TIMEOUT_SECONDS) * 1000);
}
