/** The instant a FHIR date-time with a time names, in epoch milliseconds. */
import { DateTime } from 'luxon';

/**
 * A FHIR `instant`, or a `dateTime` with a time: `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`
 * (seconds may also be left out, as ISO 8601 allows). Anything else goes to luxon.
 */
const FHIR_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Epoch milliseconds of a date-time with a time, fractional milliseconds cut off as luxon does;
 * `null` for anything else (absent, a bare date, year-month or year, free text, an invalid day).
 * The FHIR form is read by a regular expression (about a twentieth of luxon's `fromISO`); other
 * ISO 8601 forms (week dates, the basic format, no offset) are left to luxon, which defines them.
 */
export function instantOf(value: unknown): number | null {
	// A time needs the `T` separator; luxon would read a bare date as midnight.
	if (typeof value !== 'string' || !value.includes('T')) return null;
	return fhirInstant(value) ?? luxonInstant(value);
}

function fhirInstant(value: string): number | null {
	const match = FHIR_DATE_TIME.exec(value);
	if (match === null) return null;
	const [, year, month, day, hour, minute, second = '0', fraction, sign, offsetHours = '0', offsetMinutes = '0'] = match;
	const date = new Date(0);
	// setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999.
	date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
	date.setUTCHours(Number(hour), Number(minute), Number(second), fraction === undefined ? 0 : millisecondsOf(fraction));
	const inRange =
		date.getUTCMonth() === Number(month) - 1 && // a day past the month's end rolls over
		date.getUTCDate() === Number(day) &&
		Number(hour) <= 23 &&
		Number(minute) <= 59 &&
		Number(second) <= 59 &&
		Number(offsetHours) <= 23 &&
		Number(offsetMinutes) <= 59;
	// Out of range: luxon decides (it rejects these too, but it defines the result).
	if (!inRange) return null;
	const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
	return date.getTime() - (sign === '-' ? -offsetMs : offsetMs);
}

/** As luxon reads a fraction of a second: whole milliseconds, the rest cut off. */
function millisecondsOf(fraction: string): number {
	return Math.floor(parseFloat(`0.${fraction}`) * 1000);
}

function luxonInstant(value: string): number | null {
	const parsed = DateTime.fromISO(value, { setZone: true });
	return parsed.isValid ? parsed.toMillis() : null;
}
