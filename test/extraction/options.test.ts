/** The caller's options: defaults, and a RangeError naming any value that cannot be used. */
import { isRedoxNotificationError, parseSchedulingNotification } from '../../nodes/RedoxSchedulingTrigger/extraction';
import type { ParseOptions } from '../../nodes/RedoxSchedulingTrigger/extraction';

import { fixtureJson, parse, shapeProblems } from './helpers';

const body = fixtureJson('booked-detailed.json');

/** Calls with options the types forbid, as a JavaScript caller could. */
function parseWith(options: unknown, input: unknown = body): unknown {
	return parseSchedulingNotification(input, options as ParseOptions);
}

describe('defaults', () => {
	it.each([undefined, null, {}, { detail: undefined, timezone: undefined, locale: undefined }, { detail: null, timezone: null, locale: null }])(
		'%j: detailed, UTC, en-US',
		(options) => {
			const result = parseWith(options) as Record<string, unknown>;
			expect(shapeProblems(result, 'detailed')).toEqual([]);
			expect(result.appointmentStartLocal).toBe('2026-12-01T14:30:00Z');
			expect(String(result.appointmentStartText).replace(/\u202f/g, ' ')).toBe('Tuesday, December 1, 2026 at 2:30 PM UTC');
		},
	);

	it('lightweight on request', () => {
		expect(shapeProblems(parse(body, { detail: 'lightweight' }), 'lightweight')).toEqual([]);
	});
});

describe('RangeError, naming the value, before the body is looked at', () => {
	it.each([
		[{ timezone: 'Mars/Olympus_Mons' }, 'Mars/Olympus_Mons'],
		[{ timezone: '' }, '""'],
		[{ timezone: 'EST5EDT-ish' }, 'EST5EDT-ish'],
		[{ timezone: 42 }, 'number'],
		[{ detail: 'full' }, 'full'],
		[{ detail: 'DETAILED' }, 'DETAILED'],
		[{ detail: true }, 'boolean'],
		[{ locale: 'not a locale!' }, 'not a locale!'],
		[{ locale: '' }, '""'],
		// Malformed tags Intl rejects (an empty private-use or Unicode extension subtag).
		[{ locale: 'en-US-x-' }, 'en-US-x-'],
		[{ locale: 'en-u-ca-' }, 'en-u-ca-'],
		[{ locale: ['en-US'] }, 'object'],
		['lightweight', '"lightweight"'],
	])('%j', (options, named) => {
		for (const input of [body, 'not json at all', undefined]) {
			let thrown: unknown;
			try {
				parseWith(options, input);
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toBeInstanceOf(RangeError);
			expect(isRedoxNotificationError(thrown)).toBe(false);
			expect((thrown as Error).message).toContain(named);
		}
	});

	it('a valid option after an invalid one is still accepted (validation results are not poisoned)', () => {
		expect(() => parseWith({ timezone: 'Nowhere/Else' })).toThrow(RangeError);
		expect(() => parseWith({ timezone: 'Europe/Paris' })).not.toThrow();
		expect(() => parseWith({ timezone: 'Nowhere/Else' })).toThrow(RangeError);
	});

	it('a locale with a Unicode extension Intl accepts, and one it only accepts without it', () => {
		const arabic = parse(body, { timezone: 'UTC', locale: 'ar-EG-u-nu-latn' });
		expect(arabic.appointmentStartText).toMatch(/2026/);
		expect(() => parse(body, { locale: 'en-US-x-private' })).not.toThrow();
	});

	it('many distinct zones and locales in turn', () => {
		const zones = Intl.supportedValuesOf('timeZone');
		for (const timezone of zones) {
			for (const locale of ['en-US', 'fr-FR']) {
				const result = parse(body, { timezone, locale });
				expect(typeof result.appointmentStartText).toBe('string');
			}
		}
	});
});
