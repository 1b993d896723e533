/**
 * The appointment and everything around it: which Appointment, its reference/id/URL, concepts,
 * rescheduling, duration, participants, provider, location, procedures, related references,
 * detailLevel, and the header fields.
 */
import { parseSchedulingNotification } from '../../nodes/RedoxSchedulingTrigger/extraction';

import { appointment, BASE, bundle, entry, header, parse, participant } from './helpers';

describe('which appointment, and its reference, id and URL', () => {
	it('the Appointment the focus resolves to, not the first Appointment entry', () => {
		const result = parse(
			bundle(
				header([`${BASE}/Appointment/apt-2`]),
				appointment({ status: 'booked' }),
				entry({ resourceType: 'Appointment', id: 'apt-2', status: 'cancelled' }),
			),
		);
		expect(result).toMatchObject({
			appointmentStatus: 'cancelled',
			appointmentId: 'apt-2',
			appointmentReference: `${BASE}/Appointment/apt-2`,
			appointmentUrl: `${BASE}/Appointment/apt-2`,
		});
	});

	it('the first focus that points at an Appointment is the reference', () => {
		const result = parse(bundle(header(['Encounter/e-1', 'Appointment/apt-1']), appointment()));
		expect(result.appointmentReference).toBe('Appointment/apt-1');
	});

	it('a urn:uuid focus that resolves to the Appointment counts as pointing at it', () => {
		const result = parse(
			bundle(header(['urn:uuid:other', 'urn:uuid:apt']), appointment({}, 'urn:uuid:apt')),
		);
		expect(result).toMatchObject({ appointmentReference: 'urn:uuid:apt', appointmentId: 'apt-1', appointmentUrl: null });
	});

	it('else the first focus reference, and the first Appointment entry', () => {
		const result = parse(bundle(header(['Encounter/e-1']), appointment({ status: 'booked' })));
		expect(result).toMatchObject({
			appointmentReference: 'Encounter/e-1',
			appointmentId: 'apt-1',
			appointmentStatus: 'booked',
			appointmentUrl: `${BASE}/Appointment/apt-1`,
		});
	});

	it('without focus: the Appointment entry\'s fullUrl', () => {
		const result = parse(bundle(header([]), appointment()));
		expect(result).toMatchObject({ appointmentReference: `${BASE}/Appointment/apt-1`, appointmentId: 'apt-1' });
	});

	it('without focus nor fullUrl: Appointment/<id>', () => {
		const result = parse(bundle(header([]), appointment({}, null)));
		expect(result).toMatchObject({ appointmentReference: 'Appointment/apt-1', appointmentId: 'apt-1', appointmentUrl: null });
	});

	it('without a resource: the id part of the reference, and the reference as URL when http(s)', () => {
		expect(parse(bundle(header([`${BASE}/Appointment/a-9/_history/2`])))).toMatchObject({
			appointmentId: 'a-9',
			appointmentUrl: `${BASE}/Appointment/a-9/_history/2`,
		});
		expect(parse(bundle(header(['Appointment/a-9'])))).toMatchObject({ appointmentId: 'a-9', appointmentUrl: null });
	});

	it('appointmentUrl: the entry\'s http(s) fullUrl before an http(s) reference', () => {
		const result = parse(
			bundle(header(['https://other.example/Appointment/apt-1']), appointment({}, 'http://plain.example/Appointment/apt-1')),
		);
		expect(result.appointmentUrl).toBe('http://plain.example/Appointment/apt-1');
	});

	it.each([
		['no focus and no Appointment', bundle(header([]), entry({ resourceType: 'Patient', id: 'p' }))],
		['focus items without a reference', bundle(header([]), entry({ resourceType: 'Patient', id: 'p' }))],
	])('MISSING_APPOINTMENT with %s', (_name, body) => {
		(body.entry as Array<{ resource: Record<string, unknown> }>)[0].resource.focus = [{ display: 'x' }, 'y', null];
		expect(() => parseSchedulingNotification(body)).toThrow(expect.objectContaining({ code: 'MISSING_APPOINTMENT' }));
	});
});

