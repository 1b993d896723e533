import { createHash } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { SchedulingNotification } from '../extraction/types';
import { answers, type HttpAnswer } from '../protocol/answers';
import { RecentNotifications, type ClaimResult, type PersistedEntries } from './recent-notifications';

/** When the trigger answers Redox: once n8n has created the execution, or once the workflow succeeded. */
export type Acknowledge = 'immediately' | 'afterWorkflow';

/** How long a redelivery is recognised, and how many notifications are remembered per trigger. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const REMEMBERED_PER_TRIGGER = 10_000;
/**
 * With "after the workflow succeeds", a repeat that arrives while the first delivery's workflow
 * still runs is answered 409 (Redox retries later). If that first answer never goes out (the
 * sender hung up), the claim lapses after this long and a repeat is processed.
 */
export const PENDING_TIMEOUT_MS = 5 * 60 * 1000;
/**
 * With "immediately", a claim is pending only while n8n creates the execution (milliseconds), so
 * a repeat arriving in that moment (Redox re-sending after a timeout, a proxy retrying) waits up
 * to this long for the first delivery's answer, then is a duplicate, or is processed if the first
 * was not accepted. Only if the first is still pending after this is the repeat answered 409.
 */
export const IMMEDIATE_CLAIM_WAIT_MS = 10_000;
/**
 * How many of the newest notifications are written to the workflow's static data, so that a
 * redelivery is still recognised after n8n restarts. n8n saves static data with every request
 * that changes it, so this list is kept short: it covers the notifications around a restart,
 * which are the ones Redox may deliver again.
 */
export const PERSISTED_PER_TRIGGER = 500;
const STATIC_DATA_KEY = 'recentNotifications';

/** One memory per trigger node, shared by every request this n8n process serves. */
const memories = new Map<string, RecentNotifications>();

/**
 * Ids longer than this are remembered by their SHA-256 instead. Redox ids are UUIDs (36
 * characters); the limit keeps an odd or hostile sender from making the memory (10,000 entries)
 * and the static data (500 entries, read and written by n8n with every request) hold megabytes.
 */
export const MAX_KEPT_ID_LENGTH = 256;

function sha256(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

function idKey(kind: 'message' | 'bundle', id: string): string {
	return id.length <= MAX_KEPT_ID_LENGTH ? `${kind}:${id}` : `${kind}-sha256:${sha256(id)}`;
}

/** The identity of a notification: MessageHeader id, else Bundle id, else a hash of the body. */
export function notificationKey(notification: SchedulingNotification, bodyText: string): string {
	if (notification.messageId) return idKey('message', notification.messageId);
	if (notification.bundleId) return idKey('bundle', notification.bundleId);
	return `sha256:${sha256(bodyText)}`;
}

function isPersistedEntry(value: unknown): value is [string, number] {
	return (
		Array.isArray(value) &&
		value.length === 2 &&
		typeof value[0] === 'string' &&
		typeof value[1] === 'number'
	);
}

function readPersisted(staticData: IDataObject): PersistedEntries {
	const stored = staticData[STATIC_DATA_KEY];
	return Array.isArray(stored) ? stored.filter(isPersistedEntry) : [];
}

/**
 * The memory of one trigger node (`scope` = workflow id + node id), loaded from the workflow's
 * static data the first time this process sees the trigger.
 */
function recentNotificationsFor(scope: string, staticData: IDataObject, now: number): RecentNotifications {
	let memory = memories.get(scope);
	if (!memory) {
		memory = new RecentNotifications(REMEMBERED_PER_TRIGGER, DUPLICATE_WINDOW_MS, PENDING_TIMEOUT_MS);
		memory.load(readPersisted(staticData), now);
		memories.set(scope, memory);
	}
	return memory;
}

/** Claims a delivery of `key`; with "immediately", a repeat of a pending claim waits for its outcome first. */
async function claimNotification(
	memory: RecentNotifications,
	key: string,
	acknowledge: Acknowledge,
	now: number,
): Promise<ClaimResult> {
	const claim = memory.claim(key, now);
	if (claim !== 'in-progress' || acknowledge !== 'immediately') return claim;
	await memory.whenSettled(key, IMMEDIATE_CLAIM_WAIT_MS);
	return memory.claim(key, Date.now());
}

/** Writes the newest settled notifications into static data; n8n saves it with this request. */
function persistRecentNotifications(memory: RecentNotifications, staticData: IDataObject): void {
	staticData[STATIC_DATA_KEY] = memory.newestSettled(PERSISTED_PER_TRIGGER);
}

/** What the duplicate memory says about a delivery: a repeat to answer now, or the first one, to run. */
export type DeliveryCheck =
	| { kind: 'repeat'; answer: HttpAnswer }
	| {
			kind: 'first';
			/** To call when n8n has created the execution (it reads the node's answer then). */
			onExecutionStarted: () => void;
	  };

/**
 * Checks a delivery of the notification `key` against the memory of the trigger that `context`
 * runs, and claims it when it is the first.
 *
 * The claim stays pending until n8n shows the delivery was accepted: it creates the execution
 * (`onExecutionStarted`), or answers 2xx (at once with "immediately", once the workflow succeeded
 * with "after the workflow"). Any other answer (n8n could not start the execution, the workflow
 * failed) releases it, so that Redox's retry is processed instead of being called a duplicate of
 * a delivery that never ran.
 */
export async function checkDelivery(
	context: IWebhookFunctions,
	key: string,
	acknowledge: Acknowledge,
	now: number,
): Promise<DeliveryCheck> {
	const staticData = context.getWorkflowStaticData('node');
	const memory = recentNotificationsFor(`${context.getWorkflow().id}:${context.getNode().id}`, staticData, now);
	const claim = await claimNotification(memory, key, acknowledge, now);
	if (claim === 'duplicate') return { kind: 'repeat', answer: answers.duplicate() };
	if (claim === 'in-progress') return { kind: 'repeat', answer: answers.inProgress() };

	const response = context.getResponseObject();
	response.once('finish', () => memory.settle(key, response.statusCode >= 200 && response.statusCode < 300));
	persistRecentNotifications(memory, staticData);
	return {
		kind: 'first',
		onExecutionStarted: () => {
			// The execution exists: accepted even if the sender hangs up before the answer.
			if (acknowledge === 'immediately') memory.settle(key, true);
			// Written again here, where n8n 2.41.1's static-data save sees it (see webhook.ts).
			persistRecentNotifications(memory, staticData);
		},
	};
}

/** For tests: forget every trigger's memory, as a restart of n8n would. */
export function forgetAllRecentNotifications(): void {
	memories.clear();
}
