/** The caller's options: checked before the body is looked at, with the defaults applied. */
import { isRecord } from './guards';
import { timeContext, type TimeContext } from './time-context';

/** Options after validation. */
export interface ResolvedOptions {
	/** The caller asked for the detailed fields. */
	detailed: boolean;
	/** Zone and locale of the time fields. */
	clock: TimeContext;
}

export const DEFAULT_TIMEZONE = 'UTC';
export const DEFAULT_LOCALE = 'en-US';

/**
 * Validates `detail`, `timezone` and `locale` (defaults `'detailed'`, `'UTC'`, `'en-US'`).
 * A value that cannot be used throws a RangeError naming it: options are the caller's mistake,
 * not the sender's. Zones and locales are checked once per distinct pair (time-context.ts).
 */
export function resolveOptions(options: unknown): ResolvedOptions {
	if (options === undefined || options === null) {
		return { detailed: true, clock: timeContext(DEFAULT_TIMEZONE, DEFAULT_LOCALE) };
	}
	if (!isRecord(options)) throw new RangeError(`Options must be an object, not ${describe(options)}.`);

	const { detail, timezone, locale } = options;
	if (detail !== undefined && detail !== null && detail !== 'detailed' && detail !== 'lightweight') {
		throw new RangeError(`Unknown detail level ${describe(detail)}: use "lightweight" or "detailed".`);
	}
	const zoneName = timezone ?? DEFAULT_TIMEZONE;
	if (typeof zoneName !== 'string') {
		throw new RangeError(`Unknown time zone ${describe(zoneName)}: use an IANA name such as "America/New_York".`);
	}
	const localeTag = locale ?? DEFAULT_LOCALE;
	if (typeof localeTag !== 'string') {
		throw new RangeError(`Unknown locale ${describe(localeTag)}: use a BCP 47 tag such as "en-US".`);
	}
	return { detailed: detail !== 'lightweight', clock: timeContext(zoneName, localeTag) };
}

/** A value named in an error message: strings quoted, anything else by its type. */
function describe(value: unknown): string {
	return typeof value === 'string' ? JSON.stringify(value) : `a value of type ${typeof value}`;
}