describe('the appointment: what the focus resolves to when it is an Appointment, else the first Appointment entry', () => {
	const encounter = entry({ resourceType: 'Encounter', id: '9' });
	const patient = entry({ resourceType: 'Patient', id: 'p' });
	const encounterUrl = `${BASE}/Encounter/9`;
	const entryUrl = `${BASE}/Appointment/apt-1`;

	it.each([
		['focus on an Encounter entry, no Appointment entry', bundle(header(['Encounter/9']), encounter, patient)],
		['focus on an Encounter entry by its fullUrl, no Appointment entry', bundle(header([encounterUrl]), encounter)],
		['focus `Encounter/9` not carried, no Appointment entry', bundle(header(['Encounter/9']), patient)],
		['focus `urn:uuid:` not carried (its type cannot be told), no Appointment entry', bundle(header(['urn:uuid:a-9']), patient)],
		['no focus, no Appointment entry', bundle(header([]), patient)],
	])('MISSING_APPOINTMENT: %s', (_name, body) => {
		expect(() => parseSchedulingNotification(body)).toThrow(expect.objectContaining({ code: 'MISSING_APPOINTMENT' }));
		expect(() => parseSchedulingNotification(body, { detail: 'lightweight' })).toThrow(
			expect.objectContaining({ code: 'MISSING_APPOINTMENT' }),
		);
	});

	it.each([
		[
			// appointmentReference: no focus points at an Appointment, so the first focus reference.
			'focus on an Encounter entry, an Appointment entry elsewhere',
			bundle(header(['Encounter/9']), encounter, appointment({ status: 'booked' }), patient),
			{ appointmentReference: 'Encounter/9', appointmentId: 'apt-1', appointmentUrl: entryUrl, appointmentStatus: 'booked', relatedReferences: ['Encounter/9'] },
		],
		[
			'focus `Appointment/1` not carried (a lightweight notification)',
			bundle(header(['Appointment/1']), patient),
			{ appointmentReference: 'Appointment/1', appointmentId: '1', appointmentUrl: null, appointmentStatus: null, relatedReferences: [] },
		],
		[
			'focus on an absolute Appointment URL not carried',
			bundle(header([`${BASE}/Appointment/123`]), patient),
			{ appointmentReference: `${BASE}/Appointment/123`, appointmentId: '123', appointmentUrl: `${BASE}/Appointment/123`, appointmentStatus: null, relatedReferences: [] },
		],
		[
			'no focus, an Appointment entry',
			bundle(header([]), appointment({ status: 'booked' }), patient),
			{ appointmentReference: entryUrl, appointmentId: 'apt-1', appointmentUrl: entryUrl, appointmentStatus: 'booked', relatedReferences: [] },
		],
		[
			'focus on the Appointment entry, an Encounter focus after it',
			bundle(header([entryUrl, 'Encounter/9']), encounter, appointment({ status: 'booked' })),
			{ appointmentReference: entryUrl, appointmentId: 'apt-1', appointmentUrl: entryUrl, appointmentStatus: 'booked', relatedReferences: ['Encounter/9'] },
		],
	])('valid: %s', (_name, body, expected) => {
		expect(parse(body)).toMatchObject(expected);
		const { appointmentReference, appointmentId, appointmentUrl } = expected;
		expect(parse(body, { detail: 'lightweight' })).toMatchObject({ appointmentReference, appointmentId, appointmentUrl });
	});
});

describe('concept text: text, else the first coding\'s display, else its code', () => {
	it.each([
		[{ text: 'Text', coding: [{ display: 'Display', code: 'CODE' }] }, 'Text'],
		[{ coding: [{ display: 'Display', code: 'CODE' }, { display: 'Second' }] }, 'Display'],
		[{ coding: [{ code: 'CODE' }] }, 'CODE'],
		[{ coding: [{ system: 'only' }, { display: 'Second' }] }, null],
		[{ text: '', coding: [{ display: 'Display' }] }, 'Display'],
		[{}, null],
		['plain string', null],
	])('%j → %j', (concept, text) => {
		const result = parse(
			bundle(
				header(),
				appointment({
					appointmentType: concept,
					serviceType: [concept],
					specialty: [concept],
					reasonCode: [concept],
					cancelationReason: concept,
				}),
			),
		);
		expect(result).toMatchObject({
			appointmentType: text,
			serviceType: text,
			specialty: text,
			appointmentReason: text,
			cancellationReason: text,
		});
	});

	it('the first concept of a list is its first object, later ones do not count', () => {
		expect(parse(bundle(header(), appointment({ serviceType: [{}, { text: 'second' }] }))).serviceType).toBeNull();
		expect(parse(bundle(header(), appointment({ serviceType: ['junk', { text: 'second' }] }))).serviceType).toBe('second');
	});

	it('a lone concept where a list is expected is read as a list of one', () => {
		expect(parse(bundle(header(), appointment({ serviceType: { text: 'Lone' } }))).serviceType).toBe('Lone');
	});
});

