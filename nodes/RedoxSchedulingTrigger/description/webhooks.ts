import type { IWebhookDescription } from 'n8n-workflow';

/**
 * Both webhooks share the path `webhook`, so the production URL is
 * `<n8n base>/webhook/<webhookId>/webhook`: POST for notifications and handshakes, GET for
 * handshakes sent as a query string.
 *
 * "Acknowledge immediately" answers once n8n has created the execution (onReceived; the empty
 * responseData makes n8n send the node's own `{"status": "received"}`). "After the workflow
 * succeeds" waits for the last node (lastNode), so a failed run answers 500 and Redox retries.
 */
const ACKNOWLEDGE_AFTER_WORKFLOW = '$parameter.options?.acknowledge === "afterWorkflow"';

export const redoxWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		path: 'webhook',
		responseMode: `={{ ${ACKNOWLEDGE_AFTER_WORKFLOW} ? "lastNode" : "onReceived" }}`,
		responseData: `={{ ${ACKNOWLEDGE_AFTER_WORKFLOW} ? "noData" : "" }}`,
	},
	{
		name: 'setup',
		httpMethod: 'GET',
		path: 'webhook',
		responseMode: 'onReceived',
	},
];
