/**
 * Times in the caller's zone and locale: `*Local` (ISO 8601 with offset, to the second) and
 * `appointmentStartText`, which must equal luxon's fromISO + setZone + setLocale + toLocaleString.
 * time.ts computes IANA zones with cached Intl formatters and instant.ts reads the FHIR form with
 * a regular expression: both are held to luxon here, over wide year ranges and odd zones.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';

import { START_TEXT_FORMAT, timeContext } from '../../nodes/RedoxSchedulingTrigger/extraction/time-context';
import { instantOf } from '../../nodes/RedoxSchedulingTrigger/extraction/instant';
import { toLocalTime } from '../../nodes/RedoxSchedulingTrigger/extraction/time';

import { appointment, bundle, header, parse } from './helpers';

/** What luxon gives for a FHIR date-time: the contract's definition of both fields. */
function luxon(value: string, timezone: string, locale: string): { local: string | null; text: string } {
	const zoned = DateTime.fromISO(value).setZone(timezone);
	return {
		local: zoned.startOf('second').toISO({ suppressMilliseconds: true }),
		text: zoned.setLocale(locale).toLocaleString(START_TEXT_FORMAT),
	};
}

function times(start: unknown, timezone: string, locale = 'en-US', end?: unknown): Record<string, unknown> {
	const result = parse(bundle(header(), appointment({ start, ...(end === undefined ? {} : { end }) })), { timezone, locale });
	return {
		local: result.appointmentStartLocal,
		endLocal: result.appointmentEndLocal,
		text: result.appointmentStartText,
	};
}

describe('America/New_York across daylight saving time', () => {
	it.each([
		// 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00Z).
		['2026-03-08T06:59:59Z', '2026-03-08T01:59:59-05:00', 'Sunday, March 8, 2026 at 1:59 AM EST'],
		['2026-03-08T07:00:00Z', '2026-03-08T03:00:00-04:00', 'Sunday, March 8, 2026 at 3:00 AM EDT'],
		// 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00Z): 01:30 happens twice.
		['2026-11-01T05:30:00Z', '2026-11-01T01:30:00-04:00', 'Sunday, November 1, 2026 at 1:30 AM EDT'],
		['2026-11-01T06:30:00Z', '2026-11-01T01:30:00-05:00', 'Sunday, November 1, 2026 at 1:30 AM EST'],
		['2026-11-01T01:30:00-04:00', '2026-11-01T01:30:00-04:00', 'Sunday, November 1, 2026 at 1:30 AM EDT'],
		['2026-11-01T01:30:00-05:00', '2026-11-01T01:30:00-05:00', 'Sunday, November 1, 2026 at 1:30 AM EST'],
	])('%s → %s', (start, local, text) => {
		const result = times(start, 'America/New_York');
		expect(result.local).toBe(local);
		expect(result.text).toBe(luxon(start, 'America/New_York', 'en-US').text);
		expect(String(result.text).replace(/[\u202f\u00a0]/g, ' ')).toBe(text);
	});

	it('start and end on either side of a transition get their own offsets', () => {
		const result = times('2026-03-08T06:30:00Z', 'America/New_York', 'en-US', '2026-03-08T07:30:00Z');
		expect(result).toMatchObject({ local: '2026-03-08T01:30:00-05:00', endLocal: '2026-03-08T03:30:00-04:00' });
	});
});

