import * as n8nWorkflow from 'n8n-workflow';
import type { IHookFunctions, INodeParameters, IWebhookDescription } from 'n8n-workflow';

/**
 * The webhooks of every Redox trigger. Both share the path `webhook`, so the production URL is
 * `<n8n base>/webhook/<webhookId>/webhook`: POST for notifications and handshakes, GET for
 * handshakes sent as a query string.
 *
 * When Redox is answered (`answerPointOf` in options.ts, as n8n response modes):
 * - "immediately" answers once n8n has created the execution (onReceived; the empty responseData
 *   makes n8n send the node's own `{"status": "received"}`);
 * - "immediately" with the Redis duplicate memory answers from the execution's first step
 *   (responseNode: the trigger's `execute()` sends the answer, on the worker in queue mode);
 * - "after the workflow succeeds" waits for the last node (lastNode), so a failed run answers
 *   500 and Redox retries.
 */

interface AcknowledgeParameters extends INodeParameters {
	options?: { acknowledge?: string; deduplicate?: boolean; duplicateMemory?: string };
}

/**
 * n8n-workflow 2.x resolves webhook fields from plain functions, which keeps the expression
 * engine (an isolate per request in n8n 2.41.1) off the request path; the editor gets the same
 * function's source as an expression, so each function must be self-contained (no outer names).
 * Older n8n versions only read expressions, so they get the same rule written as one.
 */
function acknowledgeFields(): Pick<IWebhookDescription, 'responseMode' | 'responseData'> {
	const { webhookDescriptionFields, fromFunction } = n8nWorkflow;
	if (typeof webhookDescriptionFields === 'function' && typeof fromFunction === 'function') {
		return webhookDescriptionFields({
			responseMode: fromFunction((parameters: AcknowledgeParameters) =>
				parameters.options?.acknowledge === 'afterWorkflow'
					? 'lastNode'
					: parameters.options?.duplicateMemory === 'redis' && parameters.options?.deduplicate !== false
						? 'responseNode'
						: 'onReceived',
			),
			responseData: fromFunction((parameters: AcknowledgeParameters) =>
				parameters.options?.acknowledge === 'afterWorkflow' ? 'noData' : '',
			),
		});
	}
	return {
		responseMode:
			'={{ $parameter.options?.acknowledge === "afterWorkflow" ? "lastNode" : $parameter.options?.duplicateMemory === "redis" && $parameter.options?.deduplicate !== false ? "responseNode" : "onReceived" }}',
		responseData: '={{ $parameter.options?.acknowledge === "afterWorkflow" ? "noData" : "" }}',
	};
}

export const redoxWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		path: 'webhook',
		...acknowledgeFields(),
	},
	{
		name: 'setup',
		httpMethod: 'GET',
		path: 'webhook',
		responseMode: 'onReceived',
	},
];

/**
 * The URL is pasted into the Redox dashboard by hand: there is nothing to register with Redox,
 * so n8n is told the webhook exists and that creating or deleting it succeeded.
 */
const registeredByHand = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};

/** The `webhookMethods` of a Redox trigger: both webhooks (POST `default`, GET `setup`) are registered by hand. */
export const redoxWebhookMethods = { default: registeredByHand, setup: registeredByHand };