describe('free texts and status', () => {
	it('as sent', () => {
		const result = parse(
			bundle(header(), appointment({ status: 'noshow', description: 'D', comment: 'C', patientInstruction: 'P' })),
		);
		expect(result).toMatchObject({
			appointmentStatus: 'noshow',
			appointmentDescription: 'D',
			appointmentComment: 'C',
			patientInstruction: 'P',
		});
	});
});

describe('rescheduling extensions', () => {
	const URL = 'https://fhir.redoxengine.com/StructureDefinition/scheduling-appointment/';

	it.each([
		[{ url: `${URL}oldDateTime`, valueDateTime: '2026-12-01T14:30:00Z' }, '2026-12-01T14:30:00Z', null],
		[{ url: `${URL}OLDDATETIME`, valueInstant: '2026-12-01T14:30:00.000Z' }, '2026-12-01T14:30:00.000Z', null],
		[{ url: 'urn:x/olddatetime', valueString: 'yesterday' }, 'yesterday', null],
		[{ url: `${URL}oldVisitNumber`, valueString: 'VN-1' }, null, 'VN-1'],
		[{ url: `${URL}OldVisitNumber`, valueIdentifier: { system: 's', value: 'VN-2' } }, null, 'VN-2'],
		[{ url: `${URL}oldvisitnumber`, valueCode: 'VN-3' }, null, 'VN-3'],
		[{ url: `${URL}oldDateTime/`, valueDateTime: '2026-01-01' }, '2026-01-01', null],
	])('%j', (extension, previousStart, previousVisitNumber) => {
		const result = parse(bundle(header(), appointment({ extension: [{ url: 'urn:other', valueString: 'x' }, extension] })));
		expect(result).toMatchObject({ rescheduled: true, previousStart, previousVisitNumber });
	});

	it('both extensions', () => {
		const result = parse(
			bundle(
				header(),
				appointment({
					extension: [
						{ url: `${URL}oldVisitNumber`, valueString: 'VN-1' },
						{ url: `${URL}oldDateTime`, valueDateTime: '2026-12-01T14:30:00Z' },
					],
				}),
			),
		);
		expect(result).toMatchObject({ rescheduled: true, previousStart: '2026-12-01T14:30:00Z', previousVisitNumber: 'VN-1' });
	});

	it('an extension without a value still marks the appointment rescheduled', () => {
		expect(parse(bundle(header(), appointment({ extension: [{ url: `${URL}oldDateTime` }] })))).toMatchObject({
			rescheduled: true,
			previousStart: null,
		});
	});

	it.each([
		['no extensions', {}],
		['other extensions', { extension: [{ url: `${URL}oldDateTimeZone`, valueString: 'x' }, { url: 'oldDateTime.x' }] }],
		['a url that is not a string', { extension: [{ url: 42, valueString: 'x' }] }],
	])('not rescheduled: %s', (_name, fields) => {
		expect(parse(bundle(header(), appointment(fields)))).toMatchObject({
			rescheduled: false,
			previousStart: null,
			previousVisitNumber: null,
		});
	});
});

describe('duration', () => {
	it.each([
		['minutesDuration wins', { minutesDuration: 45, start: '2026-12-01T14:30:00Z', end: '2026-12-01T15:00:00Z' }, 45],
		['else start to end', { start: '2026-12-01T14:30:00Z', end: '2026-12-01T15:00:00Z' }, 30],
		['across offsets', { start: '2026-12-01T09:30:00-05:00', end: '2026-12-01T15:15:00+00:00' }, 45],
		['rounded to the nearest minute', { start: '2026-12-01T14:30:00Z', end: '2026-12-01T14:45:31Z' }, 16],
		['rounded down below half a minute', { start: '2026-12-01T14:30:00.900Z', end: '2026-12-01T14:45:29Z' }, 15],
		['zero', { start: '2026-12-01T14:30:00Z', end: '2026-12-01T14:30:10Z' }, 0],
		['no end', { start: '2026-12-01T14:30:00Z' }, null],
		['date-only start', { start: '2026-12-01', end: '2026-12-01T15:00:00Z' }, null],
		['minutesDuration not a number', { minutesDuration: '30' }, null],
	])('%s', (_name, fields, minutes) => {
		expect(parse(bundle(header(), appointment(fields))).appointmentDurationMinutes).toBe(minutes);
	});
});

