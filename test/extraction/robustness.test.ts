/**
 * Whatever the body, the function returns a contract-shaped object or throws a
 * RedoxNotificationError whose message repeats nothing of the body; never anything else.
 * Arbitrary JSON, mutated real bundles, exotic JavaScript objects, deep nesting, large bodies.
 */
import fc from 'fast-check';

import {
	isRedoxNotificationError,
	parseSchedulingNotification,
	type RedoxNotificationErrorCode,
} from '../../nodes/RedoxSchedulingTrigger/extraction';

import { appointment, bundle, FIXTURE_OPTIONS, fixtureJson, fixtureText, header, shapeProblems, stringsIn, VALID_FIXTURES } from './helpers';

type Detail = 'detailed' | 'lightweight';
type Outcome = { result: unknown } | { code: RedoxNotificationErrorCode; message: string };

/** The outcome of a call; fails the test for anything thrown but a RedoxNotificationError. */
function outcomeOf(body: unknown, detail: Detail): Outcome {
	try {
		return { result: parseSchedulingNotification(body, { ...FIXTURE_OPTIONS, detail }) };
	} catch (error) {
		if (!isRedoxNotificationError(error)) throw new Error(`threw ${String(error)}`);
		return { code: error.code, message: error.message };
	}
}

/**
 * Every sentence the parser writes about a body it cannot use. The messages are fixed text, so
 * none can quote the body: a message outside this list fails the test until it is read and added.
 * (A substring check is not enough: a random body string can be a piece of a fixed sentence,
 * "ment" of "document" in CI's run with seed -1847625421, which is not a leak.)
 */
const PARSER_MESSAGES = [
	'The request body is empty.',
	'The request body is not valid JSON.',
	'The request body could not be read as JSON data.',
	'The request body is not the kind of FHIR document Redox sends.',
	'The FHIR document is not a notification: wrong kind of document.',
	'The notification has no list of entries.',
	'The notification lacks its header.',
	'The notification announces none of the three scheduling changes handled here.',
	'The notification neither holds nor points to an appointment.',
];

/** The contract holds for this outcome; `strings` are the body's, `json` says it was valid JSON. */
function expectContract(outcome: Outcome, detail: Detail, strings: string[], json: boolean): void {
	if ('result' in outcome) {
		expect(shapeProblems(outcome.result, detail)).toEqual([]);
		return;
	}
	expect(PARSER_MESSAGES).toContain(outcome.message);
	// Belt and braces for the list itself: a body string that is no piece of a fixed sentence.
	for (const value of strings) {
		if (value.length > 3 && !PARSER_MESSAGES.some((sentence) => sentence.includes(value))) {
			expect(outcome.message).not.toContain(value);
		}
	}
	// Valid JSON never reaches the catch-all: INVALID_JSON there would hide a bug.
	if (json) expect(outcome.code).not.toBe('INVALID_JSON');
}

/**
 * Checks a JSON value given as parsed JSON, as a string and as a Buffer, in both modes. (A JSON
 * value that is itself a string cannot be told from a raw body: it is read as the body's text.)
 */
function checkJsonBody(value: unknown): void {
	const text = JSON.stringify(value);
	const strings = stringsIn(value);
	const forms = typeof value === 'string' ? [text, Buffer.from(text)] : [value, text, Buffer.from(text)];
	for (const detail of ['detailed', 'lightweight'] as const) {
		const outcomes = forms.map((form) => outcomeOf(form, detail));
		for (const outcome of outcomes) expectContract(outcome, detail, strings, true);
		// The forms of one body agree.
		const codes = outcomes.map((outcome) => ('code' in outcome ? outcome.code : 'ok'));
		expect(codes).toEqual(Array(forms.length).fill(codes[0]));
	}
}