describe('other zones and locales, equal to luxon', () => {
	it.each([
		['2026-07-01T12:00:00Z', 'Europe/London', 'en-GB', '2026-07-01T13:00:00+01:00'],
		['2026-01-15T12:00:00Z', 'Europe/London', 'en-GB', '2026-01-15T12:00:00+00:00'],
		['2026-12-01T14:30:00Z', 'Asia/Kolkata', 'en-IN', '2026-12-01T20:00:00+05:30'],
		['2026-01-15T12:00:00Z', 'Australia/Lord_Howe', 'en-AU', '2026-01-15T23:00:00+11:00'],
		['2026-07-15T12:00:00Z', 'Australia/Lord_Howe', 'en-AU', '2026-07-15T22:30:00+10:30'],
		['2026-12-01T14:30:00Z', 'Asia/Kathmandu', 'en-US', '2026-12-01T20:15:00+05:45'],
		['2026-12-01T14:30:00Z', 'Pacific/Kiritimati', 'en-US', '2026-12-02T04:30:00+14:00'],
		['2026-12-01T14:30:00Z', 'Pacific/Pago_Pago', 'en-US', '2026-12-01T03:30:00-11:00'],
		['2026-12-01T14:30:00Z', 'Europe/Berlin', 'de-DE', '2026-12-01T15:30:00+01:00'],
		['2026-06-15T10:15:00-05:00', 'America/New_York', 'de-DE', '2026-06-15T11:15:00-04:00'],
		['2026-06-15T10:15:00-05:00', 'America/New_York', 'en-GB', '2026-06-15T11:15:00-04:00'],
		['2026-06-15T10:15:00-05:00', 'America/Chicago', 'es-MX', '2026-06-15T10:15:00-05:00'],
		['2026-06-15T10:15:00-05:00', 'Asia/Tokyo', 'ja-JP', '2026-06-16T00:15:00+09:00'],
		['2026-06-15T10:15:00-05:00', 'america/new_york', 'en-US', '2026-06-15T11:15:00-04:00'],
		['2026-06-15T10:15:00-05:00', 'Etc/UTC', 'en-US', '2026-06-15T15:15:00+00:00'],
	])('%s in %s (%s)', (start, timezone, locale, local) => {
		const result = times(start, timezone, locale);
		expect(result.local).toBe(local);
		expect(result.local).toBe(luxon(start, timezone, locale).local);
		expect(result.text).toBe(luxon(start, timezone, locale).text);
	});

	it.each([
		['UTC', '2026-12-01T14:30:00Z'],
		['utc', '2026-12-01T14:30:00Z'],
		['GMT', '2026-12-01T14:30:00Z'],
		['UTC+5', '2026-12-01T19:30:00+05:00'],
		['UTC-03:30', '2026-12-01T11:00:00-03:30'],
	])('the fixed zone %s', (timezone, local) => {
		const start = '2026-12-01T14:30:00Z';
		for (const locale of ['en-US', 'de-DE', 'ar-EG']) {
			const result = times(start, timezone, locale);
			expect(result.local).toBe(local);
			expect(result.text).toBe(luxon(start, timezone, locale).text);
		}
	});
});

describe('which values have a local time', () => {
	it.each([
		['a date without a time', '2026-12-01'],
		['a year and month', '2026-12'],
		['a year', '2026'],
		['a leap second (FHIR allows :60; luxon, and so this, does not)', '2026-12-31T23:59:60Z'],
		['an invalid day', '2026-02-30T10:00:00Z'],
		['an invalid hour', '2026-12-01T25:00:00Z'],
		['free text', 'next Tuesday'],
		['an empty string', ''],
		['a number', 1796135400000],
		['an object', { value: '2026-12-01T14:30:00Z' }],
	])('%s: null', (_name, start) => {
		expect(times(start, 'America/New_York')).toEqual({ local: null, endLocal: null, text: null });
	});

	it('absent: null', () => {
		expect(times(undefined, 'UTC')).toEqual({ local: null, endLocal: null, text: null });
	});

	it.each([
		['fractional seconds are cut, not rounded', '2026-12-01T14:30:59.999Z', '2026-12-01T09:30:59-05:00'],
		['minutes without seconds', '2026-12-01T14:30Z', '2026-12-01T09:30:00-05:00'],
		['a FHIR instant with nine fraction digits', '2026-12-01T14:30:59.123456789-05:00', '2026-12-01T14:30:59-05:00'],
		['an offset of zero written +00:00', '2026-12-01T14:30:00+00:00', '2026-12-01T09:30:00-05:00'],
		['before 1970', '1969-07-20T20:17:40Z', '1969-07-20T16:17:40-04:00'],
		['a far year', '9000-01-01T00:00:00Z', '8999-12-31T19:00:00-05:00'],
	])('%s', (_name, start, local) => {
		const result = times(start, 'America/New_York');
		expect(result.local).toBe(local);
		expect(result.local).toBe(luxon(start, 'America/New_York', 'en-US').local);
		expect(result.text).toBe(luxon(start, 'America/New_York', 'en-US').text);
	});

	it.each([
		['no offset (luxon reads it in its default zone)', '2026-12-01T09:30:00'],
		['a comma before the fraction', '2026-12-01T14:30:00,5Z'],
		['a compact offset', '2026-12-01T14:30:00+0530'],
		['the basic format', '20261201T143000Z'],
		['a year before 1000', '0999-06-01T12:00:00Z'],
		['local mean time of 1800', '1800-06-01T12:00:00Z'],
	])('forms luxon reads: %s', (_name, start) => {
		const result = times(start, 'America/New_York');
		const expected = luxon(start, 'America/New_York', 'en-US');
		expect(result.local).toBe(expected.local);
		expect(result.text).toBe(expected.text);
	});
});

