/**
 * Work-arounds for how n8n 2.41.1 runs webhook triggers, kept in this one place. Each says what
 * n8n does, and which test turns red when n8n changes it.
 */
import type { IDataObject, IExecuteFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isRecord } from '../common/guards';

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

/** How an execution ended, as far as the duplicate memory cares. */
export type ExecutionOutcome = 'succeeded' | 'failed' | 'waiting';

/** The outcome of the run a `workflowExecuteAfter` hook receives (n8n's IRun). */
function outcomeOfRun(run: unknown): ExecutionOutcome {
	if (!isRecord(run)) return 'failed';
	if (run.finished === true) return 'succeeded';
	// Parked by a Wait node: it goes on later, in another run.
	if (run.waitTill !== undefined && run.waitTill !== null) return 'waiting';
	return 'failed';
}

/**
 * Calls `onEnd` when the execution that `context` belongs to ends, in the process that runs it (a
 * worker, in queue mode), before n8n reports the end to anyone.
 *
 * n8n has no hook for nodes at the end of an execution. Its own lifecycle hooks for the execution
 * (`workflowExecuteAfter`) are reachable on `context.additionalData.hooks`, which n8n 2.41.1 keeps
 * on every execution context; `addHandler` adds one for this execution only. When they are not
 * there (another n8n version), this returns false and the caller must not count on the end.
 * A handler's failure is swallowed: it must never fail the execution or n8n's other hooks.
 * The real-n8n test "a worker SIGKILLed with executions queued and running, \"immediately\""
 * (queue-mode.e2e.test.ts) fails if n8n changes it: the memory would then hold no `running`
 * marks of the dead worker, and the repeats of its executions would be answered `duplicate`.
 */
export function whenExecutionEnds(context: IExecuteFunctions, onEnd: (outcome: ExecutionOutcome) => Promise<void>): boolean {
	const additionalData: unknown = Reflect.get(context, 'additionalData');
	const hooks = isRecord(additionalData) ? additionalData.hooks : undefined;
	if (!isRecord(hooks) || typeof hooks.addHandler !== 'function') return false;
	const handler = async (run: unknown): Promise<void> => {
		await onEnd(outcomeOfRun(run)).catch(() => undefined);
	};
	Reflect.apply(hooks.addHandler, hooks, ['workflowExecuteAfter', handler]);
	return true;
}
