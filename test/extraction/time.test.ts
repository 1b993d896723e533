/**
 * Times in the caller's zone and locale: `*Local` (ISO 8601 with offset, to the second) and
 * `appointmentStartText`, which must equal luxon's fromISO + setZone + setLocale + toLocaleString.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';

import { START_TEXT_FORMAT, timeContext } from '../../nodes/RedoxSchedulingTrigger/extraction/time-context';
import { parseInstant, toLocalTime } from '../../nodes/RedoxSchedulingTrigger/extraction/time';

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

describe('the fast path agrees with luxon', () => {
	const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'Africa/Monrovia', 'Pacific/Apia', 'Europe/Dublin'];
	// Some print a narrow no-break space before AM/PM, which only formatToParts keeps (see the UTC
	// case in time-context.ts); others use another calendar or numbering.
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
				// The fast path reads the instant itself (null: outside its range, left to luxon).
				const fast = parseInstant(value);
				if (fast !== null) expect(Math.floor(fast / 1000)).toBe(Math.floor(DateTime.fromISO(value).toMillis() / 1000));
				const result = toLocalTime(value, timeContext(zone, locale), true);
				const expected = luxon(value, zone, locale);
				expect(result?.local).toBe(expected.local);
				expect(result?.text).toBe(expected.text);
			}),
			{ numRuns: 600 },
		);
	});
});
