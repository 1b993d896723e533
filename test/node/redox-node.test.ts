/** The Redox node's execute() with jest-mock-extended contexts, against the Redox stand-in. */
import { mock } from 'jest-mock-extended';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { ICredentialTestFunctions, IExecuteFunctions, IHttpRequestOptions, INode, INodeExecutionData } from 'n8n-workflow';

import { Redox } from '../../nodes/Redox/Redox.node';
import { parseSchedulingNotification } from '../../nodes/RedoxSchedulingTrigger/extraction';
import { startRedoxStandIn, type FhirResource, type RedoxStandIn } from '../../scripts/stand-ins/redox-api';
import { credentialFor, secretsOf } from '../redox-api/helpers';

const detailed = JSON.parse(readFileSync(join(__dirname, '../../fixtures/booked-detailed.json'), 'utf8'));
const fixtureResources: FhirResource[] = detailed.entry.map((entry: { resource: FhirResource }) => entry.resource);
const APPOINTMENT_URL = 'https://api.redoxengine.com/fhir/R4/redox-fhir-sandbox/Development/Appointment/a7c4e1f2-3b5d-4c6e-8f90-1a2b3c4d5e61';

let standIn: RedoxStandIn;
beforeAll(async () => {
	standIn = await startRedoxStandIn({ keys: [], resources: fixtureResources });
});
afterAll(async () => {
	expect(standIn.violations).toEqual([]);
	await standIn.close();
});

/** n8n's httpRequest as the node uses it (full response, status errors ignored, text body). */
async function httpRequest(options: IHttpRequestOptions): Promise<unknown> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(options.headers ?? {})) headers[name] = String(value);
	const response = await fetch(options.url, {
		method: options.method ?? 'GET',
		headers,
		body: typeof options.body === 'string' ? options.body : undefined,
		redirect: 'manual',
		signal: AbortSignal.timeout(options.timeout ?? 10_000),
	});
	return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

interface Run {
	parameters: Array<Record<string, unknown>>;
	algorithm?: 'RS384' | 'ES384' | 'HS384';
	continueOnFail?: boolean;
	register?: boolean;
}

function context(run: Run) {
	const { credential, key } = credentialFor(standIn.baseUrl, run.algorithm ?? 'RS384');
	if (run.register !== false) standIn.registerKey(key);
	const ctx = mock<IExecuteFunctions>({ helpers: mock<IExecuteFunctions['helpers']>({ httpRequest: jest.fn(httpRequest) }) });
	ctx.getInputData.mockReturnValue(run.parameters.map(() => ({ json: {} })));
	ctx.getCredentials.mockResolvedValue({ ...credential });
	ctx.getNodeParameter.mockImplementation(((name: string, itemIndex: number, fallback?: unknown) => {
		const parameters = run.parameters[itemIndex] ?? {};
		return name in parameters ? parameters[name] : fallback;
	}) as never);
	ctx.getTimezone.mockReturnValue('America/Chicago');
	ctx.getNode.mockReturnValue({ name: 'Redox', type: 'n8n-nodes-redox.redox', typeVersion: 1 } as INode);
	ctx.continueOnFail.mockReturnValue(run.continueOnFail ?? false);
	return { ctx, credential };
}

async function execute(run: Run): Promise<INodeExecutionData[]> {
	const { ctx } = context(run);
	const [items] = await new Redox().execute.call(ctx);
	return items;
}