describe('participants', () => {
	const resources = [
		entry({ resourceType: 'RelatedPerson', id: 'rp-1' }, 'urn:uuid:rp'),
		entry({ resourceType: 'Device', id: 'd-1' }, 'urn:uuid:device'),
		entry({ resourceType: 'Group', id: 'g-1' }, 'urn:uuid:group'),
	];

	it.each([
		['Patient/1', {}, 'patient'],
		[`${BASE}/Practitioner/1`, {}, 'practitioner'],
		['Location/1', {}, 'location'],
		['RelatedPerson/1', {}, 'related-person'],
		['Device/1', {}, 'device'],
		['PractitionerRole/1', {}, 'practitioner-role'],
		['HealthcareService/1', {}, 'healthcare-service'],
		['Group/1', {}, 'other'],
		[`${BASE}/Patient?identifier=a|b`, {}, 'patient'],
		['Location/1/_history/2', {}, 'location'],
		['Location/1', { type: 'Patient' }, 'location'],
		['urn:uuid:unknown', { type: 'Practitioner' }, 'practitioner'],
		['urn:uuid:unknown', { type: 'http://hl7.org/fhir/StructureDefinition/Location' }, 'location'],
		['urn:uuid:rp', { type: 'Device' }, 'device'],
		['urn:uuid:rp', {}, 'related-person'],
		['urn:uuid:device', {}, 'device'],
		['urn:uuid:group', {}, 'other'],
		['urn:uuid:unknown', {}, 'other'],
	])('%s %j → %s', (reference, actor, kind) => {
		const result = parse(
			bundle(header(), appointment({ participant: [participant({ reference, display: 'D', ...actor }, 'tentative')] }), ...resources),
		);
		expect(result.participants).toEqual([{ kind, reference, display: 'D', status: 'tentative' }]);
	});

	it('the kind of a contained resource, and actors without a reference', () => {
		const result = parse(
			bundle(
				header(),
				appointment({
					contained: [{ resourceType: 'Location', id: 'room' }],
					participant: [
						participant({ reference: '#room' }),
						participant({ type: 'Patient', identifier: { value: '1' } }),
						participant({ display: 'Someone' }, 'needs-action'),
						{ status: 'accepted' },
						'not a participant',
					],
				}),
			),
		);
		expect(result.participants).toEqual([
			{ kind: 'location', reference: '#room', display: null, status: 'accepted' },
			{ kind: 'patient', reference: null, display: null, status: 'accepted' },
			{ kind: 'other', reference: null, display: 'Someone', status: 'needs-action' },
			{ kind: 'other', reference: null, display: null, status: 'accepted' },
		]);
	});
});

describe('provider', () => {
	const npi = (value: string) => ({ system: 'http://hl7.org/fhir/sid/us-npi', value });

	it('through a PractitionerRole actor to its practitioner', () => {
		const result = parse(
			bundle(
				header(),
				appointment({ participant: [participant({ reference: 'Patient/p' }), participant({ reference: 'PractitionerRole/role-1' })] }),
				entry({ resourceType: 'Practitioner', id: 'decoy', name: [{ text: 'Decoy' }] }),
				entry({ resourceType: 'PractitionerRole', id: 'role-1', practitioner: { reference: 'Practitioner/doc-1' } }),
				entry({
					resourceType: 'Practitioner',
					id: 'doc-1',
					identifier: [{ system: 'urn:local', value: 'L-1' }, npi('1234567893')],
					name: [{ use: 'old', text: 'Old Name' }, { use: 'official', prefix: ['Dr.'], given: ['Ada', 'B.'], family: 'Lovelace', suffix: ['PhD', 'MD'] }],
				}),
			),
		);
		expect(result).toMatchObject({ providerId: 'doc-1', providerName: 'Dr. Ada B. Lovelace PhD MD', providerNpi: '1234567893' });
	});

	it('the first practitioner or practitioner-role participant, in order', () => {
		const result = parse(
			bundle(
				header(),
				appointment({ participant: [participant({ reference: 'Practitioner/doc-2' }), participant({ reference: 'PractitionerRole/role-1' })] }),
				entry({ resourceType: 'PractitionerRole', id: 'role-1', practitioner: { reference: 'Practitioner/doc-1' } }),
				entry({ resourceType: 'Practitioner', id: 'doc-1' }),
				entry({ resourceType: 'Practitioner', id: 'doc-2', name: [{ text: 'Two' }] }),
			),
		);
		expect(result).toMatchObject({ providerId: 'doc-2', providerName: 'Two', providerNpi: null });
	});

	it('without a practitioner participant: the first Practitioner, else the first role\'s practitioner', () => {
		expect(
			parse(bundle(header(), appointment(), entry({ resourceType: 'Practitioner', id: 'only' }))).providerId,
		).toBe('only');
		expect(
			parse(
				bundle(
					header(),
					appointment(),
					entry({ resourceType: 'PractitionerRole', id: 'r', practitioner: { reference: 'urn:uuid:doc' } }),
					entry({ resourceType: 'Practitioner', id: 'via-role' }, 'urn:uuid:doc'),
				),
			).providerId,
		).toBe('via-role');
	});

	it('a contained PractitionerRole pointing at a contained Practitioner', () => {
		const result = parse(
			bundle(
				header(),
				appointment({
					contained: [
						{ resourceType: 'PractitionerRole', id: 'r', practitioner: { reference: '#d' } },
						{ resourceType: 'Practitioner', id: 'd', name: [{ given: ['Con'], family: 'Tained' }] },
					],
					participant: [participant({ reference: '#r' })],
				}),
			),
		);
		expect(result).toMatchObject({ providerId: 'd', providerName: 'Con Tained' });
	});

	it('no practitioner at all: nulls', () => {
		expect(parse(bundle(header(), appointment()))).toMatchObject({ providerId: null, providerName: null, providerNpi: null });
	});
});