describe('arbitrary JSON', () => {
	it('any JSON value', () => {
		fc.assert(fc.property(fc.jsonValue(), checkJsonBody), { numRuns: 200 });
	});

	it('objects shaped a little like a Bundle', () => {
		const resource = fc.record(
			{
				resourceType: fc.constantFrom('MessageHeader', 'Appointment', 'Patient', 'Practitioner', 'PractitionerRole', 'Location', 'Procedure', 'X'),
				id: fc.oneof(fc.string(), fc.integer()),
				eventUri: fc.constantFrom('https://x/SchedulingAppointmentBooked', 'SchedulingAppointmentCanceled', 'nope'),
				eventCoding: fc.oneof(fc.jsonValue(), fc.record({ code: fc.constantFrom('Scheduling-event-appointment-updated', 'x') })),
				focus: fc.array(fc.record({ reference: fc.oneof(fc.constantFrom('Appointment/a', 'urn:uuid:a', '#a', 'Patient?identifier=s|v'), fc.jsonValue()) }), { maxLength: 3 }),
				participant: fc.array(fc.record({ actor: fc.record({ reference: fc.constantFrom('Patient/p', 'Practitioner/d', 'PractitionerRole/r', 'Location/l', 'urn:uuid:x', '#c') }), status: fc.jsonValue() }, { requiredKeys: [] }), { maxLength: 3 }),
				practitioner: fc.record({ reference: fc.constantFrom('Practitioner/d', '#c', 'urn:uuid:x') }),
				contained: fc.array(fc.jsonValue(), { maxLength: 2 }),
				start: fc.oneof(fc.constantFrom('2026-12-01T14:30:00Z', '2026-03-08T07:00:00-05:00', '2026-12-01', 'T'), fc.jsonValue()),
				end: fc.oneof(fc.constantFrom('2026-12-01T15:30:00Z', '2026-12-01T09:00:00'), fc.jsonValue()),
				minutesDuration: fc.jsonValue(),
				identifier: fc.array(fc.record({ system: fc.jsonValue(), value: fc.jsonValue(), type: fc.jsonValue() }, { requiredKeys: [] }), { maxLength: 3 }),
				name: fc.jsonValue(),
				address: fc.jsonValue(),
				telecom: fc.jsonValue(),
				extension: fc.array(fc.record({ url: fc.constantFrom('x/oldDateTime', 'x/oldVisitNumber', 'y'), valueString: fc.jsonValue() }), { maxLength: 2 }),
				code: fc.jsonValue(),
			},
			{ requiredKeys: ['resourceType'] },
		);
		const entry = fc.oneof(
			fc.record({ fullUrl: fc.constantFrom('Appointment/a', 'urn:uuid:a', 'urn:uuid:x', 'https://h/Patient/p', 'Patient?identifier=s|v'), resource: resource }, { requiredKeys: ['resource'] }),
			fc.jsonValue(),
		);
		const bundleLike = fc.record(
			{
				resourceType: fc.constantFrom('Bundle', 'bundle', 'Patient'),
				type: fc.constantFrom('message', 'collection', 7),
				entry: fc.oneof(fc.array(entry, { maxLength: 8 }), fc.jsonValue()),
				timestamp: fc.jsonValue(),
				id: fc.jsonValue(),
			},
			{ requiredKeys: ['resourceType', 'type'] },
		);
		fc.assert(fc.property(bundleLike, checkJsonBody), { numRuns: 300 });
	});

	it('a body string that is a piece of a fixed sentence is no leak (CI counterexample)', () => {
		const body = { resourceType: 'bundle', type: 'message', entry: [{ resource: { resourceType: 'MessageHeader', telecom: 'ment' } }] };
		expect(outcomeOf(body, 'detailed')).toEqual({ code: 'NOT_A_BUNDLE', message: expect.stringContaining('ment') });
		checkJsonBody(body);
	});

	it('__proto__, constructor and prototype keys, from JSON text and as objects', () => {
		const key = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'resourceType', 'entry', 'reference');
		const hostile = fc.dictionary(key, fc.jsonValue(), { maxKeys: 4 });
		fc.assert(
			fc.property(hostile, fc.jsonValue(), (inner, value) => {
				const text = JSON.stringify({ ...fixtureJson('booked-detailed.json'), inner, value }).replace('"inner"', '"__proto__"');
				for (const detail of ['detailed', 'lightweight'] as const) {
					expectContract(outcomeOf(text, detail), detail, [], true);
					expectContract(outcomeOf(JSON.parse(text), detail), detail, [], true);
				}
				const poisoned = fixtureJson('booked-detailed.json');
				const entries = poisoned.entry as Array<Record<string, unknown>>;
				Object.defineProperty(entries[1].resource as object, '__proto__', { value: inner, enumerable: true });
				expectContract(outcomeOf(poisoned, 'detailed'), 'detailed', [], true);
			}),
			{ numRuns: 100 },
		);
		expect(({} as Record<string, unknown>).resourceType).toBeUndefined();
	});

	it('any JavaScript value (null prototypes, boxed values, Maps, Dates, typed and sparse arrays) anywhere', () => {
		const anything = fc.anything({
			key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'reference', 'resourceType', 'entry')),
			withNullPrototype: true,
			withBoxedValues: true,
			withMap: true,
			withSet: true,
			withObjectString: true,
			withDate: true,
			withTypedArray: true,
			withSparseArray: true,
			withBigInt: true,
			maxDepth: 4,
		});
		fc.assert(
			fc.property(anything, anything, fc.nat({ max: 3 }), (value, other, where) => {
				const body = fixtureJson('booked-detailed.json');
				const entries = body.entry as Array<Record<string, unknown>>;
				const appointmentResource = entries[1].resource as Record<string, unknown>;
				if (where === 0) appointmentResource.extension = [value, other];
				else if (where === 1) appointmentResource.participant = [value, { actor: other }];
				else if (where === 2) entries.push({ resource: value }, other as Record<string, unknown>);
				else (entries[0].resource as Record<string, unknown>).focus = [value, other];
				for (const detail of ['detailed', 'lightweight'] as const) {
					expectContract(outcomeOf(body, detail), detail, [], false);
					expectContract(outcomeOf(value, detail), detail, [], false);
				}
			}),
			{ numRuns: 200 },
		);
	});
});

