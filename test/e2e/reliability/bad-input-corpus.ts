/**
 * A corpus of bad request bodies for the trigger's production URL: malformed, truncated,
 * oversized, wrongly typed and hostile, in categories. Deterministic (a seeded generator for the
 * random bytes), built from the shared fixtures, and bounded in size (the largest bodies are the
 * "oversized" ones, just above the payload limit the test gives n8n).
 *
 * Each case says how it is sent. What n8n must answer is worked out separately (see
 * bad-input-oracle.ts): by n8n itself for the few cases it answers before the node runs, else by
 * the node's protocol module.
 */
import { gzipSync, deflateSync } from 'node:zlib';

import { fixtureJson, readFixture, VALID_FIXTURES, type ValidFixture } from '../../../scripts/harness';
import type { ExpectedAnswer } from './bad-input-oracle';

export type BadInputCategory =
	| 'truncated'
	| 'malformed JSON'
	| 'JSON that is not a bundle'
	| 'bundle of the wrong shape'
	| 'wrong-typed fields'
	| 'hostile structure'
	| 'huge values'
	| 'invalid UTF-8'
	| 'content types and encodings'
	| 'binary garbage'
	| 'oversized'
	| 'aborted requests';

/** How the request is cut short, for the `aborted requests` category. */
export type Abort = 'declared-length-not-sent' | 'headers-only' | 'half-body-then-reset';

export interface BadInputCase {
	category: BadInputCategory;
	name: string;
	body: Buffer;
	/** `null`: no Content-Type header. */
	contentType: string | null;
	/** Extra headers (e.g. Content-Encoding). */
	headers?: Record<string, string>;
	/** The workflow it goes to: `main` (Simplify on), or `raw` (Simplify off + raw bundle kept). */
	target?: 'main' | 'raw';
	/** Sent over a raw socket and cut short: no answer is expected. */
	abort?: Abort;
	/** How long to wait for an answer (default 120 s). */
	timeoutMs?: number;
	/** The answer, when the oracle cannot work it out (n8n's multipart parsing). */
	expected?: ExpectedAnswer;
}

