/** The patient: which one, identifiers (MR rule), name, telecom and address choices. */
import { appointment, BASE, bundle, entry, header, parse, participant } from './helpers';

const MR_TYPE = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };

function withPatient(fields: Record<string, unknown>, patientReference = 'Patient/pt-1'): Record<string, unknown> {
	return parse(
		bundle(
			header(),
			appointment({ status: 'booked', participant: [participant({ reference: patientReference })] }),
			entry({ resourceType: 'Patient', id: 'pt-1', ...fields }),
		),
	);
}

describe('identifiers and the MR rule', () => {
	it('patientId is the first identifier typed MR, not the first identifier', () => {
		const result = withPatient({
			identifier: [
				{ system: 'urn:ehr', value: 'E-1', type: { text: 'EHR id' } },
				{ system: 'urn:mr-a', value: 'M-1', type: { coding: [{ code: 'XX' }, { code: 'MR' }] } },
				{ system: 'urn:mr-b', value: 'M-2', type: MR_TYPE },
			],
		});
		expect(result).toMatchObject({ patientId: 'M-1', patientIdentifierSystem: 'urn:mr-a', patientMrn: 'M-1' });
		expect(result.patientIdentifiers).toEqual([
			{ system: 'urn:ehr', value: 'E-1', type: 'EHR id' },
			{ system: 'urn:mr-a', value: 'M-1', type: 'XX' },
			{ system: 'urn:mr-b', value: 'M-2', type: 'MR' },
		]);
	});

	it('without an MR identifier: the first identifier, and no MRN', () => {
		const result = withPatient({
			identifier: [
				{ system: 'urn:ehr', value: 'E-1' },
				{ system: 'urn:ssn', value: 'S-1', type: { coding: [{ display: 'no code' }], text: 'SSN' } },
			],
		});
		expect(result).toMatchObject({ patientId: 'E-1', patientIdentifierSystem: 'urn:ehr', patientMrn: null });
		expect(result.patientIdentifiers).toEqual([
			{ system: 'urn:ehr', value: 'E-1', type: null },
			{ system: 'urn:ssn', value: 'S-1', type: 'SSN' },
		]);
	});

	it('the MR code must be exactly MR', () => {
		const result = withPatient({ identifier: [{ value: 'A' }, { value: 'B', type: { coding: [{ code: 'mr' }] } }] });
		expect(result).toMatchObject({ patientId: 'A', patientMrn: null });
	});

	it('no identifiers: empty list and nulls', () => {
		expect(withPatient({})).toMatchObject({
			patientIdentifiers: [],
			patientId: null,
			patientIdentifierSystem: null,
			patientMrn: null,
		});
	});

	it('identifiers that are not objects are skipped', () => {
		const result = withPatient({ identifier: ['x', null, { value: 'V', system: 'S' }] });
		expect(result.patientIdentifiers).toEqual([{ system: 'S', value: 'V', type: null }]);
	});

	it('without a Patient resource: from the participant\'s actor.identifier', () => {
		const result = parse(
			bundle(
				header(),
				appointment({
					participant: [participant({ type: 'Patient', identifier: { system: 'urn:mr', value: '42', type: MR_TYPE } })],
				}),
			),
		);
		expect(result).toMatchObject({
			patientReference: null,
			patientId: '42',
			patientIdentifierSystem: 'urn:mr',
			patientMrn: '42',
			patientIdentifiers: [{ system: 'urn:mr', value: '42', type: 'MR' }],
		});
	});

	it('without a Patient resource: from a conditional reference', () => {
		const reference = `${BASE}/Patient?identifier=urn:redox:org:MR|0000123`;
		const result = parse(bundle(header(), appointment({ participant: [participant({ reference })] })));
		expect(result).toMatchObject({
			patientReference: reference,
			patientId: '0000123',
			patientIdentifierSystem: 'urn:redox:org:MR',
			patientMrn: null,
			patientIdentifiers: [{ system: 'urn:redox:org:MR', value: '0000123', type: null }],
		});
	});
});

describe('which patient, and patientReference', () => {
	it('the resource the patient participant resolves to, not the first Patient entry', () => {
		const result = parse(
			bundle(
				header(),
				appointment({ participant: [participant({ reference: 'Patient/pt-2' })] }),
				entry({ resourceType: 'Patient', id: 'pt-1', name: [{ text: 'First' }] }),
				entry({ resourceType: 'Patient', id: 'pt-2', name: [{ text: 'Second' }] }),
			),
		);
		expect(result).toMatchObject({ patientFullName: 'Second', patientReference: 'Patient/pt-2' });
	});

	it('without a patient participant: the first Patient entry, and its fullUrl as reference', () => {
		const result = parse(
			bundle(
				header(),
				appointment({ participant: [participant({ reference: 'Practitioner/x' })] }),
				entry({ resourceType: 'Patient', id: 'pt-1', name: [{ text: 'First' }] }),
				entry({ resourceType: 'Patient', id: 'pt-2', name: [{ text: 'Second' }] }),
			),
		);
		expect(result).toMatchObject({ patientFullName: 'First', patientReference: `${BASE}/Patient/pt-1` });
	});

	it('a patient participant that resolves to nothing: the first Patient entry', () => {
		const result = parse(
			bundle(header(), appointment({ participant: [participant({ reference: 'Patient/gone' })] }), entry({ resourceType: 'Patient', id: 'pt-1', gender: 'other' })),
		);
		expect(result).toMatchObject({ patientGender: 'other', patientReference: 'Patient/gone' });
	});

	it('no patient anywhere: nulls and empty lists', () => {
		expect(parse(bundle(header(), appointment()))).toMatchObject({
			patientReference: null,
			patientId: null,
			patientIdentifiers: [],
			patientFullName: null,
			patientAddress: null,
		});
	});
});

