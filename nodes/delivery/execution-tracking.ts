/**
 * The `execute()` of every Redox trigger. n8n 2.41.1 runs a webhook node's `execute` as the
 * first step of each execution its webhook started, with the webhook's items as input, in the
 * process that runs the execution (a worker, in queue mode), and only when the first input holds
 * items (with the default execution order "v1"; otherwise the node gives no output at all). So
 * the webhook puts every item on the first output, and this step puts each on the node's output
 * for it (the family's `outputsOf`).
 *
 * With the Redis duplicate memory it also follows the execution there: it marks the notification
 * as running in this process when the execution starts, and settles the mark when the execution
 * ends (done when it succeeded, forgotten when it failed). So a repeat of a notification whose
 * execution failed, or whose worker died mid-run (n8n then writes the execution as failed), runs
 * again instead of being called a duplicate, and a repeat of one that succeeded is a duplicate
 * even when n8n never answered the first delivery. See dedup/redis-delivery-store.ts.
 *
 * With "immediately" and the Redis memory, this step is also where Redox is answered (n8n's
 * responseNode mode, see webhooks.ts), after the running mark: in queue mode a worker can take a
 * job and die before the execution's first step, and n8n then fails the job; answered only now,
 * Redox gets n8n's 500 for it and delivers again, instead of a "received" for a notification that
 * never ran.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { answers } from './answers';
import { notificationKeyOfItem } from './dedup/duplicate-guard';
import { redisStoreFor } from './dedup/store-choice';
import type { DeliveredNotification, NotificationFamily } from './family';
import { whenExecutionEnds } from './n8n-workarounds';
import { answerPointOf, readDeliveryOptions, type DeliveryOptions } from './options';

/** Marks the delivery of `key` as running here and settles it when the execution ends. */
async function followExecution(context: IExecuteFunctions, key: string, delivery: DeliveryOptions): Promise<void> {
	const store = await redisStoreFor(context, Date.now(), delivery.acknowledge);
	const runner = await store.runnerName();
	// Without a name, no one could tell whether this process is alive: leave the claim as it is.
	if (runner === undefined) return;
	const present = store.holdPresence();
	const following = whenExecutionEnds(context, async (outcome) => {
		try {
			await store.executionEnded(key, runner, outcome !== 'failed');
		} finally {
			present();
		}
	});
	if (!following) {
		present();
		return;
	}
	await store.executionStarted(key, runner);
}

/** The trigger step of an execution of a `family` trigger: its items on the node's outputs. */
export async function runTriggerStep<N extends DeliveredNotification>(
	context: IExecuteFunctions,
	family: NotificationFamily<N>,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData(0);
	const outputs = family.outputsOf(context, items);
	const delivery = readDeliveryOptions(context.getNodeParameter('options', 0, {}));
	const followsExecution = delivery.deduplicate && delivery.duplicateMemory === 'redis';
	// Test runs are never deduplicated (see webhook.ts).
	const key = !followsExecution || context.getMode() === 'manual' || items[0] === undefined ? undefined : notificationKeyOfItem(items[0].json);
	// Following is a help, never a condition: with Redis away the execution goes on as before
	// (the claim made by the webhook stays, as without this).
	if (key !== undefined) await followExecution(context, key, delivery).catch(() => undefined);
	if (answerPointOf(delivery) === 'executionStarted') {
		const received = answers.received();
		try {
			await context.sendResponse({ body: received.body, statusCode: received.status, headers: {} });
		} catch {
			// The answer did not get through (n8n relays it over Redis in queue mode): n8n answers at
			// the execution's end instead, 200 when it succeeded and 500 when it failed.
		}
	}
	return outputs;
}
