import fc from 'fast-check';

import { OffsetSchedule } from '../../nodes/RedoxSchedulingTrigger/extraction/offset-schedule';
import { parseLongOffset } from '../../nodes/RedoxSchedulingTrigger/extraction/time-context';

/** The exact answer the schedule stands in for: one Intl call per instant. */
function intlOffset(zone: string): (epochMs: number) => number | null {
	const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, minute: 'numeric', timeZoneName: 'longOffset' });
	return (epochMs) => parseLongOffset(format.format(epochMs));
}

function counted(zone: string) {
	const exact = intlOffset(zone);
	const calls = { count: 0 };
	const schedule = new OffsetSchedule((epochMs) => {
		calls.count++;
		return exact(epochMs);
	});
	return { schedule, exact, calls };
}

const ZONES = [
	'America/New_York',
	'Europe/London',
	'Australia/Lord_Howe', // half-hour daylight saving
	'Africa/Casablanca', // daylight saving suspended for Ramadan: two changes a month apart
	'Asia/Kolkata',
	'Pacific/Apia', // skipped a whole day in 2011
	'America/St_Johns',
	'Europe/Dublin', // negative daylight saving in tzdb
];

describe('OffsetSchedule', () => {
	it('gives the exact offset on both sides of every change, to the millisecond', () => {
		const { schedule, exact } = counted('America/New_York');
		const change = Date.UTC(2026, 2, 8, 7, 0, 0); // 2 a.m. EST becomes 3 a.m. EDT
		expect([schedule.offsetAt(change - 1), schedule.offsetAt(change), schedule.offsetAt(change + 1)]).toEqual([-300, -240, -240]);
		for (const at of [change - 1, change, Date.UTC(2026, 10, 1, 6, 0, 0) - 1, Date.UTC(2026, 10, 1, 6, 0, 0)]) {
			expect(schedule.offsetAt(at)).toBe(exact(at));
		}
	});

	it('learns a stretch once: later instants of it cost no Intl call', () => {
		const { schedule, calls } = counted('Europe/London');
		const day = Date.UTC(2026, 5, 1);
		schedule.offsetAt(day);
		const learnt = calls.count;
		expect(learnt).toBeGreaterThan(500);
		for (let hour = 0; hour < 24; hour++) schedule.offsetAt(day + hour * 3_600_000 + 1234);
		expect(calls.count).toBe(learnt);
	});

	it('agrees with Intl at any instant of 1800-2200, in zones with unusual histories', () => {
		const schedules = new Map(ZONES.map((zone) => [zone, counted(zone)]));
		fc.assert(
			fc.property(
				fc.constantFrom(...ZONES),
				fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2200, 0, 1) }),
				(zone, epochMs) => {
					const { schedule, exact } = schedules.get(zone)!;
					return schedule.offsetAt(epochMs) === exact(epochMs);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('agrees with Intl every 10 minutes around the Ramadan changes of Casablanca in 2026', () => {
		const { schedule, exact } = counted('Africa/Casablanca');
		const mismatches: number[] = [];
		for (let at = Date.UTC(2026, 1, 1); at < Date.UTC(2026, 3, 1); at += 600_000) {
			if (schedule.offsetAt(at) !== exact(at)) mismatches.push(at);
		}
		expect(mismatches).toEqual([]);
	});

	it('gives null for offsets that are not whole minutes (local mean time), as Intl does', () => {
		const { schedule, exact } = counted('America/New_York');
		const lmt = Date.UTC(1850, 0, 1);
		expect(exact(lmt)).toBeNull();
		expect(schedule.offsetAt(lmt)).toBeNull();
	});

	it('asks Intl directly near the ends of the range Intl accepts', () => {
		const { schedule, calls } = counted('UTC');
		expect(schedule.offsetAt(8.64e15)).toBe(0);
		expect(schedule.offsetAt(-8.64e15)).toBe(0);
		expect(calls.count).toBe(2);
	});
});
