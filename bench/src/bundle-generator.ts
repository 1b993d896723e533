/**
 * Big notification bundles for the scaling benchmark: the booked-detailed fixture plus extra
 * entries of the kinds a detailed notification or a chatty sender adds (Observations,
 * Encounters, Conditions, Practitioners, Locations, Organizations, ServiceRequests,
 * DiagnosticReports). Their `fullUrl`s take every form seen in the wild (absolute Redox URL,
 * `urn:uuid:`, relative, none), and their references point at each other, at the patient (by its
 * conditional `fullUrl` or as `Patient/<id>`) and at the appointment. Deterministic: the same
 * entry count and seed give the same text.
 *
 * None of the extra entries changes the extraction's output (there are no extra Procedures, and
 * the participants resolve to the fixture's own resources), so any growth in time is the cost of
 * walking and indexing the bundle.
 */
import { fixtureJson } from './paths';

type Json = Record<string, unknown>;

/** mulberry32: small, fast, good enough for test data. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const BASE_URL = 'https://api.redoxengine.com/fhir/R4/redox-fhir-sandbox/Development';

interface Made {
	type: string;
	id: string;
	/** How other entries refer to it. */
	reference: string;
}

export interface GeneratedBundle {
	text: string;
	entries: number;
	bytes: number;
}

export function generateBundle(totalEntries: number, seed = 1): GeneratedBundle {
	const next = random(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
	const hex = (length: number): string => {
		let out = '';
		for (let i = 0; i < length; i++) out += '0123456789abcdef'[Math.floor(next() * 16)];
		return out;
	};
	const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

	const bundle = fixtureJson<Json & { entry: Json[] }>('booked-detailed.json');
	const appointmentUrl = String(bundle.entry[1].fullUrl);
	const patient = bundle.entry[2].resource as Json;
	const patientRefs = [String(bundle.entry[2].fullUrl), `Patient/${String(patient.id)}`];
	const made: Record<string, Made[]> = { Encounter: [], Practitioner: [], Location: [], Observation: [], Organization: [] };

	const reference = (type: string): { reference: string } => {
		const pool = made[type];
		if (pool.length === 0 || next() < 0.05) return { reference: `${type}/${hex(10)}` }; // outside the bundle
		return { reference: pick(pool).reference };
	};
	const subject = (): { reference: string } => ({ reference: pick(patientRefs) });

	const makers: Array<[number, string, (id: string) => Json]> = [
		[
			0.3,
			'Observation',
			() => ({
				status: 'final',
				code: { coding: [{ system: 'http://loinc.org', code: pick(['8867-4', '8480-6', '8462-4', '29463-7']) }] },
				subject: subject(),
				encounter: reference('Encounter'),
				valueQuantity: { value: Math.round(next() * 1000) / 10, unit: pick(['/min', 'mm[Hg]', 'kg']) },
			}),
		],
		[
			0.15,
			'Encounter',
			() => ({
				status: 'finished',
				class: { code: 'AMB' },
				subject: subject(),
				appointment: next() < 0.2 ? [{ reference: appointmentUrl }] : undefined,
				participant: [{ individual: reference('Practitioner') }],
			}),
		],
		[
			0.15,
			'Condition',
			() => ({
				code: { text: pick(['Essential hypertension', 'Type 2 diabetes', 'Asthma', 'Migraine']) },
				subject: subject(),
				encounter: reference('Encounter'),
			}),
		],
		[
			0.1,
			'Practitioner',
			() => ({
				identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: `99${hex(8).replace(/\D/g, '7')}` }],
				name: [{ family: pick(['Fakedoc', 'Nohealer', 'Placebo']), given: [pick(['Ann', 'Bo', 'Cy'])] }],
			}),
		],
		[
			0.1,
			'Location',
			(id) => ({
				name: `Clinic ${id.slice(0, 4)}`,
				address: { city: 'Madison', state: 'WI', postalCode: '53703' },
				managingOrganization: reference('Organization'),
			}),
		],
		[0.05, 'Organization', (id) => ({ name: `Org ${id.slice(0, 4)}` })],
		[
			0.1,
			'ServiceRequest',
			() => ({
				status: 'active',
				intent: 'order',
				subject: subject(),
				requester: reference('Practitioner'),
			}),
		],
		[
			0.05,
			'DiagnosticReport',
			() => ({
				status: 'final',
				code: { text: 'Basic metabolic panel' },
				subject: subject(),
				result: [reference('Observation'), reference('Observation')],
			}),
		],
	];

	const extra = Math.max(0, totalEntries - bundle.entry.length);
	for (let n = 0; n < extra; n++) {
		let roll = next();
		let maker = makers[makers.length - 1];
		for (const candidate of makers) {
			roll -= candidate[0];
			if (roll < 0) {
				maker = candidate;
				break;
			}
		}
		const [, type, make] = maker;
		const id = hex(12);
		const form = next();
		let fullUrl: string | undefined;
		let ref: string;
		if (form < 0.4) {
			fullUrl = ref = `${BASE_URL}/${type}/${id}`;
		} else if (form < 0.8) {
			fullUrl = ref = `urn:uuid:${uuid()}`;
		} else if (form < 0.9) {
			fullUrl = ref = `${type}/${id}`;
		} else {
			ref = `${type}/${id}`; // no fullUrl: only resolvable as Type/id
		}
		const resource: Json = { resourceType: type, id, ...make(id) };
		if (made[type]) made[type].push({ type, id, reference: ref });
		bundle.entry.push(fullUrl === undefined ? { resource } : { fullUrl, resource });
	}
	const text = JSON.stringify(bundle);
	return { text, entries: bundle.entry.length, bytes: Buffer.byteLength(text) };
}
