/**
 * FHIR date-times in the caller's zone: `*Local` (ISO 8601 with offset, to the second) and
 * `appointmentStartText`. Both equal what luxon gives (`setZone(zone)`, `toISO` without
 * milliseconds, `setLocale(locale).toLocaleString(START_TEXT_FORMAT)`): for IANA zones they are
 * computed with the context's cached `Intl` formatters (luxon's own path through `Intl` costs
 * three offset look-ups per value), for the other zones by luxon itself.
 */
import { DateTime } from 'luxon';

import { instantOf } from './instant';
import { START_TEXT_FORMAT, type TimeContext } from './time-context';

/** A date-time shown in the caller's zone. */
export interface LocalTime {
	/** The instant, in epoch milliseconds. */
	epochMs: number;
	/** ISO 8601 with the zone's offset, fractional seconds cut off. */
	local: string;
	/** `appointmentStartText`, when asked for. */
	text: string | null;
}

/** `Date` (and so `Intl`) accepts instants up to 8.64e15 ms either side of 1970. */
const MAX_DATE_MS = 8.64e15;

/**
 * A FHIR dateTime/instant seen in the caller's zone; `null` when absent, not a date-time, or a
 * date without a time (year, year-month, date).
 */
export function toLocalTime(value: unknown, clock: TimeContext, withText: boolean): LocalTime | null {
	const epochMs = instantOf(value);
	if (epochMs === null || !(Math.abs(epochMs) <= MAX_DATE_MS)) return null;
	if (clock.intl === null) return viaLuxon(epochMs, clock, withText);

	const offsetSeconds = offsetSecondsOf(clock.intl.offset.format(epochMs));
	// Never seen; should an ICU write offsets otherwise, luxon still gives the answer.
	if (offsetSeconds === null) return viaLuxon(epochMs, clock, withText);
	const wallMs = Math.floor(epochMs / 1000) * 1000 + offsetSeconds * 1000;
	// The wall time of an instant at the very edge of the range can fall outside it.
	if (!(Math.abs(wallMs) <= MAX_DATE_MS)) return null;
	return {
		epochMs,
		// toISOString writes the year as luxon does (four digits, else six with a sign).
		local: new Date(wallMs).toISOString().slice(0, -'.000Z'.length) + offsetText(offsetSeconds),
		text: withText ? clock.intl.text.format(epochMs) : null,
	};
}

/** Whole minutes from one instant to another, rounded to the nearest minute. */
export function minutesBetween(startMs: number, endMs: number): number {
	// `|| 0` turns the -0 of a tiny negative difference into 0.
	return Math.round((endMs - startMs) / 60_000) || 0;
}

function viaLuxon(epochMs: number, clock: TimeContext, withText: boolean): LocalTime | null {
	const zoned = DateTime.fromMillis(epochMs, { zone: clock.zone, locale: clock.locale });
	const local = zoned.startOf('second').toISO({ suppressMilliseconds: true, includeOffset: true });
	if (local === null) return null;
	return { epochMs, local, text: withText ? zoned.toLocaleString(START_TEXT_FORMAT) : null };
}

/**
 * Seconds east of UTC from a `longOffset` zone name: `GMT`, `GMT+05:30`, or `GMT-04:56:02` (local
 * mean time before 1900). ICU writes the sign as `-` or, in some versions, U+2212.
 */
const LONG_OFFSET = /GMT(?:([+\-\u2212])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function offsetSecondsOf(formatted: string): number | null {
	const match = LONG_OFFSET.exec(formatted);
	if (match === null) return null;
	const [, sign, hours = '0', minutes = '0', seconds = '0'] = match;
	const size = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
	return sign === '+' || sign === undefined ? size : -size;
}

/** `±hh:mm`, seconds of the offset cut off, as luxon writes it. */
function offsetText(offsetSeconds: number): string {
	const size = Math.abs(offsetSeconds);
	const hours = Math.floor(size / 3600);
	const minutes = Math.floor((size % 3600) / 60);
	return `${offsetSeconds >= 0 ? '+' : '-'}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