describe('the Intl path and the FHIR reader agree with luxon', () => {
	const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'Africa/Monrovia', 'Pacific/Apia', 'Europe/Dublin'];
	// Some print a narrow no-break space before AM/PM; others use another calendar or numbering.
	const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-CA', 'hi-IN', 'es-MX', 'ko-KR', 'ar-EG', 'he-IL-u-ca-hebrew', 'th-TH'];

	it('for instants from 1000 to 9998 in many zones and locales', () => {
		const instant = fc
			.record({
				ms: fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9998, 0, 1) }),
				offsetMinutes: fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
				fraction: fc.constantFrom('', '.5', '.123', '.999999'),
				zulu: fc.boolean(),
			})
			.map(({ ms, offsetMinutes, fraction, zulu }) => {
				const offset = zulu ? 0 : offsetMinutes;
				const wall = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
				const sign = offset < 0 ? '-' : '+';
				const size = Math.abs(offset);
				const suffix = zulu ? 'Z' : `${sign}${String(Math.floor(size / 60)).padStart(2, '0')}:${String(size % 60).padStart(2, '0')}`;
				return `${wall}${fraction}${suffix}`;
			});
		fc.assert(
			fc.property(instant, fc.constantFrom(...ZONES), fc.constantFrom(...LOCALES), (value, zone, locale) => {
				// The FHIR reader gives luxon's instant, to the millisecond.
				expect(instantOf(value)).toBe(DateTime.fromISO(value).toMillis());
				const result = toLocalTime(value, timeContext(zone, locale), true);
				const expected = luxon(value, zone, locale);
				expect(result?.local).toBe(expected.local);
				expect(result?.text).toBe(expected.text);
			}),
			{ numRuns: 600 },
		);
	});

	// Casablanca suspends daylight saving for Ramadan (two changes a month apart), Lord Howe moves
	// by half an hour, Apia skipped a whole day in 2011, Dublin has negative daylight saving in
	// tzdb, and before 1900 most zones are in local mean time (offsets with seconds).
	const ODD_ZONES = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Africa/Casablanca', 'Asia/Kolkata', 'Pacific/Apia', 'America/St_Johns', 'Europe/Dublin'];

	it('at any instant of 1800-2200, in zones with unusual histories', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...ODD_ZONES),
				fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2200, 0, 1) }),
				(zone, epochMs) => {
					const value = new Date(epochMs).toISOString();
					const result = toLocalTime(value, timeContext(zone, 'en-US'), true);
					const expected = luxon(value, zone, 'en-US');
					expect(result?.local).toBe(expected.local);
					expect(result?.text).toBe(expected.text);
				},
			),
			{ numRuns: 300 },
		);
	});

	it('every 10 minutes around the Ramadan changes of Casablanca in 2026', () => {
		const clock = timeContext('Africa/Casablanca', 'en-US');
		const mismatches: string[] = [];
		for (let at = Date.UTC(2026, 1, 1); at < Date.UTC(2026, 3, 1); at += 600_000) {
			const value = new Date(at).toISOString();
			if (toLocalTime(value, clock, false)?.local !== luxon(value, 'Africa/Casablanca', 'en-US').local) mismatches.push(value);
		}
		expect(mismatches).toEqual([]);
	});

	it('local mean time (an offset with seconds): the wall time to the second, the offset cut to minutes', () => {
		const value = '1850-01-01T12:00:00Z';
		const result = toLocalTime(value, timeContext('America/New_York', 'en-US'), false);
		// New York's local mean time is -4:56:02.
		expect(result?.local).toBe('1850-01-01T07:03:58-04:56');
		expect(result?.local).toBe(luxon(value, 'America/New_York', 'en-US').local);
	});

	it.each([
		['the last instant Date accepts, in UTC', '+275760-09-13T00:00:00Z', 'UTC', '+275760-09-13T00:00:00Z'],
		['the last instant Date accepts, west of UTC', '+275760-09-13T00:00:00Z', 'America/New_York', '+275760-09-12T20:00:00-04:00'],
		['a wall time past the range Date accepts', '+275760-09-12T23:00:00Z', 'Asia/Tokyo', null],
		['the first instant Date accepts, west of UTC', '-271821-04-20T00:00:00Z', 'America/New_York', null],
		['a year 10000 wall time', '9999-12-31T23:59:59-12:00', 'Asia/Tokyo', '+010000-01-01T20:59:59+09:00'],
		['a year 0 instant', '0000-01-01T00:00:00Z', 'America/New_York', '-000001-12-31T19:03:58-04:56'],
	])('the ends of the range: %s', (_name, value, zone, local) => {
		const result = toLocalTime(value, timeContext(zone, 'en-US'), true);
		expect(result?.local ?? null).toBe(local);
		if (local !== null) expect(result?.text).toBe(luxon(value, zone, 'en-US').text);
	});
});
