/**
 * FHIR date-times in the caller's zone: `*Local` (ISO 8601 with offset, to the second) and
 * `appointmentStartText` (luxon's `toLocaleString` with START_TEXT_FORMAT).
 *
 * The usual FHIR instant (`2026-12-01T14:30:00Z`, `...-05:00`) is read by a character scan and
 * converted with the cached formatters of the time context: about ten times cheaper than luxon's
 * `fromISO` + `setZone` + `toLocaleString`, with the same result. Anything else (no offset,
 * week dates, odd years, zones served by luxon) goes to luxon itself, which defines the result.
 */
import { DateTime } from 'luxon';

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

const MS_PER_DAY = 86_400_000;
/** `Date` (and so `Intl`) accepts instants up to 8.64e15 ms either side of 1970. */
const MAX_DATE_MS = 8.64e15;

/**
 * A FHIR dateTime/instant seen in the caller's zone; `null` when absent, not a date-time, or a
 * date without a time.
 */
export function toLocalTime(value: unknown, clock: TimeContext, withText: boolean): LocalTime | null {
	if (typeof value !== 'string') return null;
	const epochMs = clock.kind === 'luxon' ? null : parseInstant(value);
	if (epochMs === null) return viaLuxon(value, clock, withText);
	const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
	const offset = clock.offsetAt(wholeSecondMs);
	if (offset === null) return viaLuxon(value, clock, withText);
	return {
		epochMs,
		local: isoWithOffset(wholeSecondMs, offset, clock.kind === 'utc'),
		text: withText ? clock.formatText(epochMs) : null,
	};
}

/** Whole minutes from one instant to another, rounded to the nearest minute. */
export function minutesBetween(startMs: number, endMs: number): number {
	// `|| 0` turns the -0 of a tiny negative difference into 0.
	return Math.round((endMs - startMs) / 60_000) || 0;
}

/** The slow path: exactly what luxon gives. */
function viaLuxon(value: string, clock: TimeContext, withText: boolean): LocalTime | null {
	// A time needs the `T` separator; luxon would read a bare date as midnight.
	if (value.indexOf('T') < 0) return null;
	const parsed = DateTime.fromISO(value);
	if (!parsed.isValid) return null;
	const epochMs = parsed.toMillis();
	if (!(Math.abs(epochMs) <= MAX_DATE_MS)) return null;
	const zoned = parsed.setZone(clock.zone);
	const local = zoned.startOf('second').toISO({ suppressMilliseconds: true });
	if (local === null) return null;
	return {
		epochMs,
		local,
		text: withText ? zoned.setLocale(clock.locale).toLocaleString(START_TEXT_FORMAT) : null,
	};
}

/**
 * Epoch milliseconds of `YYYY-MM-DDThh:mm[:ss[.fff]](Z|±hh:mm)`, the form FHIR instants take;
 * `null` for any other form or a value out of range (those are left to luxon).
 */
export function parseInstant(value: string): number | null {
	const length = value.length;
	if (
		length < 17 ||
		value.charCodeAt(4) !== 45 /* - */ ||
		value.charCodeAt(7) !== 45 ||
		value.charCodeAt(10) !== 84 /* T */ ||
		value.charCodeAt(13) !== 58 /* : */
	) {
		return null;
	}
	const year = digits(value, 0, 4);
	const month = digits(value, 5, 2);
	const day = digits(value, 8, 2);
	const hour = digits(value, 11, 2);
	const minute = digits(value, 14, 2);
	let second = 0;
	let millisecond = 0;
	let at = 16;
	if (value.charCodeAt(at) === 58) {
		second = digits(value, 17, 2);
		at = 19;
		if (value.charCodeAt(at) === 46 /* . */) {
			at++;
			const first = at;
			let scale = 100;
			for (let code = value.charCodeAt(at); code >= 48 && code <= 57; code = value.charCodeAt(++at)) {
				millisecond += (code - 48) * scale;
				scale /= 10;
			}
			if (at === first) return null;
			millisecond = Math.floor(millisecond);
		}
	}
	const offset = readOffset(value, at);
	if (
		offset === null ||
		year < 1000 ||
		year > 9998 ||
		month < 1 ||
		month > 12 ||
		day < 1 ||
		day > daysInMonth(year, month) ||
		hour < 0 ||
		hour > 23 ||
		minute < 0 ||
		minute > 59 ||
		second < 0 ||
		second > 59
	) {
		return null;
	}
	const secondsOfDay = hour * 3600 + minute * 60 + second;
	return (daysFromCivil(year, month, day) * 86400 + secondsOfDay - offset * 60) * 1000 + millisecond;
}

/** Offset minutes of a `Z` or `±hh:mm` suffix starting at `at` and ending the string. */
function readOffset(value: string, at: number): number | null {
	const sign = value.charCodeAt(at);
	if (sign === 90 /* Z */) return at + 1 === value.length ? 0 : null;
	if ((sign !== 43 && sign !== 45) || at + 6 !== value.length || value.charCodeAt(at + 3) !== 58) {
		return null;
	}
	const hours = digits(value, at + 1, 2);
	const minutes = digits(value, at + 4, 2);
	if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return null;
	const total = hours * 60 + minutes;
	return sign === 45 ? -total : total;
}

/** The decimal number in `count` characters from `at`, or -1 when one is not a digit. */
function digits(value: string, at: number, count: number): number {
	let result = 0;
	for (let i = at; i < at + count; i++) {
		const digit = value.charCodeAt(i) - 48;
		if (!(digit >= 0 && digit <= 9)) return -1;
		result = result * 10 + digit;
	}
	return result;
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
	const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return era * 146097 + dayOfEra - 719468;
}

/**
 * `YYYY-MM-DDThh:mm:ss±hh:mm` of a whole-second instant at a whole-minute offset, as luxon's
 * `toISO` writes it: `Z` for its fixed UTC zone, `+00:00` for a named zone at offset zero. The
 * year has four digits: the fast path only takes years 1000 to 9998, so its wall years stay
 * within 0999 to 9999.
 */
function isoWithOffset(epochMs: number, offsetMinutes: number, zeroIsZ: boolean): string {
	const wallMs = epochMs + offsetMinutes * 60_000;
	const days = Math.floor(wallMs / MS_PER_DAY);
	const secondsOfDay = (wallMs - days * MS_PER_DAY) / 1000;

	// Inverse of daysFromCivil (H. Hinnant's `civil_from_days`).
	const shifted = days + 719468;
	const era = Math.floor(shifted / 146097);
	const dayOfEra = shifted - era * 146097;
	const yearOfEra = Math.floor(
		(dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
	);
	const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
	const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
	const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

	const hour = Math.floor(secondsOfDay / 3600);
	const minute = Math.floor((secondsOfDay % 3600) / 60);
	const second = secondsOfDay % 60;

	let offset: string;
	if (offsetMinutes === 0 && zeroIsZ) {
		offset = 'Z';
	} else {
		const size = Math.abs(offsetMinutes);
		offset = (offsetMinutes < 0 ? '-' : '+') + TWO_DIGITS[Math.floor(size / 60)] + ':' + TWO_DIGITS[size % 60];
	}
	return (
		TWO_DIGITS[Math.floor(year / 100)] +
		TWO_DIGITS[year % 100] +
		'-' +
		TWO_DIGITS[month] +
		'-' +
		TWO_DIGITS[day] +
		'T' +
		TWO_DIGITS[hour] +
		':' +
		TWO_DIGITS[minute] +
		':' +
		TWO_DIGITS[second] +
		offset
	);
}

/** "00" to "99": string building without padding calls (this runs for every time field). */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
