/**
 * Time zones and formatters for the caller's `timezone` and `locale`, built once per distinct pair
 * and cached: creating an `Intl.DateTimeFormat` costs far more than using one. Nothing here
 * depends on a notification, so the caches only grow with the options callers use.
 */
import { Info, type Zone } from 'luxon';

import { OffsetSchedule } from './offset-schedule';

/** The `toLocaleString` options that define `appointmentStartText`. */
export const START_TEXT_FORMAT: Intl.DateTimeFormatOptions = {
	weekday: 'long',
	month: 'long',
	day: 'numeric',
	year: 'numeric',
	hour: 'numeric',
	minute: '2-digit',
	timeZoneName: 'short',
};

/**
 * How a zone is served: `iana` and `utc` by our own fast path (`Intl` only), `luxon` (fixed
 * non-zero offsets such as `UTC+5`, the system zone) by luxon itself, as they are rare.
 */
export type ClockKind = 'iana' | 'utc' | 'luxon';

/** A validated (timezone, locale) pair with the formatters the time fields need. */
export interface TimeContext {
	readonly kind: ClockKind;
	/** The luxon zone, as `DateTime#setZone(timezone)` would pick it. */
	readonly zone: Zone;
	/** The locale as given by the caller, for luxon. */
	readonly locale: string;
	/** Offset of the zone in minutes at an instant; `null` when not whole minutes (pre-1900 LMT). */
	offsetAt(epochMs: number): number | null;
	/** `appointmentStartText` of an instant. */
	formatText(epochMs: number): string;
}

const MAX_CACHED_CONTEXTS = 256;
const contexts = new Map<string, Map<string, TimeContext>>();
let cachedCount = 0;

/**
 * The time context of a (timezone, locale) pair, cached. Throws a RangeError naming the value
 * when luxon does not know the zone or `Intl` rejects the locale.
 */
export function timeContext(timezone: string, locale: string): TimeContext {
	let byLocale = contexts.get(timezone);
	const cached = byLocale?.get(locale);
	if (cached !== undefined) return cached;

	const context = createContext(timezone, locale);
	if (cachedCount >= MAX_CACHED_CONTEXTS) {
		// Callers use a handful of pairs; a flood of distinct ones must not grow memory forever.
		contexts.clear();
		cachedCount = 0;
		byLocale = undefined;
	}
	if (byLocale === undefined) {
		byLocale = new Map();
		contexts.set(timezone, byLocale);
	}
	byLocale.set(locale, context);
	cachedCount++;
	return context;
}

function createContext(timezone: string, locale: string): TimeContext {
	const zone = Info.normalizeZone(timezone);
	if (!zone.isValid) {
		throw new RangeError(
			`Unknown time zone ${JSON.stringify(timezone)}: use an IANA name such as "America/New_York", or "UTC".`,
		);
	}
	const intlLocale = luxonIntlLocale(locale);
	if (zone.type === 'iana') return ianaContext(zone, locale, intlLocale);
	if (zone.type === 'fixed' && zone.offset(0) === 0) return utcContext(zone, locale, intlLocale);
	return luxonContext(zone, locale, intlLocale);
}

/** A formatter for the start text; a RangeError naming the locale when `Intl` rejects it. */
function textFormatter(intlLocale: string, locale: string, timeZone: string | undefined): Intl.DateTimeFormat {
	let formatter: Intl.DateTimeFormat | null = null;
	try {
		formatter = new Intl.DateTimeFormat(intlLocale, { ...START_TEXT_FORMAT, timeZone });
	} catch {
		// Reported below, naming the value (Intl's message does not).
	}
	if (formatter === null) throw unknownLocale(locale);
	return formatter;
}

function unknownLocale(locale: string): RangeError {
	return new RangeError(`Unknown locale ${JSON.stringify(locale)}: use a BCP 47 tag such as "en-US" or "de-DE".`);
}

function ianaContext(zone: Zone, locale: string, intlLocale: string): TimeContext {
	const text = textFormatter(intlLocale, locale, zone.name);
	const schedule = offsetScheduleOf(zone.name);
	return {
		kind: 'iana',
		zone,
		locale,
		offsetAt: (epochMs) => schedule.offsetAt(epochMs),
		formatText: (epochMs) => text.format(epochMs),
	};
}

/** One offset schedule per zone, shared by every locale's context of that zone. */
const schedules = new Map<string, OffsetSchedule>();

function offsetScheduleOf(zoneName: string): OffsetSchedule {
	let schedule = schedules.get(zoneName);
	if (schedule === undefined) {
		// `longOffset` prints the offset itself ("GMT-05:00"): one short format call per instant
		// the schedule asks, and it asks only while it learns a stretch of time.
		const offsets = new Intl.DateTimeFormat('en-US', { timeZone: zoneName, minute: 'numeric', timeZoneName: 'longOffset' });
		schedule = new OffsetSchedule((epochMs) => parseLongOffset(offsets.format(epochMs)));
		// Bounded like the contexts: a flood of distinct zones must not grow memory forever.
		if (schedules.size >= MAX_CACHED_CONTEXTS) schedules.clear();
		schedules.set(zoneName, schedule);
	}
	return schedule;
}

