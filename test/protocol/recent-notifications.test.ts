import { RecentNotifications } from '../../nodes/RedoxSchedulingTrigger/dedup/recent-notifications';

const HOUR = 60 * 60 * 1000;

describe('RecentNotifications', () => {
	it('claims a new notification once; a repeat is a duplicate', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		expect(memory.claim('m1', 0, true)).toBe('new');
		expect(memory.claim('m1', 1, true)).toBe('duplicate');
		expect(memory.claim('m2', 2, true)).toBe('new');
	});

	it('forgets notifications older than the window', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		memory.claim('m1', 0, true);
		expect(memory.claim('m1', HOUR + 1, true)).toBe('new');
	});

	it('keeps at most `capacity` entries, dropping the oldest', () => {
		const memory = new RecentNotifications(3, HOUR, 60_000);
		for (const key of ['a', 'b', 'c', 'd']) memory.claim(key, 0, true);
		expect(memory.size).toBe(3);
		expect(memory.claim('a', 1, true)).toBe('new');
		expect(memory.claim('d', 1, true)).toBe('duplicate');
	});

	it('answers in-progress while a pending claim runs, then duplicate once it succeeded', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		expect(memory.claim('m1', 0, false)).toBe('new');
		expect(memory.claim('m1', 10, false)).toBe('in-progress');
		memory.settle('m1', true);
		expect(memory.claim('m1', 20, false)).toBe('duplicate');
	});

	it('forgets a pending claim whose workflow failed, so the retry is processed', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		memory.claim('m1', 0, false);
		memory.settle('m1', false);
		expect(memory.claim('m1', 5, false)).toBe('new');
	});

	it('lets a pending claim lapse after the pending timeout', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		memory.claim('m1', 0, false);
		expect(memory.claim('m1', 60_001, false)).toBe('new');
	});

	it('persists only settled entries, newest last, and reloads them after a restart', () => {
		const before = new RecentNotifications(10, HOUR, 60_000);
		before.claim('a', 1, true);
		before.claim('b', 2, false);
		before.claim('c', 3, true);
		const persisted = before.newestSettled(10);
		expect(persisted).toEqual([
			['a', 1],
			['c', 3],
		]);
		expect(before.newestSettled(1)).toEqual([['c', 3]]);

		const after = new RecentNotifications(10, HOUR, 60_000);
		after.claim('z', 5, true);
		after.load(persisted, 10);
		expect(after.claim('a', 11, true)).toBe('duplicate');
		expect(after.claim('b', 11, true)).toBe('new');
		// Loaded entries are ordered by arrival, so expiry still removes the oldest first.
		expect(after.newestSettled(10).map(([key]) => key)).toEqual(['a', 'c', 'z', 'b']);
	});

	it('does not load persisted entries that are already outside the window', () => {
		const memory = new RecentNotifications(10, HOUR, 60_000);
		memory.load([['old', 0]], HOUR + 5);
		expect(memory.claim('old', HOUR + 6, true)).toBe('new');
	});
});