describe('location', () => {
	it('the location participant\'s resource, with a one-line address', () => {
		const result = parse(
			bundle(
				header(),
				appointment({ participant: [participant({ reference: 'Location/l-2' })] }),
				entry({ resourceType: 'Location', id: 'l-1', name: 'First' }),
				entry({ resourceType: 'Location', id: 'l-2', name: 'Second', address: { line: ['1 A St'], city: 'Town', state: 'ST', country: 'US' } }),
			),
		);
		expect(result).toMatchObject({ locationId: 'l-2', locationName: 'Second', locationAddress: '1 A St, Town, ST, US' });
	});

	it('else the first Location entry; an address list is read as its first item', () => {
		const result = parse(
			bundle(header(), appointment(), entry({ resourceType: 'Location', id: 'l-1', address: [{ text: 'One' }, { use: 'home', text: 'Two' }] })),
		);
		expect(result).toMatchObject({ locationId: 'l-1', locationName: null, locationAddress: 'One' });
	});
});

describe('procedures', () => {
	it('every Procedure, first coding each; the first one\'s code and concept text', () => {
		const result = parse(
			bundle(
				header(),
				appointment(),
				entry({ resourceType: 'Procedure', id: 'p1', code: { text: 'Check-up', coding: [{ system: 'cpt', code: '1', display: 'One' }, { code: '2' }] } }),
				entry({ resourceType: 'Observation', id: 'o' }),
				entry({ resourceType: 'Procedure', id: 'p2', code: { coding: [{ code: '3' }] } }),
				entry({ resourceType: 'Procedure', id: 'p3' }),
			),
		);
		expect(result).toMatchObject({
			procedures: [
				{ code: '1', system: 'cpt', display: 'One' },
				{ code: '3', system: null, display: null },
				{ code: null, system: null, display: null },
			],
			procedureCode: '1',
			procedureName: 'Check-up',
		});
	});

	it('none: an empty list and nulls', () => {
		expect(parse(bundle(header(), appointment()))).toMatchObject({ procedures: [], procedureCode: null, procedureName: null });
	});
});