/** `{"a":{"a":...1...}}`, `depth` objects deep. */
export function deepObject(depth: number): string {
	return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Bundle = { [key: string]: Json } & { entry: Array<{ fullUrl?: string; resource: { [key: string]: Json } }> };

const FHIR_JSON = 'application/fhir+json';

/** mulberry32: a small seeded generator, so that the "random" bytes are the same on every run. */
function seededBytes(seed: number, length: number): Buffer {
	let state = seed >>> 0;
	const bytes = Buffer.alloc(length);
	for (let i = 0; i < length; i += 1) {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
	}
	return bytes;
}

/**
 * Makes each case's notification distinct (own MessageHeader.id and Bundle.id), so that the
 * duplicate memory never hides a case behind an earlier one.
 */
export class CorpusBuilder {
	readonly cases: BadInputCase[] = [];
	private serial = 0;

	constructor(private readonly runId: string) {}

	/** A fresh copy of a fixture with its own ids. */
	bundle(fixture: ValidFixture = 'booked-detailed'): Bundle {
		this.serial += 1;
		const bundle = fixtureJson<Bundle>(`${fixture}.json`);
		const suffix = `bad-${this.runId}-${this.serial}`;
		bundle.id = `${String(bundle.id)}-${suffix}`;
		const header = bundle.entry.find((e) => e.resource.resourceType === 'MessageHeader')?.resource;
		if (header) header.id = `${String(header.id)}-${suffix}`;
		return bundle;
	}

	add(category: BadInputCategory, name: string, body: string | Buffer | Json, options: Partial<BadInputCase> = {}): void {
		const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
		this.cases.push({ category, name, body: bytes, contentType: FHIR_JSON, ...options });
	}
}

/** The resource of the first entry of a type (the fixtures have one each). */
function resourceOf(bundle: Bundle, type: string): { [key: string]: Json } {
	const entry = bundle.entry.find((e) => e.resource.resourceType === type);
	if (!entry) throw new Error(`no ${type} in the fixture`);
	return entry.resource;
}

function truncated(corpus: CorpusBuilder): void {
	for (const fixture of VALID_FIXTURES) {
		const text = JSON.stringify(corpus.bundle(fixture), null, 2);
		// Cut points strictly inside the outer braces, so that no cut is valid JSON.
		const end = text.lastIndexOf('}');
		for (const fraction of [0, 0.01, 0.125, 0.25, 0.5, 0.75, 0.9, 0.999]) {
			const cut = Math.max(1, Math.min(end, Math.floor(end * fraction)));
			corpus.add('truncated', `${fixture} cut at ${(fraction * 100).toFixed(1)}% (${cut} bytes)`, text.slice(0, cut));
		}
	}
}

function malformed(corpus: CorpusBuilder): void {
	const bodies: Array<[string, string | Buffer]> = [
		['empty body', ''],
		['a space', ' '],
		['whitespace only', '\n\t\r  \n'],
		['byte order mark only', '\uFEFF'],
		['lone opening brace', '{'],
		['lone closing brace', '}'],
		['lone bracket', '['],
		['missing value', '{"resourceType":}'],
		['single quotes', "{'resourceType':'Bundle'}"],
		['unquoted keys', '{resourceType:"Bundle",type:"message"}'],
		['trailing comma in object', '{"resourceType":"Bundle","type":"message",}'],
		['trailing comma in array', '{"resourceType":"Bundle","entry":[1,]}'],
		['NaN', 'NaN'],
		['Infinity', '{"a":Infinity}'],
		['undefined', 'undefined'],
		['two objects', '{"resourceType":"Bundle"}{"resourceType":"Bundle"}'],
		['trailing garbage', '{"resourceType":"Bundle","type":"message"} x'],
		['line comment', '// Redox\n{"resourceType":"Bundle"}'],
		['block comment', '/* */{"resourceType":"Bundle"}'],
		['invalid escape', '{"resourceType":"Bun\\xdle"}'],
		['raw control character in a string', '{"resourceType":"Bun\u0001dle"}'],
		['raw newline in a string', '{"resourceType":"Bun\ndle"}'],
		['unterminated string', '{"resourceType":"Bundle'],
		['leading zero', '{"n":01}'],
		['bare decimal point', '{"n":1.}'],
		['plus sign', '{"n":+1}'],
		['lone minus', '-'],
		['truncated literal', 'tru'],
		['missing colon', '{"resourceType" "Bundle"}'],
		['missing comma', '{"resourceType":"Bundle" "type":"message"}'],
		['no-break space before the JSON', '\u00a0{"resourceType":"Bundle"}'],
		['bad unicode escape', '{"id":"\\u12G4"}'],
		['JavaScript, not JSON', 'module.exports = {resourceType: "Bundle"};'],
		['HTML', '<html><body>Bundle</body></html>'],
		['the shared not-json fixture (cut in a patient name)', readFixture('invalid/not-json.txt')],
	];
	for (const [name, body] of bodies) corpus.add('malformed JSON', name, body);
	// Broken right at the patient's name: the node's answer must not quote it. Sent as
	// application/json too, where n8n answers itself (and its 422 quotes JSON.parse's message).
	for (const contentType of [FHIR_JSON, 'application/json']) {
		const text = JSON.stringify(corpus.bundle()).replace('"family":"Testpatient"', '"family":Testpatient');
		corpus.add('malformed JSON', `an unquoted patient name, sent as ${contentType}`, text, { contentType });
	}
}

function notABundle(corpus: CorpusBuilder, token: string): void {
	const values: Array<[string, string]> = [
		['null', 'null'],
		['true', 'true'],
		['false', 'false'],
		['zero', '0'],
		['negative zero', '-0'],
		['huge number', '1e308'],
		['tiny number', '-1.5e-300'],
		['30-digit integer', '123456789012345678901234567890'],
		['a string', '"a string"'],
		['an empty string', '""'],
		['the string "Bundle"', '"Bundle"'],
		['empty array', '[]'],
		['nested empty arrays', '[[]]'],
		['array of null', '[null]'],
		['empty object', '{}'],
		['a Patient', '{"resourceType":"Patient","id":"p1"}'],
		['lower-case bundle', '{"resourceType":"bundle","type":"message","entry":[]}'],
		['upper-case BUNDLE', '{"resourceType":"BUNDLE","type":"message","entry":[]}'],
		['padded " Bundle"', '{"resourceType":" Bundle","type":"message","entry":[]}'],
		['resourceType a number', '{"resourceType":5,"type":"message","entry":[]}'],
		['resourceType null', '{"resourceType":null,"type":"message","entry":[]}'],
		['resourceType an array', '{"resourceType":["Bundle"],"type":"message","entry":[]}'],
		['resourceType an object', '{"resourceType":{"value":"Bundle"},"type":"message","entry":[]}'],
		['misspelt key resourcetype', '{"resourcetype":"Bundle","type":"message","entry":[]}'],
		['handshake without a challenge (token in the body)', JSON.stringify({ 'verification-token': token })],
		['handshake with an object challenge', JSON.stringify({ 'verification-token': token, challenge: { nested: 1 } })],
		['handshake with an empty challenge', JSON.stringify({ 'verification-token': token, challenge: '' })],
	];
	for (const [name, body] of values) corpus.add('JSON that is not a bundle', name, body);
	corpus.add('JSON that is not a bundle', 'the shared not-a-bundle fixture', readFixture('invalid/not-a-bundle.json'));
	for (const fixture of ['booked-detailed', 'cancelled-detailed'] as const) {
		corpus.add('JSON that is not a bundle', `${fixture} wrapped in an array`, [corpus.bundle(fixture)]);
	}
	const patient = resourceOf(corpus.bundle('booked-detailed'), 'Patient');
	corpus.add('JSON that is not a bundle', 'the Patient resource of a fixture alone', patient);
}

function wrongShape(corpus: CorpusBuilder): void {
	const withBundle = (name: string, change: (bundle: Bundle) => void): void => {
		const bundle = corpus.bundle();
		change(bundle);
		corpus.add('bundle of the wrong shape', name, bundle as unknown as Json);
	};
	const setType = (value: Json | undefined) => (b: Bundle) => {
		if (value === undefined) delete b.type;
		else b.type = value;
	};
	withBundle('type missing', setType(undefined));
	for (const value of [null, 5, 'Message', 'collection', 'history', ['message'], { value: 'message' }] as Json[]) {
		withBundle(`type ${JSON.stringify(value)}`, setType(value));
	}
	const setEntry = (value: Json | undefined) => (b: Bundle) => {
		if (value === undefined) delete (b as Record<string, unknown>).entry;
		else (b as Record<string, unknown>).entry = value;
	};
	withBundle('entry missing', setEntry(undefined));
	const entries: Json[] = [
		null, {}, 'x', 5, true, [], [null], [5], ['MessageHeader'], [[]], [{}], [{ resource: null }],
		[{ resource: 'MessageHeader' }], [{ resource: { resourceType: 5 } }], [{ resource: [] }],
		{ 0: { resource: { resourceType: 'MessageHeader' } }, length: 1 },
	];
	for (const value of entries) withBundle(`entry ${JSON.stringify(value)}`, setEntry(value));

	const header = (name: string, change: (header: { [key: string]: Json }, bundle: Bundle) => void): void =>
		withBundle(`MessageHeader: ${name}`, (b) => change(resourceOf(b, 'MessageHeader'), b));
	for (const value of [5, null, [], {}, '', 'https://fhir.redoxengine.com/EventDefinition/SchedulingAppointmentBookedX', 'booked'] as Json[]) {
		header(`eventUri ${JSON.stringify(value)}`, (h) => {
			h.eventUri = value;
		});
	}
	for (const value of ['x', 5, [], { code: 5 }, { code: null }, [{ code: 'Scheduling-event-appointment-booked' }]] as Json[]) {
		header(`eventCoding ${JSON.stringify(value)} and no eventUri`, (h) => {
			delete h.eventUri;
			h.eventCoding = value;
		});
	}
	// Without the Appointment entry, the focus is the only way to the appointment.
	for (const value of ['x', 5, [5], [{ reference: 5 }], [{ reference: {} }], null, [{ reference: '' }]] as Json[]) {
		withBundle(`no Appointment entry, focus ${JSON.stringify(value)}`, (b) => {
			b.entry = b.entry.filter((e) => e.resource.resourceType !== 'Appointment');
			resourceOf(b, 'MessageHeader').focus = value;
		});
	}
	withBundle('MessageHeader is the last entry', (b) => {
		const index = b.entry.findIndex((e) => e.resource.resourceType === 'MessageHeader');
		b.entry.push(...b.entry.splice(index, 1));
	});
	withBundle('two MessageHeaders, the first one of another event', (b) => {
		const first = JSON.parse(JSON.stringify(resourceOf(b, 'MessageHeader'))) as { [key: string]: Json };
		first.eventUri = 'https://fhir.redoxengine.com/EventDefinition/PatientAdminPatientAdmitted';
		first.id = `${String(first.id)}-other`;
		b.entry.unshift({ resource: first });
	});
	for (const file of ['not-a-message.json', 'no-message-header.json', 'unknown-event.json', 'no-appointment.json']) {
		corpus.add('bundle of the wrong shape', `the shared invalid/${file} fixture`, readFixture(`invalid/${file}`));
	}
}

/** Wrong-typed values in places a usable notification may still carry them. */
function wrongTypes(corpus: CorpusBuilder): void {
	type Target = (b: Bundle) => { [key: string]: Json };
	const paths: Array<[string, Target, string]> = [
		['Bundle', (b) => b, 'id'],
		['Bundle', (b) => b, 'timestamp'],
		['MessageHeader', (b) => resourceOf(b, 'MessageHeader'), 'id'],
		['MessageHeader', (b) => resourceOf(b, 'MessageHeader'), 'source'],
		['MessageHeader', (b) => resourceOf(b, 'MessageHeader'), 'timestamp'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'id'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'status'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'start'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'end'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'minutesDuration'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'participant'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'appointmentType'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'serviceType'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'reasonCode'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'extension'],
		['Appointment', (b) => resourceOf(b, 'Appointment'), 'contained'],
		['Patient', (b) => resourceOf(b, 'Patient'), 'name'],
		['Patient', (b) => resourceOf(b, 'Patient'), 'identifier'],
		['Patient', (b) => resourceOf(b, 'Patient'), 'birthDate'],
		['Patient', (b) => resourceOf(b, 'Patient'), 'telecom'],
		['Patient', (b) => resourceOf(b, 'Patient'), 'address'],
		['Practitioner', (b) => resourceOf(b, 'Practitioner'), 'name'],
		['Practitioner', (b) => resourceOf(b, 'Practitioner'), 'identifier'],
		['Location', (b) => resourceOf(b, 'Location'), 'address'],
		['Procedure', (b) => resourceOf(b, 'Procedure'), 'code'],
	];
	const values: Json[] = [5, 'x', null, true, {}, [[]], [5, 'x', null]];
	let turn = 0;
	for (const [type, target, key] of paths) {
		// Two wrong values per field, rotating through the list so that every type gets used.
		for (let k = 0; k < 2; k += 1) {
			const value = values[turn % values.length];
			turn += 1;
			const bundle = corpus.bundle();
			target(bundle)[key] = value;
			corpus.add('wrong-typed fields', `${type}.${key} = ${JSON.stringify(value)}`, bundle as unknown as Json);
		}
	}
	for (const type of ['Patient', 'Practitioner', 'Location', 'Appointment']) {
		const bundle = corpus.bundle();
		const entry = bundle.entry.find((e) => e.resource.resourceType === type);
		if (entry) (entry as { fullUrl?: Json }).fullUrl = 5;
		corpus.add('wrong-typed fields', `${type} entry fullUrl = 5`, bundle as unknown as Json);
	}
}

const DEPTH = 100_000;

function hostile(corpus: CorpusBuilder): void {
	const add = (name: string, body: string | Json, options: Partial<BadInputCase> = {}) => corpus.add('hostile structure', name, body, options);
	const deepArray = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
	const deepObjects = deepObject(DEPTH);
	add(`arrays nested ${DEPTH} deep as the whole body`, deepArray);
	add(`objects nested ${DEPTH} deep as the whole body`, deepObjects);
	add(`arrays nested ${DEPTH} deep, sent as application/json`, deepArray, { contentType: 'application/json' });
	const splice = (bundle: Bundle, marker: string, deep: string): string => JSON.stringify(bundle).replace(`"${marker}"`, deep);
	{
		const bundle = corpus.bundle();
		resourceOf(bundle, 'Appointment').extension = ['DEEP'] as Json;
		add(`a usable notification whose Appointment has an extension nested ${DEPTH} deep`, splice(bundle, 'DEEP', deepObjects));
	}
	{
		const bundle = corpus.bundle();
		resourceOf(bundle, 'Appointment').contained = 'DEEP';
		add(`Appointment.contained nested ${DEPTH} deep`, splice(bundle, 'DEEP', deepArray));
	}
	{
		const bundle = corpus.bundle();
		resourceOf(bundle, 'MessageHeader').focus = 'DEEP';
		add(`MessageHeader.focus nested ${DEPTH} deep`, splice(bundle, 'DEEP', deepArray));
	}
	{
		const bundle = corpus.bundle();
		bundle.entry.push({ resource: { resourceType: 'Basic', extension: 'DEEP' } });
		add(`an extra entry nested ${DEPTH} deep`, splice(bundle, 'DEEP', deepObjects));
	}
	{
		// The same hostile bundle, to a workflow that keeps the raw bundle on the item: n8n then
		// has to store (serialise) the deep structure in the execution data.
		// 1,000 levels: n8n stores and shows it. From about 5,000 levels n8n 2.41.1 stores the
		// execution but cannot read it back (RELIABILITY.md); the e2e test sends that one alone.
		const bundle = corpus.bundle();
		resourceOf(bundle, 'Appointment').extension = ['DEEP'] as Json;
		add('extension nested 1000 deep, to a workflow that keeps the raw bundle', splice(bundle, 'DEEP', deepObject(1_000)), { target: 'raw' });
	}

	// Prototype pollution: keys and values that name Object.prototype's members.
	add('__proto__ holding the bundle', '{"__proto__":{"resourceType":"Bundle","type":"message","entry":[]}}');
	add('constructor.prototype at the top', '{"constructor":{"prototype":{"polluted":true}},"resourceType":"Bundle"}');
	{
		const bundle = corpus.bundle();
		const text = JSON.stringify(bundle).replace('"resourceType":"Bundle"', '"__proto__":{"polluted":true,"type":"collection"},"resourceType":"Bundle"');
		add('a usable notification with a __proto__ key', text);
	}
	{
		const bundle = corpus.bundle();
		const text = JSON.stringify(bundle).replace('"resourceType":"MessageHeader"', '"__proto__":{"eventUri":"x","polluted":true},"resourceType":"MessageHeader"');
		add('MessageHeader with a __proto__ key', text);
	}
	for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype']) {
		const bundle = corpus.bundle();
		for (const entry of bundle.entry) entry.fullUrl = name;
		resourceOf(bundle, 'MessageHeader').focus = [{ reference: name }];
		const appointment = resourceOf(bundle, 'Appointment');
		appointment.id = name;
		add(`every fullUrl, the focus and the Appointment id are "${name}"`, bundle as unknown as Json);
	}
	for (const name of ['__proto__', 'constructor', 'toString']) {
		const bundle = corpus.bundle();
		const appointment = resourceOf(bundle, 'Appointment');
		appointment.participant = [{ actor: { reference: name } }, { actor: { reference: `${name}/${name}` } }];
		add(`participants referring to "${name}"`, bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		const header = resourceOf(bundle, 'MessageHeader');
		header.id = `${String(header.id)} with \u0000 nul, \u202e right-to-left and \ud800 lone surrogate`;
		add('MessageHeader.id with NUL, RTL override and a lone surrogate', bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		bundle.entry = Array.from({ length: 50_000 }, (_, i) => ({ resource: { resourceType: 'Basic', id: `b${i}` } }));
		bundle.entry.unshift(...corpus.bundle().entry);
		add('50,000 extra entries', bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		const appointment = resourceOf(bundle, 'Appointment');
		appointment.participant = Array.from({ length: 20_000 }, (_, i) => ({ actor: { reference: `Practitioner/p${i}` } }));
		add('20,000 participants referring to nothing', bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		const appointment = resourceOf(bundle, 'Appointment');
		appointment.contained = Array.from({ length: 5_000 }, (_, i) => ({ resourceType: 'Basic', id: `c${i}`, extension: [{ valueReference: { reference: `#c${i + 1}` } }] }));
		add('5,000 contained resources referring to each other in a chain', bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		const appointment = resourceOf(bundle, 'Appointment');
		appointment.contained = [{ resourceType: 'Basic', id: 'loop', extension: [{ valueReference: { reference: '#loop' } }] }];
		appointment.supportingInformation = [{ reference: '#loop' }];
		add('a contained resource referring to itself', bundle as unknown as Json);
	}
}

function huge(corpus: CorpusBuilder): void {
	const add = (name: string, body: Json) => corpus.add('huge values', name, body);
	const mib = 1024 * 1024;
	{
		const bundle = corpus.bundle();
		resourceOf(bundle, 'Patient').name = [{ family: 'F'.repeat(3 * mib), given: ['G'.repeat(64 * 1024)] }];
		add('a 3 MiB patient family name', bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		resourceOf(bundle, 'Appointment').description = '\u00e9\u4e2d'.repeat(mib / 2);
		add('a 1 Mi-character non-ASCII description', bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		resourceOf(bundle, 'Appointment').comment = '\u0000'.repeat(256 * 1024);
		add('256 Ki NUL characters in a comment', bundle as unknown as Json);
	}
	for (let i = 0; i < 4; i += 1) {
		// The identity Redox uses for repeats, at a size no sender should use: the duplicate
		// memory and the static data must not keep megabytes per notification.
		const bundle = corpus.bundle();
		const header = resourceOf(bundle, 'MessageHeader');
		header.id = `${String(header.id)}-${'I'.repeat(mib)}`;
		add(`a 1 MiB MessageHeader.id (${i + 1} of 4)`, bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		delete resourceOf(bundle, 'MessageHeader').id;
		bundle.id = `${String(bundle.id)}-${'B'.repeat(mib)}`;
		add('no MessageHeader.id and a 1 MiB Bundle.id', bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		resourceOf(bundle, 'MessageHeader').eventUri = `https://fhir.redoxengine.com/EventDefinition/${'X'.repeat(mib)}SchedulingAppointmentBooked`;
		add('a 1 MiB eventUri', bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		resourceOf(bundle, 'Appointment').start = `2026-12-01T09:30:00${'0'.repeat(mib)}-05:00`;
		add('a 1 MiB appointment start', bundle as unknown as Json);
	}
	{
		const bundle = corpus.bundle();
		(bundle as Record<string, unknown>).padding = Array.from({ length: 200_000 }, (_, i) => i);
		add('200,000 numbers beside the entries', bundle as unknown as Json);
	}
}

function invalidUtf8(corpus: CorpusBuilder): void {
	const add = (name: string, body: Buffer, contentType: string | null = FHIR_JSON) => corpus.add('invalid UTF-8', name, body, { contentType });
	const fixtureBytes = () => Buffer.from(JSON.stringify(corpus.bundle()), 'utf8');
	const insertInName = (bytes: Buffer, inserted: Buffer): Buffer => {
		const at = bytes.indexOf('"Testpatient"') + 2;
		return Buffer.concat([bytes.subarray(0, at), inserted, bytes.subarray(at)]);
	};
	add('0xFF inside the patient name', insertInName(fixtureBytes(), Buffer.from([0xff])));
	add('overlong "/" (C0 AF) inside the patient name', insertInName(fixtureBytes(), Buffer.from([0xc0, 0xaf])));
	add('UTF-16 surrogate encoded as UTF-8 (ED A0 80)', insertInName(fixtureBytes(), Buffer.from([0xed, 0xa0, 0x80])));
	add('lone continuation bytes inside the patient name', insertInName(fixtureBytes(), Buffer.from([0x80, 0x81, 0xbf])));
	add('0xFF before the JSON', Buffer.concat([Buffer.from([0xff]), fixtureBytes()]));
	{
		const bytes = fixtureBytes();
		add('0xFE 0xFF between tokens', Buffer.concat([bytes.subarray(0, 1), Buffer.from([0xfe, 0xff]), bytes.subarray(1)]));
	}
	{
		const bytes = fixtureBytes();
		add('a multibyte character cut at the very end', Buffer.concat([bytes.subarray(0, bytes.length - 1), Buffer.from([0xe4, 0xb8])]));
	}
	add('UTF-8 byte order mark, then the fixture', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixtureBytes()]));
	add('UTF-16LE with its byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixtureBytes().toString('utf8'), 'utf16le')]));
	add('UTF-16BE without a byte order mark', Buffer.from(fixtureBytes().toString('utf8'), 'utf16le').swap16());
	add('Latin-1 encoded (é as a single byte) in the patient name', insertInName(fixtureBytes(), Buffer.from('\u00e9', 'latin1')));
	add('0xFF sent as application/json', insertInName(fixtureBytes(), Buffer.from([0xff])), 'application/json');
}

function contentTypes(corpus: CorpusBuilder): void {
	const add = (name: string, contentType: string | null, options: Partial<BadInputCase> = {}, body?: Buffer) =>
		corpus.add('content types and encodings', name, body ?? Buffer.from(JSON.stringify(corpus.bundle()), 'utf8'), { contentType, ...options });
	// n8n parses XML types itself (xml2js) before the node runs: a JSON body gets 422 the first
	// time, and after that n8n's shared parser may leave the request unanswered (n8n 2.41.1). The
	// body is a Patient, not a notification, so that whatever n8n does, nothing starts.
	for (const type of ['text/xml', 'application/xml', 'application/fhir+xml']) {
		add(`a Patient resource sent as ${JSON.stringify(type)}`, type, { timeoutMs: 5_000 }, Buffer.from('{"resourceType":"Patient","id":"p-xml"}'));
	}
	for (const type of [
		'application/x-www-form-urlencoded',
		'application/octet-stream',
		'image/png',
		'text/html',
		'text/csv',
		'application/json; charset=bogus',
		'application/json; charset=utf-16le',
		'text/plain; charset=bogus',
		'application/x-www-form-urlencoded; charset=bogus',
		'application/json ',
		'APPLICATION/JSON',
		'',
		'application/fhir+json; charset=iso-8859-1',
		'*/*',
		';;;=',
		'application/fhir+json'.repeat(200),
	]) {
		add(`a usable notification sent as ${JSON.stringify(type.length > 60 ? `${type.slice(0, 40)}... (${type.length} chars)` : type)}`, type);
	}
	// n8n parses multipart/form-data itself (formidable) and hands the node the fields, not the
	// bytes: a JSON body under a multipart type fails n8n's parser (400 from n8n); a real upload
	// reaches the node as form fields, which are not a bundle.
	add('a usable notification sent as "multipart/form-data; boundary=xyz"', 'multipart/form-data; boundary=xyz', {
		expected: { by: 'n8n', status: 400, why: 'n8n parses multipart/form-data itself and fails' },
	});
	{
		const bundle = Buffer.from(JSON.stringify(corpus.bundle()), 'utf8');
		const multipart = Buffer.concat([
			Buffer.from('--xyz\r\nContent-Disposition: form-data; name="bundle"; filename="b.json"\r\nContent-Type: application/fhir+json\r\n\r\n'),
			bundle,
			Buffer.from('\r\n--xyz--\r\n'),
		]);
		add(
			'a real multipart/form-data upload holding the bundle',
			'multipart/form-data; boundary=xyz',
			{ expected: { by: 'node', status: 400, label: '400 NOT_A_BUNDLE', messageId: null, bundleId: null } },
			multipart,
		);
	}
	add('an XML document sent as application/fhir+xml', 'application/fhir+xml', {}, Buffer.from('<Bundle xmlns="http://hl7.org/fhir"><type value="message"/></Bundle>'));
	add(
		'an XML entity-expansion bomb sent as text/xml',
		'text/xml',
		{},
		Buffer.from(
			'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
				'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">' +
				'<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]><lolz>&lol5;</lolz>',
		),
	);
	{
		const plain = Buffer.from(JSON.stringify(corpus.bundle()), 'utf8');
		add('a usable notification, gzip-compressed (Content-Encoding: gzip)', 'application/fhir+json', { headers: { 'content-encoding': 'gzip' } }, gzipSync(plain));
	}
	{
		const plain = Buffer.from(JSON.stringify(corpus.bundle()), 'utf8');
		add('a usable notification, deflate-compressed', 'application/fhir+json', { headers: { 'content-encoding': 'deflate' } }, deflateSync(plain));
	}
	add('Content-Encoding: gzip on a body that is not gzip', 'application/fhir+json', { headers: { 'content-encoding': 'gzip' } });
	add('Content-Encoding: deflate on random bytes', 'application/fhir+json', { headers: { 'content-encoding': 'deflate' } }, seededBytes(7, 4096));
	{
		const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
		add(`a gzip bomb: ${Math.round(bomb.length / 1024)} KiB that inflate to 64 MiB of spaces`, 'application/fhir+json', { headers: { 'content-encoding': 'gzip' } }, bomb);
	}
	{
		const plain = Buffer.from(JSON.stringify(corpus.bundle()), 'utf8');
		add('a usable notification with Content-Encoding: br (not decoded by n8n)', 'application/fhir+json', { headers: { 'content-encoding': 'br' } }, plain);
	}
}

function binaryGarbage(corpus: CorpusBuilder): void {
	const add = (name: string, body: Buffer, contentType: string | null = FHIR_JSON) => corpus.add('binary garbage', name, body, { contentType });
	for (const [seed, size] of [[1, 1], [2, 16], [3, 1024], [4, 65_536], [5, 1024 * 1024]] as const) {
		add(`${size} random bytes`, seededBytes(seed, size));
	}
	add('1 KiB of NUL bytes', Buffer.alloc(1024));
	add('a PNG signature and header', Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'));
	add('a gzip stream without Content-Encoding', gzipSync(Buffer.from(JSON.stringify(corpus.bundle()))));
	add('random bytes sent as application/octet-stream', seededBytes(9, 2048), 'application/octet-stream');
	add('random bytes without a Content-Type', seededBytes(10, 2048), null);
	add('random bytes sent as application/json', seededBytes(11, 2048), 'application/json');
}

function oversized(corpus: CorpusBuilder, limitBytes: number): void {
	const add = (name: string, body: Buffer, options: Partial<BadInputCase> = {}) => corpus.add('oversized', name, body, options);
	/** A usable notification of exactly `size` bytes (padded in Appointment.comment). */
	const ofSize = (size: number): Buffer => {
		const bundle = corpus.bundle();
		const appointment = resourceOf(bundle, 'Appointment');
		appointment.comment = '';
		appointment.comment = 'c'.repeat(size - Buffer.byteLength(JSON.stringify(bundle)));
		const body = Buffer.from(JSON.stringify(bundle));
		if (body.length !== size) throw new Error(`padding went wrong: ${body.length} bytes, not ${size}`);
		return body;
	};
	add('a usable notification of exactly the payload limit', ofSize(limitBytes));
	add('a usable notification 1 byte over the payload limit', ofSize(limitBytes + 1));
	add('spaces, twice the payload limit', Buffer.alloc(limitBytes * 2, 0x20));
	add('20 MiB (above n8n\'s default 16 MiB limit too)', Buffer.alloc(20 * 1024 * 1024, 0x5b));
	add('over the limit, sent as application/json', Buffer.alloc(limitBytes + 1024, 0x20), { contentType: 'application/json' });
}

function aborted(corpus: CorpusBuilder): void {
	const body = Buffer.from(JSON.stringify(corpus.bundle()), 'utf8');
	corpus.add('aborted requests', 'Content-Length larger than the body, then the connection closes', body, { abort: 'declared-length-not-sent' });
	corpus.add('aborted requests', 'headers only, then the connection closes', body, { abort: 'headers-only' });
	corpus.add('aborted requests', 'half the body, then a reset', body, { abort: 'half-body-then-reset' });
	const large = Buffer.from(JSON.stringify(corpus.bundle()).padEnd(512 * 1024, ' '), 'utf8');
	corpus.add('aborted requests', 'half of a 512 KiB body, then a reset', large, { abort: 'half-body-then-reset' });
}

/** The whole corpus, in a fixed order. `limitBytes` is the N8N_PAYLOAD_SIZE_MAX given to n8n. */
export function badInputCorpus({ runId, token, limitBytes }: { runId: string; token: string; limitBytes: number }): BadInputCase[] {
	const corpus = new CorpusBuilder(runId);
	truncated(corpus);
	malformed(corpus);
	notABundle(corpus, token);
	wrongShape(corpus);
	wrongTypes(corpus);
	hostile(corpus);
	huge(corpus);
	invalidUtf8(corpus);
	contentTypes(corpus);
	binaryGarbage(corpus);
	oversized(corpus, limitBytes);
	aborted(corpus);
	return corpus.cases;
}
