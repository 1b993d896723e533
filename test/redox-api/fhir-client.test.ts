/** The FHIR client against the stand-in: references of every form, the foreign-origin rule, failures. */
import { createServer, type Server } from 'http';
import { readFileSync } from 'fs';
import { join } from 'path';

import { fetchAppointmentDetails } from '../../nodes/redox-api/appointment-details';
import type { RedoxApiCredential } from '../../nodes/redox-api/credential';
import { isRedoxApiError, RedoxApiError } from '../../nodes/redox-api/errors';
import { FhirClient } from '../../nodes/redox-api/fhir-client';
import { TokenCache } from '../../nodes/redox-api/token-cache';
import { startRedoxStandIn, type FhirResource, type RedoxStandIn } from '../../scripts/stand-ins/redox-api';
import { credentialFor, fetchTransport, recordingTransport, secretsOf } from './helpers';

const detailed = JSON.parse(readFileSync(join(__dirname, '../../fixtures/booked-detailed.json'), 'utf8'));
const fixtureResources: FhirResource[] = detailed.entry.map((entry: { resource: FhirResource }) => entry.resource);
const APPOINTMENT_ID = 'a7c4e1f2-3b5d-4c6e-8f90-1a2b3c4d5e61';
const PATIENT_ID = 'e3f1a2b4-6c8d-4e0f-9a1b-3c5d7e9f1a21';
const PATIENT_TOKEN = 'urn:redox:redox-fhir-sandbox:MR|0000555123';

let standIn: RedoxStandIn;
let foreign: Server;
let foreignUrl: string;
const foreignRequests: string[] = [];
let credential: RedoxApiCredential;
let tokens: TokenCache;
const messages: string[] = [];

beforeAll(async () => {
	foreign = createServer((request, response) => {
		foreignRequests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
		response.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end('{"resourceType":"Patient","id":"evil"}');
	});
	await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
	const address = foreign.address();
	foreignUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});
afterAll(async () => {
	foreign.closeAllConnections();
	await new Promise((resolve) => foreign.close(resolve));
	// No error message of the whole file holds a secret or a token.
	expect(messages.length).toBeGreaterThan(5);
	for (const message of messages) {
		for (const secret of [...secretsOf(credential), ...standIn.issuedTokens]) expect(message).not.toContain(secret);
		expect(message).not.toMatch(/Bearer|at .*\.ts:\d+/);
	}
	await standIn.close();
});

beforeEach(async () => {
	if (standIn !== undefined) await standIn.close();
	standIn = await startRedoxStandIn({ keys: [], resources: fixtureResources });
	const made = credentialFor(standIn.baseUrl, 'ES384');
	standIn.registerKey(made.key);
	credential = made.credential;
	tokens = new TokenCache();
});
afterEach(() => {
	expect(standIn.violations).toEqual([]);
	expect(standIn.strayRequests).toEqual([]);
	expect(foreignRequests).toEqual([]);
});

function client(overrides: Partial<ConstructorParameters<typeof FhirClient>[0]> = {}) {
	return new FhirClient({ credential, transport: fetchTransport, tokens, deadline: Date.now() + 10_000, requestTimeoutMs: 2_000, ...overrides });
}

async function failureOf(promise: Promise<unknown>): Promise<RedoxApiError> {
	const caught = await promise.then(
		() => null,
		(error: unknown) => error,
	);
	if (!isRedoxApiError(caught)) throw new Error(`expected a RedoxApiError, got ${String(caught)}`);
	messages.push(caught.message);
	return caught;
}

