/** Reference forms and the index that resolves them, in small and in large bundles. */
import { conditionalIdentifiers, parseReference, ReferenceIndex } from '../../nodes/RedoxSchedulingTrigger/extraction/references';

import { appointment, BASE, bundle, entry, type Entry, header, parse, participant } from './helpers';

const MR = 'urn:redox:org:MR';

/** Filler entries that push a bundle past the size where lookups scan instead of hashing. */
function filler(count: number): Entry[] {
	return Array.from({ length: count }, (_, i) => entry({ resourceType: 'Observation', id: `obs-${i}` }));
}

const SIZES = [
	['a small bundle', 0],
	['a large bundle', 40],
] as const;

function practitioner(id: string, family: string, fullUrl?: string | null): Entry {
	return entry({ resourceType: 'Practitioner', id, name: [{ family }] }, fullUrl);
}

function patient(id: string, mrn: string, fullUrl?: string | null): Entry {
	return entry(
		{
			resourceType: 'Patient',
			id,
			identifier: [{ type: { coding: [{ code: 'MR' }] }, system: MR, value: mrn }],
			name: [{ given: [id] }],
		},
		fullUrl,
	);
}

describe.each(SIZES)('resolving the provider in %s', (_size, padding) => {
	/** providerId when the practitioner participant points at `reference`; `pr-0` is the fallback. */
	function providerFor(reference: string, target: Entry, contained: unknown[] = []): unknown {
		const body = bundle(
			header(),
			appointment({ participant: [participant({ reference })], ...(contained.length > 0 ? { contained } : {}) }),
			...filler(padding),
			practitioner('pr-0', 'Decoy'),
			target,
		);
		return parse(body).providerId;
	}

	it.each([
		['the exact fullUrl', `${BASE}/Practitioner/pr-1`, practitioner('pr-1', 'Target')],
		['relative Type/id', 'Practitioner/pr-1', practitioner('pr-1', 'Target')],
		['relative Type/id, entry without fullUrl', 'Practitioner/pr-1', practitioner('pr-1', 'Target', null)],
		['an absolute URL on another base', 'https://elsewhere.example/fhir/Practitioner/pr-1', practitioner('pr-1', 'Target')],
		['urn:uuid', 'urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427', practitioner('pr-1', 'T', 'urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427')],
		['relative with /_history/n', 'Practitioner/pr-1/_history/3', practitioner('pr-1', 'Target')],
		['absolute with /_history/n', `${BASE}/Practitioner/pr-1/_history/3`, practitioner('pr-1', 'Target')],
	])('by %s', (_name, reference, target) => {
		expect(providerFor(reference, target)).toBe('pr-1');
	});

	it('by #id in the Appointment\'s contained', () => {
		const contained = [{ resourceType: 'Practitioner', id: 'pr-c', name: [{ text: 'Contained Doc' }] }];
		expect(providerFor('#pr-c', practitioner('pr-1', 'Target'), contained)).toBe('pr-c');
	});

	it.each([
		['an unknown id', 'Practitioner/nope'],
		['an unknown urn:uuid', 'urn:uuid:00000000-0000-0000-0000-000000000000'],
		['a #id that is not contained', '#nope'],
		['the right id under another type', 'Location/pr-1'],
	])('falls back to the first Practitioner for %s', (_name, reference) => {
		expect(providerFor(reference, practitioner('pr-1', 'Target'))).toBe('pr-0');
	});
});

describe.each(SIZES)('conditional references in %s', (_size, padding) => {
	function patientFor(reference: string, ...patients: Entry[]): Record<string, unknown> {
		const body = bundle(
			header(),
			appointment({ status: 'booked', participant: [participant({ reference })] }),
			...filler(padding),
			patient('decoy', '0000000001'),
			...patients,
		);
		return parse(body);
	}

	it('relative conditional reference, absolute conditional fullUrl', () => {
		const fullUrl = `${BASE}/Patient?identifier=${MR}|0000000777`;
		const result = patientFor(`Patient?identifier=${MR}|0000000777`, patient('target', '0000000777', fullUrl));
		expect(result.patientId).toBe('0000000777');
		expect(result.patientReference).toBe(`Patient?identifier=${MR}|0000000777`);
	});

	it('the same conditional string as reference and fullUrl', () => {
		const fullUrl = `${BASE}/Patient?identifier=${MR}|0000000777`;
		expect(patientFor(fullUrl, patient('target', '0000000777', fullUrl)).patientFirstName).toBe('target');
	});

	it('a conditional reference resolved by the identifier it searches', () => {
		const result = patientFor(`Patient?identifier=${MR}|0000000777`, patient('target', '0000000777'));
		expect(result.patientFirstName).toBe('target');
	});

	it('percent-encoded search values', () => {
		const result = patientFor(
			`Patient?identifier=${encodeURIComponent(`${MR}|0000000777`)}`,
			patient('target', '0000000777'),
		);
		expect(result.patientFirstName).toBe('target');
	});

	it('a value without system matches any system', () => {
		expect(patientFor('Patient?identifier=0000000777', patient('target', '0000000777')).patientFirstName).toBe('target');
	});

	it('a search that matches nothing falls back to the first Patient', () => {
		expect(patientFor(`Patient?identifier=${MR}|0000000999`, patient('target', '0000000777')).patientFirstName).toBe('decoy');
	});

	it('a search on another system matches nothing', () => {
		expect(patientFor('Patient?identifier=urn:other|0000000777', patient('target', '0000000777')).patientFirstName).toBe('decoy');
	});
});

