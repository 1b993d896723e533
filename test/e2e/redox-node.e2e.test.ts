/**
 * The Redox action node on a real n8n 2.41.1 (the packed package installed as users install it),
 * against the local Redox stand-in (token endpoint that verifies every JWT as Redox does, FHIR
 * API) running in this test process on 127.0.0.1. Each workflow is n8n's built-in Webhook node
 * (answering with every item of the last node) → Split Out (one item per entry of the body's
 * `requests`) → the Redox node, whose parameters come from the items by expressions. Credentials
 * are created through n8n's public API: RS384 with a PEM key, ES384 with a JWK, HS384 with a secret.
 */
import fs from 'node:fs';
import path from 'node:path';

import { parseSchedulingNotification } from '../../nodes/RedoxSchedulingTrigger/extraction';
import { startRedoxStandIn, type FhirResource, type RedoxStandIn } from '../../scripts/stand-ins/redox-api';
import { credentialFor, ecKeys, HS_SECRET } from '../redox-api/helpers';
import {
	closeConnections,
	fixtureJson,
	httpRequest,
	launchN8n,
	packPackage,
	waitForExecutions,
	waitForWebhook,
	type Execution,
	type HttpResponse,
	type LaunchedN8n,
	type WorkflowInput,
	type WorkflowNode,
} from '../../scripts/harness';

const REDOX_ACTION_NODE_TYPE = 'n8n-nodes-redox.redox';
const REDOX_API_CREDENTIAL_TYPE = 'redoxApi';
const REDOX = 'Redox';
const ZONE = { timezone: 'America/New_York', locale: 'en-US' };
/** The time zone of the workflow whose Redox node names none. */
const WORKFLOW_ZONE = 'Europe/Paris';
const WRONG_KID_DESCRIPTION = 'Public key not found, check client_id, kid and Redox dashboard settings';

type Algorithm = 'RS384' | 'ES384' | 'HS384';
const ALGORITHMS: Algorithm[] = ['RS384', 'ES384', 'HS384'];

interface Entry {
	fullUrl?: string;
	resource: FhirResource;
}
interface Bundle {
	entry: Entry[];
}

/** The detailed fixtures whose references a FHIR server can resolve (the third one uses urn:uuid). */
const APPOINTMENT_FIXTURES = ['booked-detailed', 'cancelled-detailed'] as const;
type AppointmentFixture = (typeof APPOINTMENT_FIXTURES)[number];

const fixtures: Record<AppointmentFixture, Bundle> = {
	'booked-detailed': fixtureJson<Bundle>('booked-detailed.json'),
	'cancelled-detailed': fixtureJson<Bundle>('cancelled-detailed.json'),
};

function resourceOf(bundle: Bundle, type: string): FhirResource {
	const found = bundle.entry.find((entry) => entry.resource.resourceType === type)?.resource;
	if (found === undefined) throw new Error(`The fixture has no ${type}`);
	return found;
}

function fullUrlOf(bundle: Bundle, type: string): string {
	const found = bundle.entry.find((entry) => entry.resource.resourceType === type)?.fullUrl;
	if (found === undefined) throw new Error(`The fixture's ${type} has no fullUrl`);
	return found;
}

/** What only a notification tells: a read gives them null. */
const NOTIFICATION_ONLY = ['eventUri', 'eventCode', 'messageId', 'bundleId', 'timestamp', 'sourceName', 'sourceEndpoint'];
/** booked-detailed's Procedure is not referenced by its Appointment: a read cannot find it. */
const PROCEDURE_FIELDS = ['procedureCode', 'procedureName', 'procedures'];

/** The item Appointment → Get must give for a fixture's appointment read by its fixture URL. */
function expectedAppointmentItem(name: AppointmentFixture, timezone = ZONE.timezone): Record<string, unknown> {
	const expected: Record<string, unknown> = { ...parseSchedulingNotification(fixtures[name], { detail: 'detailed', ...ZONE, timezone }) };
	for (const key of NOTIFICATION_ONLY) expected[key] = null;
	if (name === 'booked-detailed') {
		expect(PROCEDURE_FIELDS.map((key) => expected[key])).not.toContainEqual(null);
		Object.assign(expected, { procedureCode: null, procedureName: null, procedures: [] });
	}
	return expected;
}

