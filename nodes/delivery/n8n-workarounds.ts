/**
 * Work-arounds for how n8n 2.41.1 runs webhook triggers, kept in this one place. Each says what
 * n8n does, and which test turns red when n8n changes it.
 */
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

/**
 * The data of an accepted notification, with `body` as the answer and `onExecutionStarted` called
 * at the moment n8n creates the execution.
 *
 * n8n has no hook for "the execution now exists". It reads a trigger's `webhookResponse` right
 * after it has created the execution, and only then (with `responseMode: 'onReceived'`; with
 * `lastNode` it answers from the last node and never reads it). A getter on `webhookResponse`
 * turns that read into the hook. Two things need it:
 * - the duplicate memory settles the delivery there: an execution exists, so a redelivery is a
 *   duplicate even if the sender hangs up before the answer;
 * - n8n 2.41.1 saves a trigger's static data only if its change flag is set when it answers, but
 *   starting the execution wraps the static data in new Workflow objects, which resets the flag:
 *   ids written into static data earlier in `webhook()` would never be saved. Writing them again
 *   in the getter sets the flag where n8n's save sees it.
 * The real-n8n tests "repeats of the newest 500 notifications answered before it are answered
 * 'duplicate'" (reliability-faults.e2e.test.ts, the second point) and the redelivery scenario of
 * reliability-load.e2e.test.ts (the first) fail if n8n changes either.
 */
export function answerWhenExecutionStarts(
	workflowData: IWebhookResponseData['workflowData'],
	body: IDataObject,
	onExecutionStarted: (() => void) | undefined,
): IWebhookResponseData {
	const result: IWebhookResponseData = { workflowData };
	Object.defineProperty(result, 'webhookResponse', {
		enumerable: true,
		get() {
			onExecutionStarted?.();
			return body;
		},
	});
	return result;
}