describe('FhirClient references', () => {
	it.each([
		['Type/id', `Patient/${PATIENT_ID}`],
		['an absolute URL on the FHIR base', () => `${standIn.fhirBase}/Patient/${PATIENT_ID}`],
		['an absolute URL with /_history/n', () => `${standIn.fhirBase}/Patient/${PATIENT_ID}/_history/3`],
	])('reads %s from the configured base', async (_name, reference) => {
		const resource = await client().resolve(typeof reference === 'function' ? reference() : reference);
		expect(resource).toMatchObject({ resourceType: 'Patient', id: PATIENT_ID });
		expect(standIn.fhirRequests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET Patient/${PATIENT_ID}`]);
	});

	it.each([
		['another local origin', () => `${foreignUrl}/fhir/R4/redox-fhir-sandbox/Development/Patient/${PATIENT_ID}`],
		['Redox\'s own host seen in a notification', () => `https://api.redoxengine.com/fhir/R4/redox-fhir-sandbox/Development/Patient/${PATIENT_ID}/_history/1`],
		['another path on the same host', () => `${standIn.baseUrl}/elsewhere/Patient/${PATIENT_ID}`],
	])('never requests an absolute URL on %s: reads Type/id from the configured base', async (_name, reference) => {
		const { transport, urls } = recordingTransport(fetchTransport);
		const resource = await client({ transport }).resolve(reference());
		expect(resource).toMatchObject({ id: PATIENT_ID });
		for (const url of urls) expect(url.startsWith(`${standIn.baseUrl}/`)).toBe(true);
		expect(standIn.fhirRequests.map((request) => request.path)).toEqual([`Patient/${PATIENT_ID}`]);
	});

	it('makes no token request at all for a foreign reference it cannot turn into a read', async () => {
		const { transport, urls } = recordingTransport(fetchTransport);
		expect(await client({ transport }).resolve(`${foreignUrl}/not/a/fhir/thing/..`)).toBeNull();
		expect(await client({ transport }).resolve('urn:uuid:0b6f2d9c-8e1a-4f3b-a7c5-2d4e6f8a0b13')).toBeNull();
		expect(await client({ transport }).resolve('#contained-1')).toBeNull();
		expect(urls).toEqual([]);
	});

	it.each([
		['relative', `Patient?identifier=${PATIENT_TOKEN}`],
		['absolute, on a foreign origin', `${'https://api.redoxengine.com'}/fhir/R4/redox-fhir-sandbox/Development/Patient?identifier=${PATIENT_TOKEN}`],
	])('turns a %s conditional reference into a POST _search, the identifier in the body only', async (_name, reference) => {
		const resource = await client().resolve(reference);
		expect(resource).toMatchObject({ id: PATIENT_ID });
		expect(standIn.fhirRequests).toHaveLength(1);
		expect(standIn.fhirRequests[0]).toMatchObject({ method: 'POST', path: 'Patient/_search' });
		expect(new URLSearchParams(standIn.fhirRequests[0].body).get('identifier')).toBe(PATIENT_TOKEN);
	});

	it('gives null, not an error, for a search without a match', async () => {
		expect(await client().resolve('Patient?identifier=urn:nobody|0')).toBeNull();
	});

	it('refuses paths that leave the FHIR base before any request', async () => {
		const { transport, urls } = recordingTransport(fetchTransport);
		for (const path of ['../../../v2/auth/token', 'http://127.0.0.1:1/x', 'Patient/../../x']) {
			expect((await failureOf(client({ transport }).request({ method: 'GET', path }))).kind).toBe('request');
		}
		expect(urls).toEqual([]);
	});
});

describe('FhirClient failures', () => {
	it('renews the token once on a 401 and repeats the request', async () => {
		const fhir = client();
		await fhir.read('Patient', PATIENT_ID);
		standIn.revokeTokens();
		expect(await fhir.read('Patient', PATIENT_ID)).toMatchObject({ id: PATIENT_ID });
		expect(standIn.issuedTokenCount).toBe(2);
		expect(standIn.fhirRequests.map((request) => request.status)).toEqual([200, 401, 200]);
	});

	it('gives up after one renewal when Redox keeps answering 401', async () => {
		standIn.failNext('fhir', 5, 401);
		const failure = await failureOf(client().read('Patient', PATIENT_ID));
		expect(failure).toMatchObject({ kind: 'authentication', httpStatus: 401 });
		expect(standIn.fhirRequests).toHaveLength(2);
		expect(standIn.issuedTokenCount).toBe(2);
	});

	it.each([503, 429])('retries once on %i', async (status) => {
		standIn.failNext('fhir', 1, status);
		expect(await client().read('Location', 'loc-northwind-im-210')).toMatchObject({ resourceType: 'Location' });
		expect(standIn.fhirRequests.map((request) => request.status)).toEqual([status, 200]);
	});

	it('says Redox is unavailable, with its OperationOutcome text, after the retry fails too', async () => {
		standIn.failNext('fhir', 2, 503);
		const failure = await failureOf(client().read('Location', 'loc-northwind-im-210'));
		expect(failure).toMatchObject({ kind: 'unavailable', httpStatus: 503 });
		expect(failure.message).toBe('The Redox FHIR API is unavailable (HTTP 503): The service is temporarily unavailable');
		expect(standIn.fhirRequests).toHaveLength(2);
	});

	it('gives 404s as not-found with the OperationOutcome diagnostics', async () => {
		const failure = await failureOf(client().read('Appointment', 'nope'));
		expect(failure).toMatchObject({ kind: 'not-found', httpStatus: 404 });
		expect(failure.message).toContain('Resource Appointment/nope is not known');
	});

	it('times a slow request out, retries once, then says so', async () => {
		standIn.setDelay('fhir', 1_500);
		const failure = await failureOf(client({ requestTimeoutMs: 200 }).read('Patient', PATIENT_ID));
		expect(failure).toMatchObject({ kind: 'unavailable', message: 'The Redox FHIR API did not answer in time.' });
		expect(standIn.fhirRequests).toHaveLength(2);
	});

	it('does not start a retry the deadline leaves no time for', async () => {
		await client().read('Patient', PATIENT_ID);
		standIn.setDelay('fhir', 1_500);
		const failure = await failureOf(client({ deadline: Date.now() + 300 }).read('Patient', PATIENT_ID));
		expect(failure.kind).toBe('unavailable');
		expect(standIn.fhirRequests).toHaveLength(2);
	});
});

describe('fetchAppointmentDetails', () => {
	it('reads the appointment from a foreign-origin reference, then its patient (conditional), location and practitioner', async () => {
		const details = await fetchAppointmentDetails(client(), {
			appointmentReference: `https://api.redoxengine.com/fhir/R4/redox-fhir-sandbox/Development/Appointment/${APPOINTMENT_ID}`,
		});
		expect(details.appointment.resource.id).toBe(APPOINTMENT_ID);
		expect(details.patient?.resource.id).toBe(PATIENT_ID);
		expect(details.location?.resource.id).toBe('loc-northwind-im-210');
		expect(details.practitioner?.resource.id).toBe('c9e8d7f6-5a4b-4c3d-9e2f-1a0b9c8d7e61');
		expect(details.practitionerRole).toBeNull();
		expect(standIn.fhirRequests.map((request) => `${request.method} ${request.path}`).sort()).toEqual(
			[
				`GET Appointment/${APPOINTMENT_ID}`,
				'GET Location/loc-northwind-im-210',
				'GET Practitioner/c9e8d7f6-5a4b-4c3d-9e2f-1a0b9c8d7e61',
				'POST Patient/_search',
			].sort(),
		);
	});

	it('goes through a PractitionerRole to its practitioner, and searches the notification\'s patient identifier when the appointment names none', async () => {
		standIn.load([
			{
				resourceType: 'Appointment',
				id: 'appt-role',
				status: 'booked',
				participant: [{ actor: { reference: 'PractitionerRole/role-1' } }, { actor: { reference: 'Location/gone' } }],
			},
			{ resourceType: 'PractitionerRole', id: 'role-1', practitioner: { reference: 'Practitioner/c9e8d7f6-5a4b-4c3d-9e2f-1a0b9c8d7e61' } },
		]);
		const details = await fetchAppointmentDetails(client(), {
			appointmentReference: 'appt-role',
			patientIdentifier: { system: 'urn:redox:redox-fhir-sandbox:MR', value: '0000555123' },
		});
		expect(details.appointment.reference).toBe('Appointment/appt-role');
		expect(details.practitionerRole?.resource.id).toBe('role-1');
		expect(details.practitioner?.resource.id).toBe('c9e8d7f6-5a4b-4c3d-9e2f-1a0b9c8d7e61');
		expect(details.patient?.resource.id).toBe(PATIENT_ID);
		// A location that is gone leaves the location empty; it is not an error.
		expect(details.location).toBeNull();
	});

	it('tells a missing appointment (not-found) from an unavailable API', async () => {
		expect((await failureOf(fetchAppointmentDetails(client(), { appointmentReference: 'Appointment/none' }))).kind).toBe('not-found');
		standIn.setTokenEndpointDown(true);
		// The cached token still serves while the token endpoint is down...
		expect((await fetchAppointmentDetails(client(), { appointmentReference: `Appointment/${APPOINTMENT_ID}` })).patient).not.toBeNull();
		// ...a credential without one cannot get details.
		tokens = new TokenCache();
		expect((await failureOf(fetchAppointmentDetails(client(), { appointmentReference: `Appointment/${APPOINTMENT_ID}` }))).kind).toBe('unavailable');
	});
});