function utcContext(zone: Zone, locale: string, intlLocale: string): TimeContext {
	const text = textFormatter(intlLocale, locale, 'UTC');
	// luxon formats its UTC zone in Intl's "UTC" zone through formatToParts, writing the zone's
	// own name ("UTC") as the abbreviation. formatToParts keeps the narrow no-break spaces (U+202F)
	// CLDR puts before "AM"/"PM"; V8's format() turns every one of them into a plain space, and
	// differs in nothing else. format() costs well under half of formatToParts, so it is used
	// with those spaces put back: at the same places counted from the end, a rule learnt and
	// checked here on instants covering every month, weekday and day period. If the check fails,
	// formatToParts is used.
	const viaParts = (epochMs: number): string => {
		let out = '';
		for (const part of text.formatToParts(epochMs)) out += part.type === 'timeZoneName' ? 'UTC' : part.value;
		return out;
	};
	const probes = utcProbes();
	const ranks = narrowSpaceRanks(viaParts(probes[0]));
	const withRule = (epochMs: number): string => restoreNarrowSpaces(text.format(epochMs), ranks);
	const ruleHolds = probes.every((epochMs) => withRule(epochMs) === viaParts(epochMs));
	let formatText = viaParts;
	if (ruleHolds) formatText = ranks.length === 0 ? (epochMs: number) => text.format(epochMs) : withRule;
	return { kind: 'utc', zone, locale, offsetAt: () => 0, formatText };
}

const NARROW_SPACE = '\u202f';

/** Two instants (01:05 and 13:05 UTC) every 16 days of 2026: all months, weekdays, day periods. */
function utcProbes(): number[] {
	const probes: number[] = [];
	for (let day = 0; day < 365; day += 16) {
		probes.push(Date.UTC(2026, 0, 1 + day, 1, 5), Date.UTC(2026, 0, 1 + day, 13, 5));
	}
	return probes;
}

/** For each narrow no-break space of a text: how many spaces of either kind end there, from the end. */
function narrowSpaceRanks(expected: string): number[] {
	const ranks: number[] = [];
	let spaces = 0;
	for (let at = expected.length - 1; at >= 0; at--) {
		const char = expected[at];
		if (char === ' ' || char === NARROW_SPACE) spaces++;
		if (char === NARROW_SPACE) ranks.push(spaces);
	}
	return ranks;
}

/** The text with the spaces of these ranks (counted from the end) made narrow no-break spaces. */
function restoreNarrowSpaces(formatted: string, ranks: readonly number[]): string {
	let out = formatted;
	let spaces = 0;
	let next = 0;
	for (let at = formatted.length - 1; at >= 0 && next < ranks.length; at--) {
		if (formatted.charCodeAt(at) !== 32) continue;
		spaces++;
		if (spaces === ranks[next]) {
			out = out.slice(0, at) + NARROW_SPACE + out.slice(at + 1);
			next++;
		}
	}
	return out;
}

function luxonContext(zone: Zone, locale: string, intlLocale: string): TimeContext {
	// Validates the locale; the formatting itself is luxon's (see time.ts).
	textFormatter(intlLocale, locale, 'UTC');
	return {
		kind: 'luxon',
		zone,
		locale,
		offsetAt: () => null,
		formatText: () => '',
	};
}

/** Minutes east of UTC from "GMT", "GMT+05:30" or "GMT-04:56:02" (the last gives `null`). */
export function parseLongOffset(formatted: string): number | null {
	const at = formatted.lastIndexOf('GMT');
	if (at < 0) return null;
	const rest = formatted.length - at - 3;
	if (rest === 0) return 0;
	if (rest !== 6) return null;
	const sign = formatted.charCodeAt(at + 3);
	const hours = twoDigits(formatted, at + 4);
	const minutes = twoDigits(formatted, at + 7);
	if (hours < 0 || minutes < 0 || formatted.charCodeAt(at + 6) !== 58 /* : */) return null;
	const total = hours * 60 + minutes;
	if (sign === 43 /* + */) return total;
	// U+2212 MINUS SIGN is what some ICU versions print.
	return sign === 45 || sign === 0x2212 ? -total : null;
}

function twoDigits(value: string, at: number): number {
	const high = value.charCodeAt(at) - 48;
	const low = value.charCodeAt(at + 1) - 48;
	return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/**
 * The locale string luxon hands to `Intl` for `setLocale(locale)`: private-use subtags dropped,
 * and a `-u-` extension `Intl` rejects dropped, its calendar and numbering made explicit.
 */
function luxonIntlLocale(locale: string): string {
	const privateAt = locale.indexOf('-x-');
	const tag = privateAt === -1 ? locale : locale.substring(0, privateAt);
	const extensionAt = tag.indexOf('-u-');
	if (extensionAt === -1) return tag;
	// As luxon does: keep the extension if Intl accepts it, else drop it.
	let selected = tag;
	let resolved = resolvedOptions(tag);
	if (resolved === null) {
		selected = tag.substring(0, extensionAt);
		resolved = resolvedOptions(selected);
	}
	if (resolved === null) throw unknownLocale(locale);
	const { calendar, numberingSystem } = resolved;
	if (!calendar && !numberingSystem) return selected;
	let config = selected.includes('-u-') ? selected : `${selected}-u`;
	if (calendar) config += `-ca-${calendar}`;
	if (numberingSystem) config += `-nu-${numberingSystem}`;
	return config;
}

function resolvedOptions(tag: string): Intl.ResolvedDateTimeFormatOptions | null {
	try {
		return new Intl.DateTimeFormat(tag).resolvedOptions();
	} catch {
		return null; // the caller tries a shorter tag, or reports the locale
	}
}
