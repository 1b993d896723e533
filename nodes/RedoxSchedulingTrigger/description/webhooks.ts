import * as n8nWorkflow from 'n8n-workflow';
import type { INodeParameters, IWebhookDescription } from 'n8n-workflow';

/**
 * Both webhooks share the path `webhook`, so the production URL is
 * `<n8n base>/webhook/<webhookId>/webhook`: POST for notifications and handshakes, GET for
 * handshakes sent as a query string.
 *
 * "Acknowledge immediately" answers once n8n has created the execution (onReceived; the empty
 * responseData makes n8n send the node's own `{"status": "received"}`). "After the workflow
 * succeeds" waits for the last node (lastNode), so a failed run answers 500 and Redox retries.
 */

interface AcknowledgeParameters extends INodeParameters {
	options?: { acknowledge?: string };
}

// Each function must be self-contained: n8n turns its source into the expression the editor
// (and older n8n versions) evaluate, and calls the function itself where it can, which keeps
// the expression engine off the request path.
const responseModeOf = (parameters: AcknowledgeParameters) =>
	parameters.options?.acknowledge === 'afterWorkflow' ? 'lastNode' : 'onReceived';
const responseDataOf = (parameters: AcknowledgeParameters) =>
	parameters.options?.acknowledge === 'afterWorkflow' ? 'noData' : '';

/** n8n-workflow 2.x resolves webhook fields natively; older versions only read the expressions. */
function acknowledgeFields(): Pick<IWebhookDescription, 'responseMode' | 'responseData'> {
	const { webhookDescriptionFields, fromFunction } = n8nWorkflow;
	if (typeof webhookDescriptionFields === 'function' && typeof fromFunction === 'function') {
		return webhookDescriptionFields({
			responseMode: fromFunction(responseModeOf),
			responseData: fromFunction(responseDataOf),
		});
	}
	return {
		responseMode: `={{(${String(responseModeOf)})($parameter)}}`,
		responseData: `={{(${String(responseDataOf)})($parameter)}}`,
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
