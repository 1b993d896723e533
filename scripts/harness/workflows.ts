import type { WorkflowInput } from './api';

/** Our node's type once the package is installed in n8n (see the output contract). */
export const REDOX_NODE_TYPE = 'n8n-nodes-redox.redoxSchedulingTrigger';
export const REDOX_CREDENTIAL_TYPE = 'redoxWebhookApi';
export const REDOX_NODE_NAME = 'Redox Scheduling Trigger';

/** The production webhook path of our node: `<webhookId>/webhook` (not a full path). */
export function redoxWebhookPath(webhookId: string): string {
	return `${webhookId}/webhook`;
}

export interface RedoxWorkflowOptions {
	name?: string;
	/** Fixes the production URL: `/webhook/<webhookId>/webhook`. */
	webhookId: string;
	/** The `redoxWebhookApi` credential; omit for a node without one. */
	credential?: { id: string; name: string };
	/** Node parameters (`events`, `detail`, `simplify`, `options`...); n8n fills in the defaults. */
	parameters?: Record<string, unknown>;
	/** Workflow settings (e.g. `timezone`), merged over `{ executionOrder: 'v1' }`. */
	settings?: Record<string, unknown>;
	/** The node's version: 2 (what the editor gives new workflows) unless given; 1 still works. */
	typeVersion?: 1 | 2;
}

/** A workflow holding only the Redox Scheduling Trigger. */
export function redoxTriggerWorkflow(options: RedoxWorkflowOptions): WorkflowInput {
	return {
		name: options.name ?? `Redox ${options.webhookId}`,
		nodes: [
			{
				id: `node-${options.webhookId}`,
				name: REDOX_NODE_NAME,
				type: REDOX_NODE_TYPE,
				typeVersion: options.typeVersion ?? 2,
				position: [0, 0],
				webhookId: options.webhookId,
				parameters: options.parameters ?? {},
				...(options.credential ? { credentials: { [REDOX_CREDENTIAL_TYPE]: options.credential } } : {}),
			},
		],
		connections: {},
		settings: { executionOrder: 'v1', ...options.settings },
	};
}

export const WEBHOOK_NODE_NAME = 'Webhook';

/**
 * A workflow holding only n8n's built-in Webhook node (POST, answers at once), at the
 * production URL `/webhook/<path>`. Used to prove the harness independently of our node.
 */
export function builtinWebhookWorkflow(options: { name?: string; path: string; webhookId: string }): WorkflowInput {
	return {
		name: options.name ?? `Webhook ${options.path}`,
		nodes: [
			{
				id: `node-${options.webhookId}`,
				name: WEBHOOK_NODE_NAME,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: options.webhookId,
				parameters: { httpMethod: 'POST', path: options.path, responseMode: 'onReceived', options: {} },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}