// ----- mutated fixtures --------------------------------------------------------------------------

type Path = Array<string | number>;

/** Every path to a value inside a JSON value, root excluded (iterative). */
function pathsOf(value: unknown): Path[] {
	const paths: Path[] = [];
	const stack: Array<[unknown, Path]> = [[value, []]];
	while (stack.length > 0) {
		const [item, path] = stack.pop() as [unknown, Path];
		if (path.length > 0) paths.push(path);
		if (Array.isArray(item)) item.forEach((child, i) => stack.push([child, [...path, i]]));
		else if (typeof item === 'object' && item !== null) {
			for (const [key, child] of Object.entries(item)) stack.push([child, [...path, key]]);
		}
	}
	return paths;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
	let node: unknown = root;
	for (const step of path.slice(0, -1)) {
		if (typeof node !== 'object' || node === null) return undefined;
		node = (node as Record<string | number, unknown>)[step];
	}
	return typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>) : undefined;
}

/** A value of another JSON type than `value`. */
function wrongType(value: unknown): unknown {
	if (typeof value === 'string') return value.length;
	if (typeof value === 'number') return String(value);
	if (Array.isArray(value)) return { length: value.length };
	if (typeof value === 'object' && value !== null) return 'object';
	return [value];
}

const MUTATIONS = ['delete', 'replace', 'wrong type', 'shuffle', 'duplicate', 'null'] as const;

describe('mutated real bundles', () => {
	const originals = VALID_FIXTURES.map((name) => fixtureJson(`${name}.json`));

	it('deleting, replacing, retyping, shuffling and duplicating parts', () => {
		const operation = fc.record({ at: fc.nat(), kind: fc.constantFrom(...MUTATIONS), value: fc.jsonValue(), seed: fc.nat() });
		fc.assert(
			fc.property(fc.nat({ max: originals.length - 1 }), fc.array(operation, { minLength: 1, maxLength: 6 }), (which, operations) => {
				const body = structuredClone(originals[which]);
				for (const { at, kind, value, seed } of operations) {
					const paths = pathsOf(body);
					if (paths.length === 0) break;
					const path = paths[at % paths.length];
					const parent = parentOf(body, path);
					if (parent === undefined) continue;
					const key = path[path.length - 1];
					const current = parent[key];
					if (kind === 'delete') {
						if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
						else delete parent[key];
					} else if (kind === 'replace') parent[key] = value;
					else if (kind === 'wrong type') parent[key] = wrongType(current);
					else if (kind === 'null') parent[key] = null;
					else if (kind === 'shuffle' && Array.isArray(current)) {
						for (let i = current.length - 1; i > 0; i--) {
							const j = (seed + i * 7) % (i + 1);
							[current[i], current[j]] = [current[j], current[i]];
						}
					} else if (kind === 'duplicate' && Array.isArray(parent)) parent.push(structuredClone(current));
				}
				checkJsonBody(body);
			}),
			{ numRuns: 300 },
		);
	});

	it('the entries of every fixture in any order give the same result, MessageHeader first or not', () => {
		for (const original of originals) {
			const expected = parseSchedulingNotification(original, FIXTURE_OPTIONS);
			const reversed = structuredClone(original);
			(reversed.entry as unknown[]).reverse();
			const result = parseSchedulingNotification(reversed, FIXTURE_OPTIONS);
			// Only the procedures (bundle order) and "first entry of a type" fallbacks depend on
			// it; no fixture relies on the fallbacks.
			const withoutProcedures = (value: object) => ({ ...value, procedures: null, procedureCode: null, procedureName: null });
			expect(withoutProcedures(result)).toEqual(withoutProcedures(expected));
		}
	});
});

// ----- JavaScript objects no JSON text can produce -----------------------------------------------