// ---- workflows -------------------------------------------------------------------------------

interface NodeOptions {
	name?: string;
	credentialId: string;
	parameters: Record<string, unknown>;
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
}

function redoxNode(options: NodeOptions, position: [number, number]): WorkflowNode & { onError?: string } {
	return {
		id: `redox-${options.name ?? REDOX}-${position[0]}`.replace(/\s+/g, '-'),
		name: options.name ?? REDOX,
		type: REDOX_ACTION_NODE_TYPE,
		typeVersion: 1,
		position,
		parameters: options.parameters,
		credentials: { [REDOX_API_CREDENTIAL_TYPE]: { id: options.credentialId, name: options.credentialId } },
		...(options.onError ? { onError: options.onError } : {}),
	};
}

/**
 * Webhook (`POST /webhook/<path>`, answers with every item of the last node) → Split Out of
 * `body.requests` → the given Redox nodes in a row → the given nodes after them.
 */
function workflow(
	pathName: string,
	redoxNodes: NodeOptions[],
	{ after = [], settings = {} }: { after?: WorkflowNode[]; settings?: Record<string, unknown> } = {},
): WorkflowInput {
	const nodes: WorkflowNode[] = [
		{
			id: `webhook-${pathName}`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: `e2e-redox-node-${pathName}`,
			parameters: { httpMethod: 'POST', path: pathName, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		},
		{
			id: `split-${pathName}`,
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [200, 0],
			parameters: { fieldToSplitOut: 'body.requests', include: 'noOtherFields', options: {} },
		},
		...redoxNodes.map((node, index) => redoxNode(node, [400 + 200 * index, 0])),
		...after.map((node, index) => ({ ...node, position: [400 + 200 * (redoxNodes.length + index), 0] as [number, number] })),
	];
	const connections: Record<string, unknown> = {};
	for (let index = 0; index + 1 < nodes.length; index++) {
		connections[nodes[index].name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { name: `Redox node ${pathName}`, nodes, connections, settings: { executionOrder: 'v1', ...settings } };
}

/** Redox with "Continue (using error output)": items that failed go to "Failed", the others to "Succeeded". */
function errorOutputWorkflow(credentialId: string): WorkflowInput {
	const noOp = (name: string): WorkflowNode => ({ id: name, name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} });
	const definition = workflow('error-output', [{ credentialId, parameters: APPOINTMENT_GET, onError: 'continueErrorOutput' }], {
		after: [noOp('Succeeded'), noOp('Failed')],
	});
	const to = (node: string) => [{ node, type: 'main', index: 0 }];
	const connections = without(definition.connections, ['Succeeded']);
	return { ...definition, connections: { ...connections, [REDOX]: { main: [to('Succeeded'), to('Failed')] } } };
}

const APPOINTMENT_GET = {
	resource: 'appointment',
	operation: 'get',
	appointment: '={{ $json.appointment }}',
	simplify: '={{ $json.simplify !== false }}',
	options: { timezone: ZONE.timezone },
};

/** A copy of `record` without `keys`. */
function without(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
	return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

// ---- reading executions --------------------------------------------------------------------

interface RunItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The items (json and pairedItem) a node put on its first output in its first run. */
function runItems(execution: Execution, nodeName: string): RunItem[] {
	const runs: unknown = execution.data?.resultData?.runData?.[nodeName];
	const first: unknown = Array.isArray(runs) ? runs[0] : undefined;
	const data = isRecord(first) && isRecord(first.data) ? first.data.main : undefined;
	const output: unknown = Array.isArray(data) ? data[0] : undefined;
	if (!Array.isArray(output)) return [];
	return output.filter(isRecord).map((item) => ({ json: isRecord(item.json) ? item.json : {}, pairedItem: item.pairedItem }));
}

describe('Redox node on a real n8n', () => {
	let n8n: LaunchedN8n | undefined;
	let standIn: RedoxStandIn;
	let tarballDir: string | undefined;
	const credentialIds = new Map<Algorithm, string>();
	const credentialData = new Map<Algorithm, Record<string, unknown>>();
	/** Workflow id and webhook URL by path name. */
	const workflows = new Map<string, { id: string; url: string }>();
	/** Executions expected so far, per workflow id. */
	const executionCounts = new Map<string, number>();
	/** Token requests the credential test made on purpose with a wrong kid. */
	const expectedViolations: string[] = [];
	/** Secrets that must not show anywhere: private keys, the secret, client IDs (+ issued tokens). */
	const secrets: string[] = [];
	/** The credential fields n8n treats as passwords: the private keys and the secret. */
	const passwordFields: string[] = [];

	/** Which secrets (by position, so that a failure does not print them) `text` contains. */
	const leaked = (text: string): string[] =>
		[...secrets, ...standIn.issuedTokens].flatMap((secret, index) => (text.includes(secret) ? [`secret #${index}`] : []));

	const launched = (): LaunchedN8n => {
		if (!n8n) throw new Error('n8n did not start');
		return n8n;
	};

	beforeAll(async () => {
		const began = Date.now();
		standIn = await startRedoxStandIn({ keys: [] });
		for (const name of ['booked-detailed', 'cancelled-detailed', 'updated-rescheduled-detailed']) {
			standIn.load(fixtureJson<Bundle>(`${name}.json`).entry.map(({ resource }) => resource));
		}
		const esJwk = JSON.stringify(ecKeys.privateKey.export({ format: 'jwk' }));
		for (const algorithm of ALGORITHMS) {
			// ES384 with a JWK; HS384 with a trailing slash on the base URL (tolerated).
			const overrides = algorithm === 'ES384' ? { privateKey: esJwk } : algorithm === 'HS384' ? { baseUrl: `${standIn.baseUrl}/` } : {};
			const { credential, key } = credentialFor(standIn.baseUrl, algorithm, overrides);
			standIn.registerKey(key);
			const data: Record<string, unknown> = { ...credential };
			if (algorithm === 'HS384') {
				delete data.keyId;
				delete data.privateKey;
			} else {
				delete data.clientSecret;
			}
			credentialData.set(algorithm, data);
			secrets.push(credential.clientId);
		}
		const rsPem = String(credentialData.get('RS384')?.privateKey);
		expect(rsPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
		// One line of the PEM body (any encoding of the file keeps it whole), and the JWK's private part.
		passwordFields.push(rsPem.split('\n')[5], String(JSON.parse(esJwk).d), HS_SECRET);
		secrets.push(...passwordFields);

		const tarball = await packPackage();
		tarballDir = path.dirname(tarball);
		const packedMs = Date.now() - began;
		n8n = await launchN8n({ name: 'redox-node', tarball, logLevel: 'debug' });
		const { api, instance } = n8n;

		for (const algorithm of ALGORITHMS) {
			const created = await api.createCredential({
				name: `Redox API ${algorithm}`,
				type: REDOX_API_CREDENTIAL_TYPE,
				data: credentialData.get(algorithm) ?? {},
			});
			credentialIds.set(algorithm, created.id);
		}
		const credential = (algorithm: Algorithm): string => credentialIds.get(algorithm) ?? '';

		const definitions: Array<[string, WorkflowInput]> = [
			...ALGORITHMS.map((algorithm): [string, WorkflowInput] => [
				`appointment-${algorithm}`,
				workflow(`appointment-${algorithm}`, [{ credentialId: credential(algorithm), parameters: APPOINTMENT_GET }]),
			]),
			[
				'patient-get',
				workflow('patient-get', [
					{ credentialId: credential('RS384'), parameters: { resource: 'patient', operation: 'get', patient: '={{ $json.patient }}' } },
				]),
			],
			[
				'patient-search',
				workflow('patient-search', [
					{ credentialId: credential('ES384'), parameters: { resource: 'patient', operation: 'search', identifier: '={{ $json.identifier }}' } },
				]),
			],
			[
				'fhir-request',
				workflow('fhir-request', [
					{
						name: 'FHIR GET',
						credentialId: credential('HS384'),
						parameters: {
							resource: 'fhirRequest',
							operation: 'send',
							method: 'GET',
							path: '={{ $json.type }}',
							query: { parameter: [{ name: '_id', value: '={{ $json.id }}' }] },
						},
					},
					{
						name: 'FHIR POST',
						credentialId: credential('HS384'),
						parameters: {
							resource: 'fhirRequest',
							operation: 'send',
							method: 'POST',
							path: 'Observation',
							bodyType: 'json',
							// Through the paired items back to the Split Out item the GET came from.
							body: "={{ $('Split Out').item.json.observation }}",
						},
					},
				]),
			],
			[
				'continue-on-fail',
				// No time zone on the node: the workflow's is used.
				workflow(
					'continue-on-fail',
					[{ credentialId: credential('RS384'), parameters: { ...APPOINTMENT_GET, options: {} }, onError: 'continueRegularOutput' }],
					{
						after: [{ id: 'after-redox', name: 'After Redox', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} }],
						settings: { timezone: WORKFLOW_ZONE },
					},
				),
			],
			['error-output', errorOutputWorkflow(credential('ES384'))],
		];
		for (const [pathName, definition] of definitions) {
			const { id } = await api.createWorkflow(definition);
			await api.publishWorkflow(id);
			workflows.set(pathName, { id, url: instance.webhookUrl(pathName) });
			executionCounts.set(id, 0);
		}
		for (const { url } of workflows.values()) await waitForWebhook(url);
		console.log(`pack ${packedMs} ms, n8n ready ${n8n.times.readyMs} ms, set-up total ${Date.now() - began} ms`);
	}, 10 * 60_000);

	afterAll(async () => {
		closeConnections();
		await n8n?.instance.dispose();
		await standIn?.close();
		if (tarballDir) fs.rmSync(tarballDir, { recursive: true, force: true });
	});

	function target(pathName: string): { id: string; url: string } {
		const found = workflows.get(pathName);
		if (!found) throw new Error(`No workflow ${pathName}`);
		return found;
	}

	/** Sends `{ requests }` to a workflow's webhook; returns n8n's answer and the new execution. */
	async function run(pathName: string, requests: Array<Record<string, unknown>>): Promise<{ response: HttpResponse; execution: Execution }> {
		const { id, url } = target(pathName);
		const response = await httpRequest(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ requests }),
		});
		const count = (executionCounts.get(id) ?? 0) + 1;
		executionCounts.set(id, count);
		const executions = await waitForExecutions(launched().api, id, count, { settleMs: 0 });
		const execution = await launched().api.getExecution(executions[count - 1].id, true);
		return { response, execution };
	}

	/** The webhook's answer: every item of the last node, as JSON. */
	function answeredItems(response: HttpResponse): Array<Record<string, unknown>> {
		expect(response.status).toBe(200);
		expect(Array.isArray(response.json)).toBe(true);
		return Array.isArray(response.json) ? response.json.filter(isRecord) : [];
	}

	describe('Appointment → Get', () => {
		it.each(ALGORITHMS)('gives the detailed fields of each fixture, for every form of reference (%s credential)', async (algorithm) => {
			const booked = fixtures['booked-detailed'];
			const bookedId = String(resourceOf(booked, 'Appointment').id);
			const bookedFixtureUrl = fullUrlOf(booked, 'Appointment');
			const requests = [
				{ appointment: bookedFixtureUrl },
				{ appointment: fullUrlOf(fixtures['cancelled-detailed'], 'Appointment') },
				{ appointment: bookedId },
				{ appointment: `Appointment/${bookedId}` },
				{ appointment: `${standIn.fhirBase}/Appointment/${bookedId}` },
				{ appointment: `${standIn.fhirBase}/Appointment/${bookedId}/_history/2` },
			];
			const { response, execution } = await run(`appointment-${algorithm}`, requests);
			const items = answeredItems(response);
			expect(execution.status).toBe('success');
			expect(items).toHaveLength(requests.length);

			// Read by the fixture's own URL (an origin other than the credential's: read from the credential's base).
			APPOINTMENT_FIXTURES.forEach((name, index) => {
				const expected = expectedAppointmentItem(name);
				expect(Object.keys(items[index]).sort()).toEqual(Object.keys(expected).sort());
				for (const [key, value] of Object.entries(expected)) expect([name, key, items[index][key]]).toEqual([name, key, value]);
			});
			// Other forms of the same reference: the same appointment; its reference as given.
			const byFixtureUrl = items[0];
			const references = ['Appointment/' + bookedId, 'Appointment/' + bookedId, requests[4].appointment, requests[5].appointment];
			const urlOnBase = `${standIn.fhirBase}/Appointment/${bookedId}`;
			const urls = [urlOnBase, urlOnBase, requests[4].appointment, requests[5].appointment];
			items.slice(2).forEach((item, index) => {
				const referenceFields = ['appointmentReference', 'appointmentUrl'];
				expect(without(item, referenceFields)).toEqual(without(byFixtureUrl, referenceFields));
				expect([item.appointmentReference, item.appointmentUrl]).toEqual([references[index], urls[index]]);
			});
			expect(runItems(execution, REDOX).map((item) => item.pairedItem)).toEqual(requests.map((_request, item) => ({ item })));
			// Every request went to the stand-in under the credential's client (no stray requests).
			expect(standIn.strayRequests).toEqual([]);
		});

		it('with Simplify off gives the lightweight fields and the resources read', async () => {
			const booked = fixtures['booked-detailed'];
			const cancelled = fixtures['cancelled-detailed'];
			const { response } = await run('appointment-RS384', [
				{ appointment: fullUrlOf(booked, 'Appointment'), simplify: false },
				{ appointment: `Appointment/${String(resourceOf(cancelled, 'Appointment').id)}`, simplify: false },
			]);
			const items = answeredItems(response);
			expect(items).toHaveLength(2);
			const [bookedItem, cancelledItem] = items;
			expect(bookedItem.resources).toEqual({
				appointment: resourceOf(booked, 'Appointment'),
				patient: resourceOf(booked, 'Patient'),
				location: resourceOf(booked, 'Location'),
				provider: resourceOf(booked, 'Practitioner'),
				practitionerRole: null,
			});
			expect(cancelledItem.resources).toEqual({
				appointment: resourceOf(cancelled, 'Appointment'),
				patient: resourceOf(cancelled, 'Patient'),
				location: resourceOf(cancelled, 'Location'),
				provider: resourceOf(cancelled, 'Practitioner'),
				practitionerRole: null,
			});
			const expected = expectedAppointmentItem('booked-detailed');
			const lightweightKeys = Object.keys(bookedItem).filter((key) => key !== 'resources');
			expect(lightweightKeys).toContain('appointmentId');
			expect(lightweightKeys).not.toContain('patientFullName');
			for (const key of lightweightKeys) expect([key, bookedItem[key]]).toEqual([key, expected[key]]);
			expect(cancelledItem).toMatchObject({ event: 'cancelled', appointmentReference: 'Appointment/apt-ortho-330918', detailLevel: 'detailed' });
		});
	});

	describe('Patient', () => {
		it("Get reads a patient by id, Patient/<id>, URL, or the trigger's conditional Patient Reference", async () => {
			const cancelledPatient = resourceOf(fixtures['cancelled-detailed'], 'Patient');
			const bookedPatient = resourceOf(fixtures['booked-detailed'], 'Patient');
			const bookedPatientReference = String(expectedAppointmentItem('booked-detailed').patientReference);
			expect(bookedPatientReference).toContain('/Patient?identifier=');
			const before = standIn.fhirRequests.length;
			const { response, execution } = await run('patient-get', [
				{ patient: String(bookedPatient.id) },
				{ patient: `Patient/${String(cancelledPatient.id)}` },
				{ patient: fullUrlOf(fixtures['cancelled-detailed'], 'Patient') },
				{ patient: bookedPatientReference },
			]);
			expect(answeredItems(response)).toEqual([bookedPatient, cancelledPatient, cancelledPatient, bookedPatient]);
			expect(runItems(execution, REDOX).map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
			const sent = standIn.fhirRequests.slice(before).map((request) => `${request.method} ${request.path}`);
			expect(sent).toEqual([
				`GET Patient/${String(bookedPatient.id)}`,
				`GET Patient/${String(cancelledPatient.id)}`,
				`GET Patient/${String(cancelledPatient.id)}`,
				'POST Patient/_search',
			]);
		});

		it('Search finds patients by system|value with POST _search, the identifier in the body and never in a URL', async () => {
			const identifier = 'urn:redox:redox-fhir-sandbox:MR|0000555123';
			const before = standIn.fhirRequests.length;
			const { response, execution } = await run('patient-search', [{ identifier }, { identifier: 'urn:nobody|1' }]);
			expect(answeredItems(response)).toEqual([resourceOf(fixtures['booked-detailed'], 'Patient')]);
			expect(runItems(execution, REDOX).map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
			const searches = standIn.fhirRequests.slice(before);
			expect(searches.map(({ method, path: requestPath, status }) => ({ method, path: requestPath, status }))).toEqual([
				{ method: 'POST', path: 'Patient/_search', status: 200 },
				{ method: 'POST', path: 'Patient/_search', status: 200 },
			]);
			expect(new URLSearchParams(searches[0].body).getAll('identifier')).toEqual([identifier]);
			expect(new URLSearchParams(searches[1].body).getAll('identifier')).toEqual(['urn:nobody|1']);
		});
	});

	describe('FHIR Request → Send', () => {
		it('sends a GET with a query and a POST with a JSON body', async () => {
			const observation = { resourceType: 'Observation', status: 'final', code: { text: 'e2e blood pressure' } };
			const before = standIn.fhirRequests.length;
			const { response, execution } = await run('fhir-request', [{ type: 'Location', id: 'loc-northwind-im-210', observation }]);
			expect(execution.status).toBe('success');
			const [searchset] = runItems(execution, 'FHIR GET');
			expect(searchset.json).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
			expect(searchset.json.entry).toEqual([expect.objectContaining({ resource: resourceOf(fixtures['booked-detailed'], 'Location') })]);
			const [created] = answeredItems(response);
			expect(created).toEqual({ ...observation, id: expect.any(String) });
			expect(runItems(execution, 'FHIR POST').map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
			const sent = standIn.fhirRequests.slice(before);
			expect(sent.map(({ method, path: requestPath, status }) => ({ method, path: requestPath, status }))).toEqual([
				{ method: 'GET', path: 'Location?_id=loc-northwind-im-210', status: 200 },
				{ method: 'POST', path: 'Observation', status: 201 },
			]);
			expect(JSON.parse(sent[1].body)).toEqual(observation);
		});
	});

	describe('errors', () => {
		it("fails the execution with Redox's OperationOutcome text and no stack", async () => {
			const { response, execution } = await run('appointment-RS384', [{ appointment: 'Appointment/no-such-appointment' }]);
			expect(response.status).toBe(500);
			expect(execution.status).toBe('error');
			const error: unknown = execution.data?.resultData?.error;
			expect(isRecord(error)).toBe(true);
			const { message, description } = isRecord(error) ? error : {};
			expect(String(message)).toContain('Redox found no such resource (HTTP 404)');
			expect(`${String(message)} ${String(description)}`).toContain('Resource Appointment/no-such-appointment is not known');
			for (const text of [message, description]) expect(String(text)).not.toMatch(/\n\s+at |\.js:\d+/);
			expect(response.text).not.toMatch(/\n\s+at |\.js:\d+/);
		});

		it('with Continue On Fail (regular output) gives an error item, paired, and the workflow goes on (times in the workflow\'s zone)', async () => {
			const booked = fixtures['booked-detailed'];
			const { response, execution } = await run('continue-on-fail', [
				{ appointment: 'Appointment/no-such-appointment' },
				{ appointment: fullUrlOf(booked, 'Appointment') },
			]);
			const items = answeredItems(response);
			expect(execution.status).toBe('success');
			expect(items).toHaveLength(2);
			expect(items[0]).toEqual({ error: expect.stringContaining('Resource Appointment/no-such-appointment is not known') });
			expect(String(items[0].error)).not.toMatch(/\n\s+at /);
			expect(items[1]).toEqual(expectedAppointmentItem('booked-detailed', WORKFLOW_ZONE));
			expect(items[1].appointmentStartLocal).toBe('2026-12-01T15:30:00+01:00');
			expect(runItems(execution, REDOX).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(runItems(execution, 'After Redox')).toHaveLength(2);
		});

		it('with Continue (using error output) sends the failed item, with its input fields, to the error output', async () => {
			const { execution } = await run('error-output', [
				{ appointment: 'Appointment/no-such-appointment' },
				{ appointment: fullUrlOf(fixtures['booked-detailed'], 'Appointment') },
			]);
			expect(execution.status).toBe('success');
			const failed = runItems(execution, 'Failed');
			expect(failed.map((item) => item.json)).toEqual([
				{ appointment: 'Appointment/no-such-appointment', error: expect.stringContaining('Resource Appointment/no-such-appointment is not known') },
			]);
			expect(runItems(execution, 'Succeeded').map((item) => item.json)).toEqual([expectedAppointmentItem('booked-detailed')]);
		});
	});

	describe('tokens', () => {
		it('every operation so far took one token per credential: reused across executions, never shared', () => {
			const issued = standIn.tokenRequests.filter((request) => request.status === 200);
			const clients = ALGORITHMS.map((algorithm) => String(credentialData.get(algorithm)?.clientId));
			expect(issued.map((request) => request.clientId).sort()).toEqual([...clients].sort());
			expect(issued.map((request) => request.algorithm).sort()).toEqual([...ALGORITHMS].sort());
			expect(standIn.violations).toEqual([]);
		});

		it('a FHIR 401 (token revoked) makes the node take a new token once and repeat the request', async () => {
			standIn.revokeTokens();
			const tokensBefore = standIn.issuedTokenCount;
			const fhirBefore = standIn.fhirRequests.length;
			const patient = resourceOf(fixtures['cancelled-detailed'], 'Patient');
			const { response } = await run('patient-get', [{ patient: String(patient.id) }]);
			expect(answeredItems(response)).toEqual([patient]);
			expect(standIn.issuedTokenCount).toBe(tokensBefore + 1);
			expect(standIn.fhirRequests.slice(fhirBefore).map((request) => request.status)).toEqual([401, 200]);
		});
	});

	describe('credential test through the REST API, as the editor does it', () => {
		/** The credential as the editor holds it (secrets redacted), tested with `changes` applied. */
		async function testCredential(algorithm: Algorithm, changes: Record<string, unknown> = {}): Promise<{ status: string; message: string }> {
			const { session } = launched();
			const id = credentialIds.get(algorithm) ?? '';
			const stored = await session.request<{ name: string; type: string; data: Record<string, unknown> }>('GET', `/credentials/${id}?includeData=true`);
			// The editor never receives the password fields back (the client ID is a plain field it shows).
			expect(passwordFields.filter((secret) => JSON.stringify(stored).includes(secret))).toHaveLength(0);
			return await session.request('POST', '/credentials/test', {
				credentials: { id, name: stored.name, type: stored.type, data: { ...stored.data, ...changes } },
			});
		}

		it.each(ALGORITHMS)('says OK for a good %s credential (a real token request)', async (algorithm) => {
			const before = standIn.tokenRequests.length;
			expect(await testCredential(algorithm)).toEqual({ status: 'OK', message: 'Redox accepted the credential and issued an access token.' });
			expect(standIn.tokenRequests.slice(before).map((request) => request.status)).toEqual([200]);
		});

		it("gives Redox's own error description for a wrong kid", async () => {
			const before = standIn.violations.length;
			const result = await testCredential('ES384', { keyId: 'kid-not-registered' });
			expect(result.status).toBe('Error');
			expect(result.message).toContain(WRONG_KID_DESCRIPTION);
			expect(standIn.violations.slice(before)).toEqual([WRONG_KID_DESCRIPTION]);
			expectedViolations.push(WRONG_KID_DESCRIPTION);
		});
	});

	describe('secrets and the stand-in', () => {
		it('the stand-in recorded no JWT violation other than the wrong kid tested on purpose', () => {
			expect(standIn.violations).toEqual(expectedViolations);
			expect(standIn.strayRequests).toEqual([]);
		});

		it('no private key, secret, client ID or access token in execution data', async () => {
			const { api } = launched();
			expect(standIn.issuedTokens.length).toBeGreaterThanOrEqual(3);
			for (const { id } of workflows.values()) {
				const executions = await api.listExecutions({ workflowId: id, includeData: true });
				expect(executions).toHaveLength(executionCounts.get(id) ?? 0);
				expect(leaked(JSON.stringify(executions))).toEqual([]);
			}
		});

		it("none of them in n8n's log (debug level)", () => {
			const log = launched().instance.readLog();
			expect(log).toContain('Received webhook "POST"');
			expect(leaked(log)).toEqual([]);
		});

		it("none of them in plain text in any file of n8n's folder (database, event log)", () => {
			const { instance } = launched();
			const all = [...secrets, ...standIn.issuedTokens];
			// Labelled by position: a failure must not print the secret.
			expect(all.map((secret, index) => [index, instance.filesContaining(secret)])).toEqual(all.map((_secret, index) => [index, []]));
		});
	});
});