describe('relatedReferences', () => {
	it('depth-first in document order, distinct, contained included, focus last, the appointment excluded', () => {
		const result = parse(
			bundle(
				header([`${BASE}/Appointment/apt-1`, 'ServiceRequest/sr-9', 'Appointment/apt-1/_history/2']),
				appointment({
					basedOn: [{ reference: 'ServiceRequest/sr-1' }],
					extension: [{ url: 'x', valueReference: { reference: 'Encounter/e-1', extension: [{ valueReference: { reference: 'Deep/1' } }] } }],
					contained: [{ resourceType: 'Practitioner', id: 'c', extension: [{ valueReference: { reference: '#' } }] }],
					participant: [
						participant({ reference: '#c' }),
						participant({ reference: 'Patient/p-1' }),
						participant({ reference: 'ServiceRequest/sr-1' }),
					],
					supportingInformation: [{ reference: 'Appointment/apt-1' }, { reference: 'Appointment/other' }, { reference: '' }, { reference: 7 }],
					reference: 'Top/level',
				}),
			),
		);
		expect(result.relatedReferences).toEqual([
			'ServiceRequest/sr-1',
			'Encounter/e-1',
			'Deep/1',
			'#c',
			'Patient/p-1',
			'Appointment/other',
			'Top/level',
			'ServiceRequest/sr-9',
		]);
	});

	it('without an Appointment resource: the focus, less the appointment reference', () => {
		const result = parse(bundle(header(['Appointment/a-1', 'Patient/p', `${BASE}/Appointment/a-1`])));
		expect(result.relatedReferences).toEqual(['Patient/p']);
	});
});

describe('detailLevel: what this item carries', () => {
	const lightweightPatient = entry({ resourceType: 'Patient', id: 'p', identifier: [{ value: '1' }] });

	it.each([
		['a Patient with a name', [entry({ resourceType: 'Patient', id: 'p', name: [{ text: 'N' }] })]],
		['a Patient with a birth date', [entry({ resourceType: 'Patient', id: 'p', birthDate: '2000-01-01' })]],
		['a Patient with telecom', [entry({ resourceType: 'Patient', id: 'p', telecom: [{ value: '1' }] })]],
		['a Patient with an address', [entry({ resourceType: 'Patient', id: 'p', address: [{ city: 'X' }] })]],
		['an Appointment with a start', [appointment({ start: '2026-12-01T14:30:00Z' })]],
		['an Appointment with a status', [appointment({ status: 'booked' })]],
		['an Appointment with a type', [appointment({ appointmentType: { text: 'T' } })]],
		['an Appointment with a service type', [appointment({ serviceType: [{ text: 'S' }] })]],
		['a participant other than the patient', [appointment({ participant: [participant({ reference: 'Patient/p' }), participant({ reference: 'urn:uuid:x' })] })]],
		['a Location', [entry({ resourceType: 'Location', id: 'l' })]],
		['a Practitioner', [entry({ resourceType: 'Practitioner', id: 'd' })]],
		['a PractitionerRole', [entry({ resourceType: 'PractitionerRole', id: 'r' })]],
		['a contained Practitioner', [appointment({ contained: [{ resourceType: 'Practitioner', id: 'd' }] })]],
	])('detailed with %s', (_name, entries) => {
		expect(parse(bundle(header(), lightweightPatient, ...entries)).detailLevel).toBe('detailed');
		const lightweight = parse(bundle(header(), lightweightPatient, ...entries), { detail: 'lightweight' });
		expect(lightweight.detailLevel).toBe('lightweight');
		expect('patientFullName' in lightweight).toBe(false);
	});

	it.each([
		['only identifiers and a bare Appointment', [appointment()]],
		['only the patient as participant', [appointment({ participant: [participant({ reference: 'Patient/p' })] })]],
		['empty values', [appointment({ status: '', serviceType: [] }), entry({ resourceType: 'Patient', id: 'q', name: [], telecom: null })]],
		['other resources', [entry({ resourceType: 'Procedure', id: 'x' }), entry({ resourceType: 'Encounter', id: 'e' })]],
	])('lightweight with %s', (_name, entries) => {
		const result = parse(bundle(header(), lightweightPatient, ...entries));
		expect(result.detailLevel).toBe('lightweight');
		expect(result).toMatchObject({ rescheduled: false, participants: expect.any(Array), procedures: expect.any(Array) });
	});
});

describe('header fields', () => {
	it('ids, source and the bundle timestamp', () => {
		expect(parse(bundle(header(), appointment()))).toMatchObject({
			messageId: 'mh-1',
			bundleId: 'bundle-1',
			timestamp: '2026-11-24T15:02:41Z',
			sourceName: 'Test EHR',
			sourceEndpoint: 'endpoint-1',
		});
	});

	it('the MessageHeader timestamp when the Bundle has none; the header anywhere in the entries', () => {
		const body = bundle(appointment(), header(undefined, { timestamp: '2026-01-01T00:00:00Z', source: 'not an object' }));
		delete body.timestamp;
		delete body.id;
		expect(parse(body)).toMatchObject({
			timestamp: '2026-01-01T00:00:00Z',
			bundleId: null,
			sourceName: null,
			sourceEndpoint: null,
		});
	});
});