describe('exotic JavaScript bodies', () => {
	it.each([
		['undefined', undefined, 'INVALID_JSON'],
		['an empty string', '', 'INVALID_JSON'],
		['blanks', ' \n\t ', 'INVALID_JSON'],
		['a byte order mark only', '\ufeff', 'INVALID_JSON'],
		['an empty Buffer', Buffer.alloc(0), 'INVALID_JSON'],
		['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x7b]), 'INVALID_JSON'],
		['null', null, 'NOT_A_BUNDLE'],
		['a number', 42, 'NOT_A_BUNDLE'],
		['a boolean', true, 'NOT_A_BUNDLE'],
		['an array', [fixtureJson('booked-detailed.json')], 'NOT_A_BUNDLE'],
		['a JSON string of JSON', JSON.stringify(fixtureText('booked-detailed.json')), 'NOT_A_BUNDLE'],
		['a function', () => 1, 'NOT_A_BUNDLE'],
		['a symbol', Symbol('x'), 'NOT_A_BUNDLE'],
		['a bigint', BigInt(1), 'NOT_A_BUNDLE'],
		['a Map', new Map([['resourceType', 'Bundle']]), 'NOT_A_BUNDLE'],
		['a boxed string', Object('{}'), 'NOT_A_BUNDLE'],
		['a message Bundle without entries', { resourceType: 'Bundle', type: 'message' }, 'MISSING_MESSAGE_HEADER'],
		['entries that are not a list', { resourceType: 'Bundle', type: 'message', entry: { resource: {} } }, 'MISSING_MESSAGE_HEADER'],
		['entries of junk', { resourceType: 'Bundle', type: 'message', entry: [null, 1, 'x', [], { resource: 'x' }] }, 'MISSING_MESSAGE_HEADER'],
	])('%s → %s', (_name, body, code) => {
		const outcome = outcomeOf(body, 'detailed');
		expect('code' in outcome ? outcome.code : 'ok').toBe(code);
	});

	it('an ArrayBuffer and a Uint8Array are read as UTF-8', () => {
		const bytes = new TextEncoder().encode(fixtureText('booked-detailed.json'));
		expect(outcomeOf(bytes, 'detailed')).toHaveProperty('result');
		expect(outcomeOf(bytes.buffer, 'detailed')).toHaveProperty('result');
	});

	it('objects without a prototype', () => {
		const body = JSON.parse(fixtureText('booked-detailed.json'), (_key, value: unknown) =>
			typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.assign(Object.create(null) as object, value) : value,
		) as unknown;
		expectContract(outcomeOf(body, 'detailed'), 'detailed', [], true);
		expect((outcomeOf(body, 'detailed') as { result: Record<string, unknown> }).result.patientMrn).toBe('0000555123');
	});

	it('a getter that throws, and a proxy that throws: INVALID_JSON, quoting nothing', () => {
		const secret = 'Zelda Quinn Testpatient';
		const getter = fixtureJson('booked-detailed.json');
		Object.defineProperty(getter, 'entry', {
			get() {
				throw new Error(secret);
			},
		});
		const proxy = new Proxy(fixtureJson('booked-detailed.json'), {
			get(target, key) {
				if (key === 'type') throw new TypeError(secret);
				return Reflect.get(target, key);
			},
		});
		for (const body of [getter, proxy]) {
			const outcome = outcomeOf(body, 'detailed');
			expect(outcome).toMatchObject({ code: 'INVALID_JSON' });
			expect('message' in outcome && outcome.message.includes(secret)).toBe(false);
		}
	});

	it('a cycle inside the Appointment ends', () => {
		const body = bundle(header(), appointment({ participant: [{ actor: { reference: 'Patient/p' } }] }));
		const resource = (body.entry as Array<{ resource: Record<string, unknown> }>)[1].resource;
		resource.extension = [{ url: 'loop', valueReference: { reference: 'Loop/1' }, again: resource }];
		const result = parseSchedulingNotification(body);
		expect(result.relatedReferences).toEqual(['Patient/p', 'Loop/1']);
	});

	it('frozen input', () => {
		const body = fixtureJson('cancelled-detailed.json');
		const stack: unknown[] = [body];
		while (stack.length > 0) {
			const item = stack.pop();
			if (typeof item === 'object' && item !== null) {
				stack.push(...Object.values(item));
				Object.freeze(item);
			}
		}
		expect(outcomeOf(body, 'detailed')).toHaveProperty('result');
	});
});

// ----- size ------------------------------------------------------------------------------------

const DEPTH = 50_000;

/** `{"a":{"a":...{"reference":"Deep/1"}...}}` nested DEPTH levels, built without recursion. */
function deepText(depth: number, leaf: string): string {
	return '{"a":['.repeat(depth) + leaf + ']}'.repeat(depth);
}

function deepObject(depth: number, leaf: unknown): unknown {
	let value = leaf;
	for (let i = 0; i < depth; i++) value = { a: [value] };
	return value;
}

describe('deep nesting (50,000 levels)', () => {
	const base = fixtureText('booked-detailed.json');

	it('inside the Appointment, as text and as an object: the deepest reference is found', () => {
		const text = base.replace('"status": "booked",', `"status": "booked", "extension": [${deepText(DEPTH, '{"reference":"Deep/1"}')}],`);
		expect(text).not.toBe(base);
		for (const body of [text, Buffer.from(text), JSON.parse(text) as unknown]) {
			const result = parseSchedulingNotification(body, FIXTURE_OPTIONS);
			expect(result.relatedReferences[0]).toBe('Deep/1');
			expect(result.patientMrn).toBe('0000555123');
		}
		const object = fixtureJson('booked-detailed.json');
		((object.entry as Array<{ resource: Record<string, unknown> }>)[1].resource).extension = [deepObject(DEPTH, { reference: 'Deep/2' })];
		expect(parseSchedulingNotification(object).relatedReferences).toContain('Deep/2');
	});

	it('as the whole body, and in place of the entries', () => {
		expect(outcomeOf('['.repeat(DEPTH) + ']'.repeat(DEPTH), 'detailed')).toMatchObject({ code: 'NOT_A_BUNDLE' });
		expect(outcomeOf(deepText(DEPTH, '1'), 'detailed')).toMatchObject({ code: 'NOT_A_BUNDLE' });
		expect(outcomeOf(deepObject(DEPTH, 1), 'detailed')).toMatchObject({ code: 'NOT_A_BUNDLE' });
		const entries = `{"resourceType":"Bundle","type":"message","entry":[${deepText(DEPTH, '{}')}]}`;
		expect(outcomeOf(entries, 'detailed')).toMatchObject({ code: 'MISSING_MESSAGE_HEADER' });
		expect(outcomeOf('['.repeat(DEPTH), 'detailed')).toMatchObject({ code: 'INVALID_JSON' });
	});

	it('in the focus, the identifiers and the names', () => {
		const body = fixtureJson('booked-detailed.json');
		const entries = body.entry as Array<{ resource: Record<string, unknown> }>;
		entries[0].resource.focus = [deepObject(DEPTH, { reference: 'Deep/3' }), ...(entries[0].resource.focus as unknown[])];
		entries[2].resource.identifier = deepObject(DEPTH, 1);
		entries[2].resource.name = [deepObject(DEPTH, 'x')];
		const result = parseSchedulingNotification(body, FIXTURE_OPTIONS);
		expect(result.relatedReferences).toContain('Deep/3');
		expect(result.patientIdentifiers).toEqual([{ system: null, value: null, type: null }]);
		expect(shapeProblems(result, 'detailed')).toEqual([]);
	});
});

describe('large bodies', () => {
	it('a 5 MiB body as text, Buffer and object', () => {
		const body = fixtureJson('booked-detailed.json');
		const entries = body.entry as unknown[];
		const filler = Array.from({ length: 12_000 }, (_, i) => ({
			fullUrl: `urn:uuid:filler-${i}`,
			resource: { resourceType: 'Observation', id: `obs-${i}`, valueString: 'x'.repeat(380), subject: { reference: 'Patient/p' } },
		}));
		body.entry = [...filler.slice(0, 6_000), ...entries, ...filler.slice(6_000)];
		const text = JSON.stringify(body);
		expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
		const expected = parseSchedulingNotification(fixtureJson('booked-detailed.json'), FIXTURE_OPTIONS);
		for (const input of [text, Buffer.from(text), body]) {
			expect(parseSchedulingNotification(input, FIXTURE_OPTIONS)).toEqual(expected);
		}
	});

	it('a 5 MiB string that is not JSON, and one huge string value', () => {
		const junk = `{"resourceType":"Bundle","type":"message","entry":[{"resource":{"resourceType":"Patient","name":"${'y'.repeat(5 * 1024 * 1024)}`;
		expect(outcomeOf(junk, 'detailed')).toMatchObject({ code: 'INVALID_JSON' });
		const huge = bundle(header(), appointment({ comment: 'z'.repeat(5 * 1024 * 1024) }));
		expect((outcomeOf(huge, 'detailed') as { result: Record<string, unknown> }).result.appointmentComment).toHaveLength(5 * 1024 * 1024);
	});
});
