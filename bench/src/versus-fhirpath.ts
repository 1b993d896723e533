/**
 * Part 2, against FHIRPath: time of the FHIRPath extraction a user would write
 * (`fhirpath-user.ts`) divided by the time of `parseSchedulingNotification`, both on the same
 * already-parsed bundle, in interleaved batches. Before timing, both outputs are compared field by
 * field (and the FHIRPath side against the shared expected outputs), so that the ratio compares
 * equal work.
 */
import { isDeepStrictEqual } from 'util';

import { extractWithFhirpath, type UserOptions } from './fhirpath-user';
import { fixtureJson, loadParser, type ParseFn } from './paths';
import { paired, type PairedResult } from './stats';

export interface FieldCheck {
	compared: number;
	equal: number;
	/** Keys whose values differ, with both values. */
	differences: Array<{ key: string; ours: unknown; fhirpath: unknown }>;
}

export interface VersusCase {
	name: string;
	fixture: string;
	options: UserOptions;
	target?: number;
}

export interface VersusResult extends PairedResult {
	name: string;
	fixture: string;
	options: UserOptions;
	target?: number;
	/** Ours against FHIRPath on the benchmarked bundle. */
	check: FieldCheck;
}

export interface ExpectedCheck {
	/** FHIRPath side against `fixtures/expected/*.json`, every valid fixture, both modes. */
	files: number;
	compared: number;
	equal: number;
	differences: Array<{ file: string; key: string; expected: unknown; fhirpath: unknown }>;
}

export const VERSUS_CASES: VersusCase[] = [
	{
		name: 'booked-detailed, detailed, America/New_York',
		fixture: 'booked-detailed.json',
		options: { detail: 'detailed', timezone: 'America/New_York' },
		target: 15,
	},
	{
		name: 'booked-lightweight, lightweight',
		fixture: 'booked-lightweight.json',
		options: { detail: 'lightweight', timezone: 'UTC' },
	},
];

const VALID_FIXTURES = [
	'booked-detailed',
	'booked-lightweight',
	'cancelled-detailed',
	'updated-rescheduled-detailed',
	'updated-lightweight',
];

/**
 * `relatedReferences` is compared as a set: FHIRPath's `descendants()` walks level by level,
 * the contract's order is depth-first; the same references either way. `appointmentStartText`
 * depends on ICU data (see the fixtures README), so it is compared after normalising spaces.
 */
function sameValue(key: string, a: unknown, b: unknown): boolean {
	if (key === 'relatedReferences' && Array.isArray(a) && Array.isArray(b)) {
		return a.length === b.length && isDeepStrictEqual([...a].sort(), [...b].sort());
	}
	if (key === 'appointmentStartText' && typeof a === 'string' && typeof b === 'string') {
		return a.replace(/\s/g, ' ') === b.replace(/\s/g, ' ');
	}
	return isDeepStrictEqual(a, b);
}

function compareFields(ours: Record<string, unknown>, theirs: Record<string, unknown>): FieldCheck {
	const keys = Object.keys(theirs);
	const differences: FieldCheck['differences'] = [];
	for (const key of keys) {
		if (!sameValue(key, ours[key], theirs[key])) differences.push({ key, ours: ours[key], fhirpath: theirs[key] });
	}
	return { compared: keys.length, equal: keys.length - differences.length, differences };
}

/** The FHIRPath side against the expected outputs in fixtures/, independent of our library. */
export function checkFhirpathAgainstExpected(): ExpectedCheck {
	const result: ExpectedCheck = { files: 0, compared: 0, equal: 0, differences: [] };
	for (const name of VALID_FIXTURES) {
		for (const detail of ['detailed', 'lightweight'] as const) {
			const file = `expected/${name}.${detail}.json`;
			const expected = fixtureJson<Record<string, unknown>>(file);
			const got = extractWithFhirpath(fixtureJson(`${name}.json`), { detail, timezone: 'America/New_York' });
			result.files++;
			for (const key of Object.keys(expected)) {
				result.compared++;
				if (sameValue(key, expected[key], got[key])) result.equal++;
				else result.differences.push({ file, key, expected: expected[key], fhirpath: got[key] });
			}
		}
	}
	return result;
}

export function runVersusFhirpath(quick: boolean, parse: ParseFn = loadParser()): VersusResult[] {
	return VERSUS_CASES.map((testCase) => {
		const bundle = fixtureJson(testCase.fixture);
		const options = testCase.options;
		const check = compareFields(parse(bundle, options), extractWithFhirpath(bundle, options));
		const ours = (): number => {
			const result = parse(bundle, options);
			return result.messageId === null ? 0 : result.messageId.length;
		};
		const theirs = (): number => {
			const result = extractWithFhirpath(bundle, options);
			return typeof result.messageId === 'string' ? result.messageId.length : 0;
		};
		const result = paired(ours, theirs, {
			// One batch holds one or two FHIRPath calls (~2 ms each) and as many of ours.
			batches: quick ? 80 : 300,
			batchNs: 4e6,
			warmUpNs: quick ? 0.7e9 : 2e9,
		});
		return { ...result, name: testCase.name, fixture: testCase.fixture, options, target: testCase.target, check };
	});
}