describe('name choice', () => {
	it.each([
		['official before usual and the first', [{ use: 'usual', text: 'U' }, { use: 'old', text: 'O' }, { use: 'official', text: 'Off' }], 'Off'],
		['usual before the first', [{ use: 'nickname', text: 'N' }, { use: 'usual', text: 'U' }], 'U'],
		['the first otherwise', [{ use: 'nickname', text: 'N' }, { use: 'maiden', text: 'M' }], 'N'],
		['a lone name object', { text: 'Lone' }, 'Lone'],
	])('%s', (_name, names, fullName) => {
		expect(withPatient({ name: names }).patientFullName).toBe(fullName);
	});

	it.each([
		['text wins over given and family', { text: 'Dr. Jo Q. Public', given: ['Jo'], family: 'Public' }, 'Dr. Jo Q. Public', 'Jo', 'Public'],
		['given names and family joined by spaces', { given: ['Jo', 'Quincy'], family: 'Public', prefix: ['Dr.'], suffix: ['Jr.'] }, 'Jo Quincy Public', 'Jo', 'Public'],
		['family only', { family: 'Public' }, 'Public', null, 'Public'],
		['given only', { given: ['Jo'] }, 'Jo', 'Jo', null],
		['empty strings are absent', { text: '', given: ['', 'Jo'], family: '' }, 'Jo', 'Jo', null],
		['nothing usable', { use: 'official', given: [7], family: {} }, null, null, null],
	])('%s', (_name, name, full, first, last) => {
		expect(withPatient({ name: [name] })).toMatchObject({ patientFullName: full, patientFirstName: first, patientLastName: last });
	});
});

describe('telecom choice', () => {
	it.each([
		['first phone and first email', [{ system: 'email', value: 'a@example.com' }, { system: 'phone', value: '1' }, { system: 'phone', value: '2' }, { system: 'email', value: 'b@example.com' }], '1', 'a@example.com'],
		['sms and fax are not phones', [{ system: 'sms', value: '1' }, { system: 'fax', value: '2' }, { system: 'phone', value: '3' }], '3', null],
		['none', [], null, null],
		['no value', [{ system: 'phone' }, { system: 'phone', value: '4' }], '4', null],
	])('%s', (_name, telecom, phone, email) => {
		expect(withPatient({ telecom })).toMatchObject({ patientPhone: phone, patientEmail: email });
	});
});

describe('address choice and formatting', () => {
	const home = { use: 'home', line: ['12 Main St', 'Suite 4'], city: 'Madison', state: 'WI', postalCode: '53703', country: 'US' };

	it.each([
		['the home address, not the first', [{ use: 'work', text: 'Work place' }, home], '12 Main St, Suite 4, Madison, WI 53703, US'],
		['the first when none is home', [{ use: 'work', text: 'Work place' }, { use: 'temp', text: 'Temp' }], 'Work place'],
		['text wins', [{ use: 'home', text: '1 Text Road, Town', line: ['ignored'] }], '1 Text Road, Town'],
		['state without postal code', [{ city: 'Madison', state: 'WI' }], 'Madison, WI'],
		['postal code without state', [{ line: ['1 A St'], postalCode: '53703' }], '1 A St, 53703'],
		['empty and blank parts are left out', [{ line: ['', '  ', '1 A St '], city: '', country: 'US' }], '1 A St, US'],
		['a single line as a string', [{ line: '1 A St', city: 'X' }], '1 A St, X'],
		['nothing usable', [{ use: 'home', line: [3] }], null],
		['a lone address object', home, '12 Main St, Suite 4, Madison, WI 53703, US'],
	])('%s', (_name, address, formatted) => {
		expect(withPatient({ address }).patientAddress).toBe(formatted);
	});
});

describe('other demographics', () => {
	it('birth date and gender as sent', () => {
		expect(withPatient({ birthDate: '1984-07-02', gender: 'unknown' })).toMatchObject({
			patientBirthDate: '1984-07-02',
			patientGender: 'unknown',
		});
	});

	it('wrong types are absent values', () => {
		expect(withPatient({ birthDate: 19840702, gender: ['female'], telecom: 'x', address: 5, name: 'Jo' })).toMatchObject({
			patientBirthDate: null,
			patientGender: null,
			patientPhone: null,
			patientAddress: null,
			patientFullName: null,
		});
	});
});
