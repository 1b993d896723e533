/**
 * The caller's `timezone` and `locale`, checked once per distinct pair, with the formatters the
 * time fields need. Contexts are kept in a small Map: creating an `Intl.DateTimeFormat` costs far
 * more than using one.
 */
import { Info, type Zone } from 'luxon';

/** The `toLocaleString` options that define `appointmentStartText` (see fixtures/README.md). */
export const START_TEXT_FORMAT: Intl.DateTimeFormatOptions = {
	weekday: 'long',
	month: 'long',
	day: 'numeric',
	year: 'numeric',
	hour: 'numeric',
	minute: '2-digit',
	timeZoneName: 'short',
};

/** A (timezone, locale) pair, checked. */
export interface TimeContext {
	/** The luxon zone, as `DateTime#setZone(timezone)` picks it. */
	readonly zone: Zone;
	/** The locale as given by the caller. */
	readonly locale: string;
	/**
	 * For an IANA zone: the zone's offset (`timeZoneName: 'longOffset'`, e.g. `GMT-05:00`) and the
	 * start text, both from `Intl`, as luxon formats IANA zones. `null` for the other zones (fixed
	 * offsets such as `UTC` or `UTC+5`, the system zone), which luxon formats itself.
	 */
	readonly intl: { offset: Intl.DateTimeFormat; text: Intl.DateTimeFormat } | null;
}

/** Callers use a handful of pairs; a flood of distinct ones must not grow memory forever. */
const MAX_CACHED_CONTEXTS = 256;
const contexts = new Map<string, Map<string, TimeContext>>();
let cachedCount = 0;

/**
 * The time context of a (timezone, locale) pair, cached. Throws a RangeError naming the value
 * when luxon does not know the zone or `Intl` rejects the locale.
 */
export function timeContext(timezone: string, locale: string): TimeContext {
	const cached = contexts.get(timezone)?.get(locale);
	if (cached !== undefined) return cached;

	const context = createContext(timezone, locale);
	if (cachedCount >= MAX_CACHED_CONTEXTS) {
		contexts.clear();
		cachedCount = 0;
	}
	let byLocale = contexts.get(timezone);
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
	const intlZone = zone.type === 'iana' ? zone.name : 'UTC';
	// Made for every zone: it is how the locale is checked.
	const text = textFormatter(locale, intlZone);
	if (zone.type !== 'iana') return { zone, locale, intl: null };
	const offset = new Intl.DateTimeFormat('en-US', { timeZone: intlZone, timeZoneName: 'longOffset' });
	return { zone, locale, intl: { offset, text } };
}

/** The start text's formatter; a RangeError naming the locale when `Intl` rejects it. */
function textFormatter(locale: string, timeZone: string): Intl.DateTimeFormat {
	try {
		return new Intl.DateTimeFormat(locale, { ...START_TEXT_FORMAT, timeZone });
	} catch {
		// Reported below, naming the value (Intl's message does not).
	}
	throw new RangeError(`Unknown locale ${JSON.stringify(locale)}: use a BCP 47 tag such as "en-US" or "de-DE".`);
}
