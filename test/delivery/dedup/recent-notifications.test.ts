import { RecentNotifications } from '../../../nodes/delivery/dedup/recent-notifications';

const HOUR = 60 * 60 * 1000;

/** Claims `key` and settles it as accepted at once; returns what the claim answered. */
function claimAccepted(memory: RecentNotifications, key: string, now: number) {
	const claim = memory.claim(key, now);
	if (claim === 'new') memory.settle(key, true);
	return claim;
}

describe('RecentNotifications', () => {
	it('claims a new notification once; a repeat is a duplicate', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		expect(claimAccepted(memory, 'm1', 0)).toBe('new');
		expect(claimAccepted(memory, 'm1', 1)).toBe('duplicate');
		expect(claimAccepted(memory, 'm2', 2)).toBe('new');
	});

	it('forgets notifications older than the window', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		claimAccepted(memory, 'm1', 0);
		expect(claimAccepted(memory, 'm1', HOUR + 1)).toBe('new');
	});

	it('keeps at most `capacity` entries, dropping the oldest', () => {
		const memory = new RecentNotifications(3, HOUR, 60_000);
		for (const key of ['a', 'b', 'c', 'd']) claimAccepted(memory, key, 0);
		expect(memory.size).toBe(3);
		expect(claimAccepted(memory, 'a', 1)).toBe('new');
		expect(claimAccepted(memory, 'd', 1)).toBe('duplicate');
	});

	it('answers in-progress while a pending claim runs, then duplicate once it succeeded', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		expect(memory.claim('m1', 0)).toBe('new');
		expect(memory.claim('m1', 10)).toBe('in-progress');
		memory.settle('m1', true);
		expect(memory.claim('m1', 20)).toBe('duplicate');
	});

	it('forgets a pending claim whose workflow failed, so the retry is processed', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		memory.claim('m1', 0);
		memory.settle('m1', false);
		expect(memory.claim('m1', 5)).toBe('new');
	});

	it('lets a pending claim lapse after the pending timeout', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		memory.claim('m1', 0);
		expect(memory.claim('m1', 60_001)).toBe('new');
	});

	it('persists only settled entries, newest last, and reloads them after a restart', () => {
		const before = new RecentNotifications(10, HOUR, 60_000);
		claimAccepted(before, 'a', 1);
		before.claim('b', 2);
		claimAccepted(before, 'c', 3);
		const persisted = before.newestSettled(10);
		expect(persisted).toEqual([
			['a', 1],
			['c', 3],
		]);
		expect(before.newestSettled(1)).toEqual([['c', 3]]);

		const after = new RecentNotifications(10, HOUR, 60_000);
		claimAccepted(after, 'z', 5);
		after.load(persisted, 10);
		expect(claimAccepted(after, 'a', 11)).toBe('duplicate');
		expect(claimAccepted(after, 'b', 11)).toBe('new');
		// Loaded entries are ordered by arrival, so expiry still removes the oldest first.
		expect(after.newestSettled(10).map(([key]) => key)).toEqual(['a', 'c', 'z', 'b']);
	});

	it('does not load persisted entries that are already outside the window', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		memory.load([['old', 0]], HOUR + 5);
		expect(claimAccepted(memory, 'old', HOUR + 6)).toBe('new');
	});

	it('wakes those waiting on a pending claim when it settles, either way', async () => {
		jest.useFakeTimers(); // the waits' own timers must not outlive the test
		const memory = new RecentNotifications(10, HOUR, 60_000);
		memory.claim('m1', 0);
		memory.claim('m2', 0);
		const woken: string[] = [];
		const waits = [
			memory.whenSettled('m1', 60_000).then(() => woken.push('m1')),
			memory.whenSettled('m2', 60_000).then(() => woken.push('m2')),
		];
		await Promise.resolve();
		expect(woken).toEqual([]);
		memory.settle('m2', false);
		memory.settle('m1', true);
		await Promise.all(waits);
		expect(woken).toEqual(['m2', 'm1']);
		expect(memory.claim('m1', 1)).toBe('duplicate');
		expect(memory.claim('m2', 1)).toBe('new');
		jest.useRealTimers();
	});

	it('stops waiting after the timeout while the claim is still pending, and at once when nothing is pending', async () => {
		jest.useFakeTimers();
		try {
			const memory = new RecentNotifications(10, HOUR, 60_000);
			await memory.whenSettled('unknown', 1_000);
			memory.claim('m1', 0);
			let done = false;
			const wait = memory.whenSettled('m1', 1_000).then(() => (done = true));
			jest.advanceTimersByTime(999);
			await Promise.resolve();
			expect(done).toBe(false);
			jest.advanceTimersByTime(1);
			await wait;
			expect(memory.claim('m1', 2)).toBe('in-progress');
		} finally {
			jest.useRealTimers();
		}
	});
});
