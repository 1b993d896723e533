/**
 * The default duplicate memory: this n8n process's memory, plus the newest ids in the workflow's
 * static data so that a redelivery is still recognised after n8n restarts. Needs no set-up, and
 * is exact for one n8n process; processes that share no memory (queue mode) need a shared store.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ClaimResult, DeliveryOutcome, DeliveryStore } from './delivery-store';
import { RecentNotifications, type PersistedEntries } from './recent-notifications';

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
 * How many of the newest notifications are written to the workflow's static data, so that a
 * redelivery is still recognised after n8n restarts. n8n saves static data with every request
 * that changes it, so this list is kept short: it covers the notifications around a restart,
 * which are the ones Redox may deliver again.
 */
export const PERSISTED_PER_TRIGGER = 500;
const STATIC_DATA_KEY = 'recentNotifications';

/** One memory per trigger node, shared by every request this n8n process serves. */
const memories = new Map<string, RecentNotifications>();

function isPersistedEntry(value: unknown): value is [string, number] {
	return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number';
}

function readPersisted(staticData: IDataObject): PersistedEntries {
	const stored = staticData[STATIC_DATA_KEY];
	return Array.isArray(stored) ? stored.filter(isPersistedEntry) : [];
}

/**
 * The memory of one trigger node (`scope` = workflow id + node id), loaded from the workflow's
 * static data the first time this process sees the trigger.
 */
function memoryFor(scope: string, staticData: IDataObject, now: number): RecentNotifications {
	let memory = memories.get(scope);
	if (!memory) {
		memory = new RecentNotifications(REMEMBERED_PER_TRIGGER, DUPLICATE_WINDOW_MS, PENDING_TIMEOUT_MS);
		memory.load(readPersisted(staticData), now);
		memories.set(scope, memory);
	}
	return memory;
}

/** The process memory of one trigger, seen through one request's static data. */
export class ProcessMemoryStore implements DeliveryStore {
	private readonly memory: RecentNotifications;

	constructor(
		scope: string,
		/** The workflow's static data for this request; n8n saves it when the request sets it. */
		private readonly staticData: IDataObject,
		now: number,
	) {
		this.memory = memoryFor(scope, staticData, now);
	}

	async claim(key: string, now: number): Promise<ClaimResult> {
		const claim = this.memory.claim(key, now);
		// Ids settled since the last save (with "after the workflow", n8n does not save at their
		// settling) ride along with this request's save.
		this.persist();
		return claim;
	}

	async whenSettled(key: string, timeoutMs: number): Promise<void> {
		await this.memory.whenSettled(key, timeoutMs);
	}

	async settle(key: string, outcome: DeliveryOutcome): Promise<void> {
		// This memory does not follow executions: a failed delivery is forgotten at once (an
		// execution n8n made before failing its answer then runs beside the retry; RELIABILITY.md).
		const accepted = outcome === 'accepted';
		this.memory.settle(key, accepted);
		this.persist();
	}

	/** Writes the newest settled notifications into static data; n8n saves it with this request. */
	private persist(): void {
		this.staticData[STATIC_DATA_KEY] = this.memory.newestSettled(PERSISTED_PER_TRIGGER);
	}
}
