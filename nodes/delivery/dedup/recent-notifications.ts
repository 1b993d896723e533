/**
 * Remembers which notifications this trigger has recently taken in, so that a redelivery
 * (Redox retries when an answer was lost or late) does not start a second execution.
 *
 * Bounded twice: entries older than the window are forgotten, and past `capacity` the oldest
 * go first. A Map keeps insertion order, so the oldest entry is always the first one.
 */
import { sleep } from 'n8n-workflow';

import type { ClaimResult } from './delivery-store';

interface Entry {
	seenAt: number;
	/**
	 * false until the delivery that claimed it has been accepted: until n8n has created the
	 * execution ("immediately") or the workflow has succeeded ("after the workflow").
	 */
	settled: boolean;
	/** Called when a pending entry settles, either way (see `whenSettled`). */
	waiters?: Array<() => void>;
}

/** The serialisable part kept in the workflow's static data: settled keys and when they came. */
export type PersistedEntries = Array<[key: string, seenAt: number]>;

export class RecentNotifications {
	private readonly entries = new Map<string, Entry>();

	constructor(
		private readonly capacity: number,
		private readonly windowMs: number,
		/** A pending claim older than this is presumed lost (its answer never went out). */
		private readonly pendingTimeoutMs: number,
	) {}

	/**
	 * Claims a notification. `'new'` records it as pending until `settle`; a settled copy is a
	 * `'duplicate'`; a pending one is `'in-progress'`.
	 */
	claim(key: string, now: number): ClaimResult {
		this.expire(now);
		const existing = this.entries.get(key);
		if (existing?.settled) return 'duplicate';
		if (existing && now - existing.seenAt < this.pendingTimeoutMs) return 'in-progress';
		// Re-inserted, not updated, so that the map stays in arrival order.
		this.entries.delete(key);
		this.entries.set(key, { seenAt: now, settled: false });
		this.enforceCapacity();
		return 'new';
	}

	/** Ends a pending claim: kept as received when it was accepted, forgotten otherwise. */
	settle(key: string, accepted: boolean): void {
		const entry = this.entries.get(key);
		if (!entry || entry.settled) return;
		if (accepted) entry.settled = true;
		else this.entries.delete(key);
		const waiters = entry.waiters ?? [];
		entry.waiters = undefined;
		for (const wake of waiters) wake();
	}

	/**
	 * Resolves once the pending claim on `key` has settled either way, or after `timeoutMs`
	 * (at once when there is no pending claim). The caller claims again afterwards.
	 */
	async whenSettled(key: string, timeoutMs: number): Promise<void> {
		const entry = this.entries.get(key);
		if (!entry || entry.settled) return;
		const settled = new Promise<void>((resolve) => (entry.waiters ??= []).push(resolve));
		// n8n's sleep cannot be cancelled: after a settlement its timer still runs out, harmlessly.
		await Promise.race([settled, sleep(timeoutMs)]);
	}

	/** Adds entries persisted by an earlier process (after a restart); known keys win. */
	load(persisted: PersistedEntries, now: number): void {
		const merged = [...this.entries];
		for (const [key, seenAt] of persisted) {
			if (now - seenAt < this.windowMs && !this.entries.has(key)) {
				merged.push([key, { seenAt, settled: true }]);
			}
		}
		// Keep the map ordered by arrival, which `expire` and `enforceCapacity` rely on.
		merged.sort((a, b) => a[1].seenAt - b[1].seenAt);
		this.entries.clear();
		for (const [key, entry] of merged) this.entries.set(key, entry);
		this.enforceCapacity();
	}

	/** The newest `limit` settled entries, oldest first. */
	newestSettled(limit: number): PersistedEntries {
		const settled: PersistedEntries = [];
		for (const [key, entry] of this.entries) if (entry.settled) settled.push([key, entry.seenAt]);
		return settled.slice(-limit);
	}

	get size(): number {
		return this.entries.size;
	}

	private expire(now: number): void {
		for (const [key, entry] of this.entries) {
			if (now - entry.seenAt < this.windowMs) break;
			this.entries.delete(key);
		}
	}

	private enforceCapacity(): void {
		for (const key of this.entries.keys()) {
			if (this.entries.size <= this.capacity) break;
			this.entries.delete(key);
		}
	}
}