describe('Redox node: Appointment → Get', () => {
	it.each(['RS384', 'ES384', 'HS384'] as const)('gives the trigger\'s detailed fields for the appointment (%s credential)', async (algorithm) => {
		const [item, ...rest] = await execute({
			algorithm,
			parameters: [{ resource: 'appointment', operation: 'get', appointment: APPOINTMENT_URL, options: {} }],
		});
		expect(rest).toEqual([]);
		expect(item.pairedItem).toEqual({ item: 0 });
		const fromNotification = parseSchedulingNotification(detailed, { timezone: 'America/Chicago' });
		// What only a notification can tell (its event, ids, source) and what the API read does not
		// include (the notification's Procedure entries) differ; every other field is the same.
		const notificationOnly = ['eventUri', 'eventCode', 'messageId', 'bundleId', 'timestamp', 'sourceName', 'sourceEndpoint', 'procedures', 'procedureCode', 'procedureName'];
		for (const [key, value] of Object.entries(fromNotification)) {
			if (!notificationOnly.includes(key)) expect([key, item.json[key]]).toEqual([key, value]);
		}
		expect(item.json).toMatchObject({ event: 'booked', eventUri: null, eventCode: null, messageId: null, detailLevel: 'detailed' });
		expect(Object.keys(item.json).sort()).toEqual(Object.keys(fromNotification).sort());
	});

	it('accepts an id or Appointment/<id>, uses the time zone and locale options, and with Simplify off gives the resources read', async () => {
		const items = await execute({
			parameters: [
				{ resource: 'appointment', operation: 'get', appointment: 'a7c4e1f2-3b5d-4c6e-8f90-1a2b3c4d5e61', options: { timezone: 'Europe/Paris', locale: 'fr-FR' } },
				{ resource: 'appointment', operation: 'get', appointment: 'Appointment/a7c4e1f2-3b5d-4c6e-8f90-1a2b3c4d5e61', simplify: false, options: {} },
			],
		});
		expect(items[0].json.appointmentStartLocal).toBe('2026-12-01T15:30:00+01:00');
		expect(items[0].json.appointmentStartText).toMatch(/décembre/);
		expect(items[0].json.appointmentReference).toBe('Appointment/a7c4e1f2-3b5d-4c6e-8f90-1a2b3c4d5e61');
		expect(items[1].json.resources).toMatchObject({
			appointment: { resourceType: 'Appointment' },
			patient: { resourceType: 'Patient' },
			location: { resourceType: 'Location' },
			provider: { resourceType: 'Practitioner' },
			practitionerRole: null,
		});
		expect(items[1].json.appointmentStatus).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('fails with Redox\'s OperationOutcome text, or continues with an error item, never showing a secret', async () => {
		const parameters = [{ resource: 'appointment', operation: 'get', appointment: 'Appointment/missing', options: {} }];
		const { ctx, credential } = context({ parameters });
		const failure = await new Redox().execute.call(ctx).then(
			() => null,
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(Error);
		const message = failure instanceof Error ? failure.message : '';
		expect(message).toContain('Resource Appointment/missing is not known');
		for (const secret of [...secretsOf(credential), ...standIn.issuedTokens]) expect(message).not.toContain(secret);

		const items = await execute({ parameters: [parameters[0], { resource: 'patient', operation: 'get', patient: 'e3f1a2b4-6c8d-4e0f-9a1b-3c5d7e9f1a21' }], continueOnFail: true });
		expect(items).toEqual([
			{ json: { error: expect.stringContaining('Redox found no such resource (HTTP 404)') }, pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ resourceType: 'Patient' }), pairedItem: { item: 1 } },
		]);
	});

	it('says what Redox answered when the credential is refused', async () => {
		const parameters = [{ resource: 'patient', operation: 'get', patient: 'Patient/x' }];
		const items = await execute({ parameters, register: false, continueOnFail: true });
		expect(items[0].json.error).toMatch(/Public key not found, check client_id, kid and Redox dashboard settings/);
		standIn.violations.length = 0;
	});
});

describe('Redox node: Patient and FHIR Request', () => {
	it('searches patients by identifier (one item per match, none for no match)', async () => {
		const items = await execute({
			parameters: [
				{ resource: 'patient', operation: 'search', identifier: 'urn:redox:redox-fhir-sandbox:MR|0000555123' },
				{ resource: 'patient', operation: 'search', identifier: 'urn:nobody|1' },
			],
		});
		expect(items).toEqual([{ json: expect.objectContaining({ id: 'e3f1a2b4-6c8d-4e0f-9a1b-3c5d7e9f1a21' }), pairedItem: { item: 0 } }]);
	});

	it("gets a patient by Redox's conditional reference (the trigger's Patient Reference) with a POST search", async () => {
		const identifier = 'urn:redox:redox-fhir-sandbox:MR|0000555123';
		const before = standIn.fhirRequests.length;
		const items = await execute({
			continueOnFail: true,
			parameters: [
				{ resource: 'patient', operation: 'get', patient: `https://api.redoxengine.com/fhir/R4/redox-fhir-sandbox/Development/Patient?identifier=${identifier}` },
				{ resource: 'patient', operation: 'get', patient: `Patient?identifier=${identifier}` },
				{ resource: 'patient', operation: 'get', patient: 'Patient?identifier=urn:nobody|0000999999' },
				{ resource: 'patient', operation: 'get', patient: 'Location?identifier=x|1' },
			],
		});
		const patient = expect.objectContaining({ resourceType: 'Patient', id: 'e3f1a2b4-6c8d-4e0f-9a1b-3c5d7e9f1a21' });
		expect(items.map((item) => item.json)).toEqual([
			patient,
			patient,
			{ error: 'Redox found no patient matching the conditional reference.' },
			{ error: expect.stringContaining('The patient must be an ID') },
		]);
		const searches = standIn.fhirRequests.slice(before);
		expect(searches.map((request) => `${request.method} ${request.path}`)).toEqual(Array(3).fill('POST Patient/_search'));
		expect(searches.map((request) => new URLSearchParams(request.body).get('identifier'))).toEqual([identifier, identifier, 'urn:nobody|0000999999']);
	});

	it('sends a generic request with a query, a JSON body or form fields', async () => {
		const items = await execute({
			parameters: [
				{ resource: 'fhirRequest', operation: 'send', method: 'GET', path: 'Location', query: { parameter: [{ name: '_id', value: 'loc-northwind-im-210' }] } },
				{ resource: 'fhirRequest', operation: 'send', method: 'POST', path: 'Observation', bodyType: 'json', body: '{"resourceType":"Observation","status":"final"}' },
				{ resource: 'fhirRequest', operation: 'send', method: 'POST', path: 'Patient/_search', bodyType: 'form', form: { field: [{ name: 'identifier', value: 'urn:redox:redox-fhir-sandbox:MR|0000555123' }] } },
			],
		});
		expect(items[0].json).toMatchObject({ resourceType: 'Bundle', total: 1 });
		expect(items[1].json).toMatchObject({ resourceType: 'Observation', id: expect.any(String) });
		expect(items[2].json).toMatchObject({ resourceType: 'Bundle', total: 1 });
	});
});

describe('Redox node: credential test', () => {
	it('makes a real token request and says what Redox answered', async () => {
		const test = new Redox().methods.credentialTest.redoxApiTokenTest;
		// The test makes its request with Node's fetch (a credential test has no httpRequest helper).
		const testContext = mock<ICredentialTestFunctions>();
		const good = credentialFor(standIn.baseUrl, 'ES384');
		standIn.registerKey(good.key);
		const before = standIn.tokenRequests.length;
		expect(await test.call(testContext, { id: '1', name: 'Redox', type: 'redoxApi', data: { ...good.credential } })).toEqual({
			status: 'OK',
			message: 'Redox accepted the credential and issued an access token.',
		});
		expect(standIn.tokenRequests.length).toBe(before + 1);
		const refused = await test.call(testContext, { id: '2', name: 'Redox', type: 'redoxApi', data: { ...good.credential, keyId: 'other-kid' } });
		expect(refused.status).toBe('Error');
		expect(refused.message).toContain('Public key not found, check client_id, kid and Redox dashboard settings');
		const incomplete = await test.call(testContext, { id: '3', name: 'Redox', type: 'redoxApi', data: { baseUrl: standIn.baseUrl, algorithm: 'HS384' } });
		expect(incomplete).toEqual({ status: 'Error', message: 'The Redox API credential lacks: Organization, Client ID, Client Secret.' });
		standIn.violations.length = 0;
	});
});
