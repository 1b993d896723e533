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
}

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

/** The delivery settings from the node's `options` collection, with their defaults. */
export function readDeliveryOptions(options: unknown): DeliveryOptions {
	const set = isRecord(options) ? options : {};
	return {
		acknowledge: set.acknowledge === 'afterWorkflow' ? 'afterWorkflow' : 'immediately',
		deduplicate: set.deduplicate !== false,
		duplicateMemory: set.duplicateMemory === 'redis' ? 'redis' : 'process',
	};
}
