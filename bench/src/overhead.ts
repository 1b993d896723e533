/**
 * Part 1, extraction overhead: (JSON.parse + parseSchedulingNotification) / JSON.parse on the raw
 * body text of a notification, in interleaved batches. The node has to parse the body anyway, so
 * this is what the extraction adds to the cheapest thing that can be done with the body.
 */
import { fixtureText, loadParser, type ParseOptions } from './paths';
import { paired, type PairedResult } from './stats';

export interface OverheadCase {
	name: string;
	fixture: string;
	options: ParseOptions;
	/** Target for the median ratio, when there is one. */
	target?: number;
}

export interface OverheadResult extends PairedResult {
	name: string;
	fixture: string;
	options: ParseOptions;
	bodyBytes: number;
	target?: number;
}

export const OVERHEAD_CASES: OverheadCase[] = [
	{
		name: 'booked-detailed, detailed, America/New_York',
		fixture: 'booked-detailed.json',
		options: { detail: 'detailed', timezone: 'America/New_York' },
		// Was 1.5 with hand-written time parsing; the plain Intl/luxon time code costs more, and an
		// n8n execution (17-170 ms of CPU) dwarfs either (issue 12 allows up to 2.0).
		target: 2.0,
	},
	{
		// Diagnostic: the same bundle without the detailed fields (index + lightweight fields).
		name: 'booked-detailed, lightweight',
		fixture: 'booked-detailed.json',
		options: { detail: 'lightweight' },
	},
	{
		name: 'booked-lightweight, lightweight',
		fixture: 'booked-lightweight.json',
		options: { detail: 'lightweight' },
	},
];

export function runOverhead(quick: boolean): OverheadResult[] {
	const parse = loadParser();
	return OVERHEAD_CASES.map((testCase) => {
		const text = fixtureText(testCase.fixture);
		const options = testCase.options;
		const baseline = (): number => (JSON.parse(text) as { entry: unknown[] }).entry.length;
		const withExtraction = (): number => {
			const result = parse(JSON.parse(text), options);
			return result.messageId === null ? 0 : result.messageId.length;
		};
		const result = paired(baseline, withExtraction, {
			// Short batches, many of them: on a shared 2-core machine a batch is rarely preempted,
			// and the median ignores the ones that were.
			batches: quick ? 300 : 2000,
			batchNs: 0.5e6,
			warmUpNs: quick ? 0.5e9 : 1.5e9,
		});
		return {
			...result,
			name: testCase.name,
			fixture: testCase.fixture,
			options,
			bodyBytes: Buffer.byteLength(text),
			target: testCase.target,
		};
	});
}
