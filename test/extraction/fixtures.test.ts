/**
 * The fixtures against expected/: every key compared exactly (appointmentStartText by its parts,
 * as the fixtures README says), with the body given as parsed JSON, as a string and as a Buffer.
 */
import { isRedoxNotificationError, parseSchedulingNotification } from '../../nodes/RedoxSchedulingTrigger/extraction';

import {
	DETAILED_KEYS,
	expectedResult,
	FIXTURE_OPTIONS,
	fixtureJson,
	fixtureText,
	LIGHTWEIGHT_KEYS,
	parse,
	shapeProblems,
	startTextProblems,
	stringsIn,
	VALID_FIXTURES,
} from './helpers';

const BODY_FORMS = {
	object: (name: string): unknown => fixtureJson(`${name}.json`),
	string: (name: string): unknown => fixtureText(`${name}.json`),
	Buffer: (name: string): unknown => Buffer.from(fixtureText(`${name}.json`), 'utf8'),
	'Buffer with a byte order mark': (name: string): unknown =>
		Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixtureText(`${name}.json`), 'utf8')]),
};

describe.each(VALID_FIXTURES)('%s', (name) => {
	describe.each(['detailed', 'lightweight'] as const)('detail %s', (detail) => {
		const expected = expectedResult(name, detail);

		it.each(Object.keys(BODY_FORMS) as Array<keyof typeof BODY_FORMS>)('as %s: every key as expected', (form) => {
			const result = parse(BODY_FORMS[form](name), { ...FIXTURE_OPTIONS, detail });
			expect(Object.keys(result).sort()).toEqual(Object.keys(expected).sort());
			for (const key of Object.keys(expected)) {
				if (key === 'appointmentStartText' && typeof expected[key] === 'string') {
					expect(startTextProblems(result[key], expected[key])).toEqual([]);
				} else {
					expect({ key, value: result[key] }).toEqual({ key, value: expected[key] });
				}
			}
			expect(shapeProblems(result, detail)).toEqual([]);
		});
	});

	it('expected/ has exactly the contract keys for each detail', () => {
		expect(Object.keys(expectedResult(name, 'lightweight')).sort()).toEqual(Object.keys(LIGHTWEIGHT_KEYS).sort());
		expect(Object.keys(expectedResult(name, 'detailed')).sort()).toEqual(
			[...Object.keys(LIGHTWEIGHT_KEYS), ...Object.keys(DETAILED_KEYS)].sort(),
		);
	});

	it('lightweight mode gives the lightweight keys of detailed mode, detailLevel aside', () => {
		const detailed = parse(fixtureJson(`${name}.json`), FIXTURE_OPTIONS);
		const lightweight = parse(fixtureJson(`${name}.json`), { ...FIXTURE_OPTIONS, detail: 'lightweight' });
		for (const key of Object.keys(LIGHTWEIGHT_KEYS)) {
			if (key !== 'detailLevel') expect({ key, value: lightweight[key] }).toEqual({ key, value: detailed[key] });
		}
	});

	it('does not change the body it reads', () => {
		const body = fixtureJson(`${name}.json`);
		const copy = structuredClone(body);
		parse(body, FIXTURE_OPTIONS);
		expect(body).toEqual(copy);
	});
});

it('without options: detailed, in UTC, en-US', () => {
	const result = parse(fixtureJson('booked-detailed.json'));
	expect(result.detailLevel).toBe('detailed');
	expect(result.appointmentStartLocal).toMatch(/^2026-12-01T14:30:00(Z|\+00:00)$/);
	expect(startTextProblems(result.appointmentStartText, 'Tuesday, December 1, 2026 at 2:30 PM UTC')).toEqual([]);
});

it('the handshake body is not a Bundle', () => {
	expect(() => parseSchedulingNotification(fixtureJson('handshake-post.json'))).toThrow(
		expect.objectContaining({ code: 'NOT_A_BUNDLE' }),
	);
});

describe('invalid fixtures', () => {
	const codes = fixtureJson('expected/invalid.json') as Record<string, string>;

	it.each(Object.entries(codes))('%s → %s, in plain words that quote nothing of the body', (file, code) => {
		const text = fixtureText(`invalid/${file}`);
		// Keys as well as values: the messages avoid both.
		const bodyStrings = stringsIn(safeJson(text)).concat(wordsOf(text)).filter((value) => value.length > 3);
		for (const body of [text, Buffer.from(text), safeJson(text)].filter((value) => value !== undefined)) {
			let thrown: unknown;
			try {
				parseSchedulingNotification(body, FIXTURE_OPTIONS);
			} catch (error) {
				thrown = error;
			}
			expect(isRedoxNotificationError(thrown)).toBe(true);
			if (!isRedoxNotificationError(thrown)) return;
			expect(thrown.code).toBe(code);
			expect(thrown.name).toBe('RedoxNotificationError');
			expect(thrown.message.length).toBeGreaterThan(10);
			for (const value of bodyStrings) expect(thrown.message).not.toContain(value);
		}
	});
});

/** The parsed JSON of a text, or undefined when it is not JSON. */
function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The quoted strings of a (possibly truncated) JSON text. */
function wordsOf(text: string): string[] {
	return [...text.matchAll(/"([^"]*)"?/g)].map((match) => match[1]);
}
