/**
 * The duplicate check of a delivery: asks the trigger's store whether this notification was
 * taken in before, claims it when it was not, and settles the claim once n8n shows whether the
 * delivery was accepted.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { isNonEmptyString } from '../../common/guards';

import { sha256Hex } from '../../common/hash';
import { answerOriginOf } from '../answer-origin';
import { answers, type HttpAnswer } from '../answers';
import type { DeliveredNotification } from '../family';
import type { AnswerPoint } from '../options';
import type { ClaimResult, DeliveryStore } from './delivery-store';
import { ProcessMemoryStore } from './process-memory-store';

/**
 * With "immediately", a claim is pending only while n8n creates the execution (milliseconds; with
 * the Redis memory, until a worker starts it: as long as n8n's queue takes), so a repeat arriving
 * in that moment (Redox re-sending after a timeout, a proxy retrying) waits up
 * to this long for the first delivery's answer, then is a duplicate, or is processed if the first
 * was not accepted. Only if the first is still pending after this is the repeat answered 409.
 */
export const IMMEDIATE_CLAIM_WAIT_MS = 10_000;

/**
 * Ids longer than this are remembered by their SHA-256 instead. Redox ids are UUIDs (36
 * characters); the limit keeps an odd or hostile sender from making the memory (10,000 entries)
 * and the static data (500 entries, read and written by n8n with every request) hold megabytes.
 */
export const MAX_KEPT_ID_LENGTH = 256;

function idKey(kind: 'message' | 'bundle', id: string): string {
	return id.length <= MAX_KEPT_ID_LENGTH ? `${kind}:${id}` : `${kind}-sha256:${sha256Hex(id)}`;
}

/** The identity of a notification: MessageHeader id, else Bundle id, else a hash of the body. */
export function notificationKey(notification: DeliveredNotification, bodyText: string): string {
	if (notification.messageId) return idKey('message', notification.messageId);
	if (notification.bundleId) return idKey('bundle', notification.bundleId);
	return `sha256:${sha256Hex(bodyText)}`;
}

/**
 * The identity of the notification an item of the trigger carries (its `messageId`, else its
 * `bundleId`, as `notificationKey` has it); undefined when it has neither (a body remembered by
 * its hash, which the item cannot give back).
 */
export function notificationKeyOfItem(json: IDataObject): string | undefined {
	if (isNonEmptyString(json.messageId)) return idKey('message', json.messageId);
	if (isNonEmptyString(json.bundleId)) return idKey('bundle', json.bundleId);
	return undefined;
}

/** The default store: this process's memory of the trigger `context` runs. */
export function processMemoryStore(context: IWebhookFunctions, now: number): DeliveryStore {
	const scope = `${context.getWorkflow().id}:${context.getNode().id}`;
	return new ProcessMemoryStore(scope, context.getWorkflowStaticData('node'), now);
}

/** Claims a delivery of `key`; with "immediately", a repeat of a pending claim waits for its outcome first. */
async function claimDelivery(store: DeliveryStore, key: string, answerPoint: AnswerPoint, now: number): Promise<ClaimResult> {
	const claim = await store.claim(key, now);
	if (claim !== 'in-progress' || answerPoint === 'workflowSucceeded') return claim;
	await store.whenSettled(key, IMMEDIATE_CLAIM_WAIT_MS);
	return await store.claim(key, Date.now());
}

/** What the duplicate memory says about a delivery: a repeat to answer now, or the first one, to run. */
export type DeliveryCheck =
	| { kind: 'repeat'; answer: HttpAnswer }
	| {
			kind: 'first';
			/** To call when n8n has created the execution (see n8n-workarounds.ts). */
			onExecutionStarted: () => void;
	  };

/**
 * Checks a delivery of the notification `key` against `store`, and claims it when it is the first.
 *
 * The claim stays pending until n8n shows the delivery was accepted: it creates the execution
 * (`onExecutionStarted`, when that is the answer point), or answers 2xx (at once with
 * "immediately", from the execution's first step with the Redis memory, once the workflow
 * succeeded with "after the workflow"); with the Redis memory the execution's first step also
 * replaces the claim by its running mark. Any other answer (n8n could not start the execution, a
 * dead worker's job failed, the workflow failed, the details could not be fetched) releases it,
 * so that Redox's retry is processed instead of being called a duplicate of a delivery that never
 * ran: the node's own refusals at once, n8n's errors at once in the process memory and after 30 s
 * in Redis (see DeliveryOutcome). An answer given at the deadline (answer-deadline.ts) keeps it.
 */
export async function checkDelivery(
	context: IWebhookFunctions,
	store: DeliveryStore,
	key: string,
	answerPoint: AnswerPoint,
	now: number,
): Promise<DeliveryCheck> {
	const claim = await claimDelivery(store, key, answerPoint, now);
	const immediately = answerPoint !== 'workflowSucceeded';
	if (claim === 'duplicate') return { kind: 'repeat', answer: answers.duplicate() };
	if (claim === 'in-progress') return { kind: 'repeat', answer: answers.inProgress() };
	// Its execution is running on a live n8n process: accepted, as far as "immediately" goes;
	// "after the workflow" has not answered the first delivery yet.
	if (claim === 'running') return { kind: 'repeat', answer: immediately ? answers.duplicate() : answers.inProgress() };

	const response = context.getResponseObject();
	response.once('finish', () => {
		const origin = answerOriginOf(response);
		// Answered at the deadline: the execution may still be queued or running, so the claim
		// stays until its execution settles it (or it lapses).
		if (origin === 'nodeAtDeadline') return;
		const accepted = response.statusCode >= 200 && response.statusCode < 300;
		void store.settle(key, accepted ? 'accepted' : origin === 'nodeWithoutExecution' ? 'refused' : 'failed');
	});
	return {
		kind: 'first',
		// The execution exists: accepted even if the sender hangs up before the answer.
		onExecutionStarted: () => {
			if (answerPoint === 'executionCreated') void store.settle(key, 'accepted');
		},
	};
}