describe('parseReference', () => {
	it.each([
		['Patient/123', { type: 'Patient', id: '123', query: null, base: 'Patient/123' }],
		[`${BASE}/Patient/123`, { type: 'Patient', id: '123', query: null, base: `${BASE}/Patient/123` }],
		['Patient/123/_history/4', { type: 'Patient', id: '123', query: null, base: 'Patient/123' }],
		[`${BASE}/Patient/123/_history/4`, { type: 'Patient', id: '123', query: null, base: `${BASE}/Patient/123` }],
		['Patient?identifier=a|b', { type: 'Patient', id: null, query: 'identifier=a|b', base: 'Patient?identifier=a|b' }],
		[`${BASE}/Patient?identifier=http://x/y|b`, { type: 'Patient', id: null, query: 'identifier=http://x/y|b', base: `${BASE}/Patient?identifier=http://x/y|b` }],
		['PractitionerRole/r-1', { type: 'PractitionerRole', id: 'r-1', query: null, base: 'PractitionerRole/r-1' }],
	])('%s', (reference, target) => {
		expect(parseReference(reference)).toEqual(target);
	});

	it.each(['urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427', '#contained', '', 'Patient/', '/123', 'patient/123', 'https://example.com', 'Pat1ent/1', '_history/1', '/_history/1'])(
		'%j names no type',
		(reference) => {
			expect(parseReference(reference)).toBeNull();
		},
	);
});

describe('conditionalIdentifiers', () => {
	it.each([
		['Patient?identifier=sys|val', [{ system: 'sys', value: 'val', anySystem: false }]],
		['Patient?identifier=|val', [{ system: null, value: 'val', anySystem: false }]],
		['Patient?identifier=val', [{ system: null, value: 'val', anySystem: true }]],
		['Patient?identifier=urn%3Aa%7C1&_count=1&identifier=b|2', [
			{ system: 'urn:a', value: '1', anySystem: false },
			{ system: 'b', value: '2', anySystem: false },
		]],
		['Patient?identifier=%E0%A4%A|1', [{ system: '%E0%A4%A', value: '1', anySystem: false }]],
		['Patient?name=x', []],
		['Patient/1', []],
		['urn:uuid:x', []],
	])('%s', (reference, identifiers) => {
		expect(conditionalIdentifiers(reference)).toEqual(identifiers);
	});
});

describe('ReferenceIndex', () => {
	it('skips entries without a resource and keeps the first of duplicates', () => {
		const first = { resourceType: 'Patient', id: 'one' };
		const index = new ReferenceIndex([
			null,
			'x',
			{ fullUrl: 'urn:a' },
			{ fullUrl: 'urn:a', resource: first },
			{ fullUrl: 'urn:a', resource: { resourceType: 'Patient', id: 'one', n: 2 } },
			{ resource: { resourceType: 42 } },
		]);
		expect(index.resourcesOfType('Patient')).toHaveLength(2);
		expect(index.resources).toHaveLength(2);
		expect(index.resources).toBe(index.resources);
		expect(index.resolve('urn:a', null)?.resource).toBe(first);
		expect(index.resolve('Patient/one', null)?.resource).toBe(first);
		expect(index.first('Patient')?.fullUrl).toBe('urn:a');
		expect(index.first('Location')).toBeNull();
		expect(index.resolve('', null)).toBeNull();
		expect(index.someResource((resource) => resource.id === 'one')).toBe(true);
	});

	it('gives a large bundle the same answers by scanning and, after many lookups, from its maps', () => {
		const first = { resourceType: 'Patient', id: 'one' };
		const practitioner = { resourceType: 'Practitioner', id: 'p' };
		const entries = [
			...Array.from({ length: 30 }, () => ({ fullUrl: 'urn:junk' })),
			{ fullUrl: 'urn:a', resource: first },
			{ fullUrl: 'urn:a', resource: { resourceType: 'Patient', id: 'one', n: 2 } },
			{ resource: practitioner },
		];
		const index = new ReferenceIndex(entries);
		// 20 rounds of 4 lookups: the first ones scan, the later ones use the maps.
		const answers = Array.from({ length: 20 }, () => [
			index.resolve('urn:a', null)?.resource,
			index.resolve('urn:junk', null),
			index.resolve('Patient/one', null)?.resource,
			index.resolve('Practitioner/p', null)?.resource,
		]);
		for (const round of answers) expect(round).toEqual([first, null, first, practitioner]);
		for (const round of answers) expect(round[0]).toBe(first);
	});

	it('resolves in a bundle of 100,000 entries, the last as well as the first', () => {
		const entries = Array.from({ length: 100_000 }, (_, i) => ({
			fullUrl: `urn:uuid:${i}`,
			resource: { resourceType: i % 2 === 0 ? 'Observation' : 'Patient', id: `id-${i}`, identifier: [{ system: 's', value: `v${i}` }] },
		}));
		const index = new ReferenceIndex(entries);
		expect(index.resolve('urn:uuid:99999', null)?.resource.id).toBe('id-99999');
		expect(index.resolve('Patient/id-99999', null)?.resource.id).toBe('id-99999');
		expect(index.resolve(`${BASE}/Observation/id-0/_history/1`, null)?.resource.id).toBe('id-0');
		expect(index.resolve('Patient?identifier=s|v99999', null)?.resource.id).toBe('id-99999');
		expect(index.resolve('Patient?identifier=s|v0', null)).toBeNull(); // v0 is an Observation's
		expect(index.first('Patient')?.fullUrl).toBe('urn:uuid:1');
	});

	it('a bare # is the container itself', () => {
		const container = { resourceType: 'Appointment', id: 'a' };
		const index = new ReferenceIndex([]);
		expect(index.resolve('#', container)?.resource).toBe(container);
		expect(index.resolve('#x', null)).toBeNull();
	});
});
