/**
 * "Fetch Missing Details" on a real n8n 2.41.1 with the packed package, against the local Redox
 * stand-in (scripts/stand-ins/redox-api.ts: a token endpoint that checks every JWT as Redox does,
 * and a FHIR API serving the detailed fixtures' resources) in this process on 127.0.0.1:
 * - lightweight twins of detailed notifications give, for RS384 (PEM), ES384 (JWK) and HS384
 *   credentials, the trigger item of the detailed notification field for field;
 * - the lightweight example workflow mails the patient with their name and the local time;
 * - tokens that expire during a stream of notifications are renewed, not requested per notification;
 * - when the FHIR API or the token endpoint fails, Redox gets 503 DETAILS_UNAVAILABLE and nothing
 *   starts; the redelivery of the same notification then starts one execution; with "Continue With
 *   the Lightweight Item" the workflow gets the identifiers and detailsError;
 * - a focus reference on another origin is never requested;
 * - no key, secret, client ID or access token reaches execution data, n8n's log or its folder.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { parseSchedulingNotification } from '../../nodes/RedoxSchedulingTrigger/extraction';
import type { RedoxApiCredential } from '../../nodes/redox-api/credential';
import { adaptExample, CREDENTIAL_NAMES, loadExample, webhookPath } from '../../scripts/demo/examples';
import { startMailServer, type MailServer } from '../../scripts/demo/local-services';
import { lightweightTwin, servedResources, withIdentity, type NotificationBundle } from '../../scripts/stand-ins/lightweight-twin';
import { startRedoxStandIn, type RedoxStandIn } from '../../scripts/stand-ins/redox-api';
import { credentialFor, ecKeys, rsaKeys } from '../redox-api/helpers';
import {
	closeConnections,
	fixtureJson,
	launchN8n,
	packPackage,
	redoxTriggerWorkflow,
	redoxWebhookPath,
	REDOX_CREDENTIAL_TYPE,
	REDOX_NODE_NAME,
	sendNotification,
	sleep,
	waitForExecutions,
	waitForWebhook,
	type Execution,
	type HttpResponse,
	type LaunchedN8n,
	type WorkflowInput,
} from '../../scripts/harness';

const TIMEZONE = 'America/New_York';
const TOKEN = `e2e-fetch-${randomBytes(12).toString('hex')}`;
const SERVED = ['booked-detailed', 'cancelled-detailed'] as const;
type Served = (typeof SERVED)[number];

/** `Tuesday, December 1, 2026 at 9:30 AM EST` in any ICU flavour (Node 20 here, 24 in n8n). */
const TUE_DEC_1 = /Tuesday,\sDecember\s1,\s2026(?:,|\sat)\s9:30\sAM\sEST/;

/** Strings with every kind of space as a plain one: ICU puts U+202F before AM/PM on some versions. */
function normalised(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? v.replace(/\s/g, ' ') : v));
}

/**
 * The trigger's item for the detailed notification, plus detailsFetched. booked-detailed carries a
 * Procedure its Appointment does not reference: no fetch can find it, so its fields stay empty
 * (see test/details/fetch-details.test.ts).
 */
function expectedItem(detailed: NotificationBundle, fixture: Served): unknown {
	const expected: Record<string, unknown> = {
		...parseSchedulingNotification(detailed, { detail: 'detailed', timezone: TIMEZONE, locale: 'en-US' }),
		detailsFetched: true,
	};
	if (fixture === 'booked-detailed') Object.assign(expected, { procedureCode: null, procedureName: null, procedures: [] });
	return normalised(expected);
}

/** The one item the trigger emitted. */
function triggerItem(execution: Execution): Record<string, unknown> {
	const outputs = execution.data?.resultData?.runData?.[REDOX_NODE_NAME]?.[0]?.data?.main ?? [];
	const items = outputs.flatMap((output) => output ?? []);
	expect(items).toHaveLength(1);
	return items[0].json;
}

interface RecordingServer {
	baseUrl: string;
	requests: string[];
	close(): Promise<void>;
}

/** Another origin on 127.0.0.1 that records every request and answers like a token endpoint would. */
async function startRecordingServer(): Promise<RecordingServer> {
	const requests: string[] = [];
	const server = http.createServer((request, response) => {
		requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
		response.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token": "foreign", "expires_in": 300}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Every secret of a credential as text that could be found: key lines, JWK private members, secret, client ID. */
function secretNeedles(label: string, credential: RedoxApiCredential): Array<{ label: string; needle: string }> {
	const needles = [{ label: `${label} client ID`, needle: credential.clientId }];
	if (credential.clientSecret !== '') needles.push({ label: `${label} client secret`, needle: credential.clientSecret });
	if (credential.privateKey.startsWith('{')) {
		const jwk = JSON.parse(credential.privateKey) as Record<string, unknown>;
		for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
			if (typeof jwk[member] === 'string') needles.push({ label: `${label} private JWK ${member}`, needle: jwk[member] });
		}
	} else if (credential.privateKey !== '') {
		// Each base64 line of the PEM body: a key written anywhere, escaped or not, shows them.
		const lines = credential.privateKey.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
		lines.forEach((line, index) => needles.push({ label: `${label} private key line ${index + 1}`, needle: line }));
	}
	return needles;
}

/** Every file under `dir` (but `skip`), read once. */
function readTree(dir: string, skip: string): Array<{ file: string; bytes: Buffer }> {
	const files: Array<{ file: string; bytes: Buffer }> = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory() && full !== skip) files.push(...readTree(full, skip));
		else if (entry.isFile()) files.push({ file: full, bytes: fs.readFileSync(full) });
	}
	return files;
}

describe('Fetch Missing Details on a real n8n', () => {
	let n8n: LaunchedN8n | undefined;
	let tarballDir: string | undefined;
	let standIn: RedoxStandIn;
	let foreign: RecordingServer;
	let mail: MailServer;
	const answers: HttpResponse[] = [];
	const executionCounts = new Map<string, number>();
	const workflowIds: string[] = [];
	let sent = 0;

	const detailed = Object.fromEntries(SERVED.map((name) => [name, fixtureJson<NotificationBundle>(`${name}.json`)])) as Record<Served, NotificationBundle>;

	// One Redox API credential per use, each with its own client ID (and so its own token cache entry).
	const keys: Record<string, { credential: RedoxApiCredential; label: string }> = {};
	const urls: Record<string, string> = {};
	const ids: Record<string, string> = {};

	const launched = (): LaunchedN8n => {
		if (!n8n) throw new Error('n8n did not start');
		return n8n;
	};

	beforeAll(async () => {
		const began = Date.now();
		[standIn, foreign, mail] = await Promise.all([startRedoxStandIn({ keys: [] }), startRecordingServer(), startMailServer()]);
		for (const name of SERVED) standIn.load(servedResources(detailed[name]));
		const base = standIn.baseUrl;
		const made = {
			rs384: { ...credentialFor(base, 'RS384'), label: 'RS384 (PKCS#8 PEM)' },
			es384: { ...credentialFor(base, 'ES384', { privateKey: JSON.stringify(ecKeys.privateKey.export({ format: 'jwk' })) }), label: 'ES384 (JWK)' },
			hs384: { ...credentialFor(base, 'HS384'), label: 'HS384 (secret)' },
			expiry: { ...credentialFor(base, 'RS384', { privateKey: rsaKeys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() }), label: 'RS384 (PKCS#1 PEM), expiry' },
			outage: { ...credentialFor(base, 'ES384'), label: 'ES384 (PKCS#8 PEM), outage' },
			tokenDown: { ...credentialFor(base, 'HS384'), label: 'HS384, token endpoint down' },
			example: { ...credentialFor(base, 'HS384'), label: 'HS384, example' },
		};
		for (const [key, { credential, key: registered, label }] of Object.entries(made)) {
			standIn.registerKey(registered);
			keys[key] = { credential, label };
		}

		const tarball = await packPackage();
		tarballDir = path.dirname(tarball);
		n8n = await launchN8n({ tarball, name: 'fetch-details', logLevel: 'debug', env: { GENERIC_TIMEZONE: TIMEZONE } });
		const { api, instance } = n8n;
		const webhookCredential = await api.createCredential({ name: CREDENTIAL_NAMES.redoxWebhookApi, type: REDOX_CREDENTIAL_TYPE, data: { verificationToken: TOKEN } });
		const apiCredentials: Record<string, { id: string; name: string }> = {};
		for (const [key, { credential, label }] of Object.entries(keys)) {
			const name = key === 'example' ? CREDENTIAL_NAMES.redoxApi : `Redox API ${label}`;
			const created = await api.createCredential({ name, type: 'redoxApi', data: { ...credential } });
			apiCredentials[key] = { id: created.id, name };
		}

		// One trigger-only workflow per use: Fetch Missing Details with that use's credential.
		const triggers: Array<[string, string, Record<string, unknown>]> = [
			['rs384', 'rs384', {}],
			['es384', 'es384', {}],
			['hs384', 'hs384', {}],
			['expiry', 'expiry', {}],
			['outage', 'outage', {}],
			['tokenDown', 'tokenDown', {}],
			['continue', 'rs384', { onDetailsUnavailable: 'continue' }],
		];
		for (const [use, key, options] of triggers) {
			const webhookId = `fetch-${use.toLowerCase()}-${randomBytes(4).toString('hex')}`;
			const workflow: WorkflowInput = redoxTriggerWorkflow({
				name: `Fetch details: ${use}`,
				webhookId,
				credential: webhookCredential,
				parameters: { detail: 'detailed', fetchDetails: true, options: { timezone: TIMEZONE, ...options } },
			});
			workflow.nodes[0].credentials = { ...workflow.nodes[0].credentials, redoxApi: apiCredentials[key] };
			const { id } = await api.createWorkflow(workflow);
			await api.publishWorkflow(id);
			ids[use] = id;
			urls[use] = instance.webhookUrl(redoxWebhookPath(webhookId));
		}

		// The committed example, linked to the credentials named as its placeholders.
		await api.createCredential({
			name: CREDENTIAL_NAMES.smtp,
			type: 'smtp',
			data: { user: '', password: '', host: '127.0.0.1', port: mail.port, secure: false, disableStartTls: true },
		});
		const example = adaptExample(loadExample('lightweight-fhir-lookup'), {});
		const { id: exampleId } = await api.createWorkflow(example as unknown as WorkflowInput);
		await api.publishWorkflow(exampleId);
		ids.example = exampleId;
		urls.example = instance.webhookUrl(webhookPath(example));

		workflowIds.push(...Object.values(ids));
		for (const id of workflowIds) executionCounts.set(id, 0);
		await Promise.all(Object.values(urls).map((url) => waitForWebhook(url, ['POST'])));
		console.log(`set-up ${Date.now() - began} ms (n8n ready in ${n8n.times.readyMs} ms)`);
	}, 10 * 60_000);

	afterAll(async () => {
		closeConnections();
		await n8n?.instance.dispose();
		await Promise.all([standIn?.close(), foreign?.close(), mail?.close()]);
		if (tarballDir) fs.rmSync(tarballDir, { recursive: true, force: true });
	});

	/** A lightweight twin of a detailed fixture with its own message id, and its detailed original. */
	function twinOf(fixture: Served): { twin: NotificationBundle; original: NotificationBundle; messageId: string } {
		sent += 1;
		const { bundle, messageId } = withIdentity(detailed[fixture], `fetch-${sent}-${randomBytes(3).toString('hex')}`);
		return { twin: lightweightTwin(bundle), original: bundle, messageId };
	}

	async function send(use: string, body: unknown): Promise<HttpResponse> {
		const response = await sendNotification(urls[use], body, { token: TOKEN, timeoutMs: 60_000 });
		answers.push(response);
		return response;
	}

	/** Waits for `added` more executions of the workflow (and no others); returns the new ones with data. */
	async function newExecutions(use: string, added: number, timeoutMs = 30_000): Promise<Execution[]> {
		const id = ids[use];
		const count = (executionCounts.get(id) ?? 0) + added;
		executionCounts.set(id, count);
		const all = await waitForExecutions(launched().api, id, count, { includeData: added > 0, settleMs: 300, timeoutMs });
		const fresh = all.slice(count - added);
		for (const execution of fresh) expect({ id: execution.id, status: execution.status }).toEqual({ id: execution.id, status: 'success' });
		return fresh;
	}

	describe.each([
		['rs384', 'RS384 with a PKCS#8 PEM key'],
		['es384', 'ES384 with a JWK key'],
		['hs384', 'HS384 with a secret'],
	])('%s (%s)', (use) => {
		it.each(SERVED)('the lightweight twin of %s gives the detailed item field for field, detailsFetched: true', async (fixture) => {
			const { twin, original } = twinOf(fixture);
			const response = await send(use, twin);
			expect({ status: response.status, body: response.json }).toEqual({ status: 200, body: { status: 'received' } });
			const [execution] = await newExecutions(use, 1);
			expect(normalised(triggerItem(execution))).toEqual(expectedItem(original, fixture));
			const client = keys[use].credential.clientId;
			expect(standIn.tokenRequests.filter((r) => r.clientId === client && r.status === 200)).toHaveLength(1);
			expect(standIn.violations).toEqual([]);
		});
	});

	it('the lightweight example mails the patient with their name and the local time', async () => {
		const { twin, original } = twinOf('booked-detailed');
		const response = await send('example', twin);
		expect(response.status).toBe(200);
		const [execution] = await newExecutions('example', 1);
		expect(normalised(triggerItem(execution))).toEqual(expectedItem(original, 'booked-detailed'));
		const [received] = await mail.waitForMails(1);
		expect(received.envelopeTo).toEqual(['zelda.testpatient@example.com']);
		expect(received.subject).toMatch(new RegExp(`^Your appointment on ${TUE_DEC_1.source}$`));
		expect(received.text).toContain('Hello Zelda Quinn Testpatient,');
		expect(received.text).toMatch(new RegExp(`When:\\s+${TUE_DEC_1.source}`));
		for (const part of ['Northwind Internal Medicine', 'Dr. Orrin Fakedoc MD']) expect(received.text).toContain(part);
		console.log(`example mail: "${received.subject}"\n${received.text}`);
	});

	it('tokens expiring during a stream are renewed at about 2/3 of their life, not per notification', async () => {
		const EXPIRES_IN = 6;
		const STREAM_MS = 20_000;
		const client = keys.expiry.credential.clientId;
		standIn.expiresIn = EXPIRES_IN;
		const originals: Array<{ original: NotificationBundle; fixture: Served; messageId: string }> = [];
		const began = Date.now();
		let tick = 0;
		try {
			while (Date.now() - began < STREAM_MS) {
				// Two at a time: concurrent notifications share one token request when one is due.
				const pair = SERVED.map((fixture) => ({ fixture, ...twinOf(fixture) }));
				const responses = await Promise.all(pair.map(({ twin }) => send('expiry', twin)));
				expect(responses.map((r) => r.status)).toEqual([200, 200]);
				originals.push(...pair);
				tick += 1;
				await sleep(Math.max(0, began + tick * 1_000 - Date.now()));
			}
		} finally {
			standIn.expiresIn = 300;
		}
		const streamSeconds = (Date.now() - began) / 1000;
		const executions = await newExecutions('expiry', originals.length, 60_000);
		const byMessage = new Map(executions.map((execution) => [triggerItem(execution).messageId, triggerItem(execution)]));
		for (const { original, fixture, messageId } of originals) {
			expect(normalised(byMessage.get(messageId))).toEqual(expectedItem(original, fixture));
		}
		const tokens = standIn.tokenRequests.filter((r) => r.clientId === client);
		const unauthorised = standIn.fhirRequests.filter((r) => r.status === 401).length;
		const perRefresh = (EXPIRES_IN * 2) / 3;
		console.log(
			`expiry: ${originals.length} notifications over ${streamSeconds.toFixed(1)} s, expires_in ${EXPIRES_IN} s: ` +
				`${tokens.length} token requests (stream / (expires_in·2/3) = ${(streamSeconds / perRefresh).toFixed(1)}), ` +
				`${unauthorised} FHIR 401 answers, jti all distinct: ${new Set(tokens.map((t) => t.jti)).size === tokens.length}`,
		);
		expect(tokens.every((t) => t.status === 200)).toBe(true);
		// At least one new token per expired life, at most one per 2/3 of a life (+ the first).
		expect(tokens.length).toBeGreaterThanOrEqual(Math.floor(streamSeconds / EXPIRES_IN));
		expect(tokens.length).toBeLessThanOrEqual(Math.ceil(streamSeconds / perRefresh) + 1);
		expect(tokens.length).toBeLessThan(originals.length / 4);
		expect(new Set(tokens.map((t) => t.jti)).size).toBe(tokens.length);
		expect(standIn.violations).toEqual([]);
	}, 120_000);

	describe('when the details cannot be had', () => {
		it('answers 503 DETAILS_UNAVAILABLE while the FHIR API fails, starts nothing, and runs the redelivery once', async () => {
			const { twin, original, messageId } = twinOf('cancelled-detailed');
			const body = JSON.stringify(twin);
			standIn.failNext('fhir', 2, 503); // the appointment read and its one retry
			const failed = await send('outage', body);
			expect(failed.status).toBe(503);
			expect(failed.json).toEqual({ error: { code: 'DETAILS_UNAVAILABLE', message: expect.any(String) } });
			await newExecutions('outage', 0);
			// Redox delivers the same notification (same MessageHeader.id) again later.
			const redelivered = await send('outage', body);
			expect({ status: redelivered.status, body: redelivered.json }).toEqual({ status: 200, body: { status: 'received' } });
			const [execution] = await newExecutions('outage', 1);
			expect(triggerItem(execution).messageId).toBe(messageId);
			expect(normalised(triggerItem(execution))).toEqual(expectedItem(original, 'cancelled-detailed'));
			// The success was remembered: a third delivery is a duplicate.
			const again = await send('outage', body);
			expect((again.json as { status?: string }).status).toBe('duplicate');
			await newExecutions('outage', 0);
		});

		it('answers 503 when the FHIR API is slower than the time-out, then runs the redelivery', async () => {
			const { twin } = twinOf('booked-detailed');
			const body = JSON.stringify(twin);
			standIn.setDelay('fhir', 6_000); // beyond the 5 s per-request time-out, for the read and its retry
			const began = Date.now();
			let slow: HttpResponse;
			try {
				slow = await send('outage', body);
			} finally {
				standIn.setDelay('fhir', 0);
			}
			console.log(`503 after a slow FHIR API answered in ${Date.now() - began} ms`);
			expect(slow.status).toBe(503);
			expect((slow.json as { error?: { code?: string } }).error?.code).toBe('DETAILS_UNAVAILABLE');
			await newExecutions('outage', 0);
			expect((await send('outage', body)).status).toBe(200);
			expect(triggerItem((await newExecutions('outage', 1))[0]).detailsFetched).toBe(true);
		}, 60_000);

		it('answers 503 while the token endpoint is down, then runs the redelivery', async () => {
			const { twin } = twinOf('booked-detailed');
			const body = JSON.stringify(twin);
			standIn.setTokenEndpointDown(true);
			let down: HttpResponse;
			try {
				down = await send('tokenDown', body);
			} finally {
				standIn.setTokenEndpointDown(false);
			}
			expect(down.status).toBe(503);
			expect((down.json as { error?: { code?: string } }).error?.code).toBe('DETAILS_UNAVAILABLE');
			await newExecutions('tokenDown', 0);
			expect((await send('tokenDown', body)).status).toBe(200);
			expect(triggerItem((await newExecutions('tokenDown', 1))[0]).detailsFetched).toBe(true);
		});

		it('with "Continue With the Lightweight Item", starts the workflow with the identifiers and detailsError', async () => {
			const { twin, messageId } = twinOf('booked-detailed');
			standIn.failNext('fhir', 2, 503);
			const response = await send('continue', twin);
			expect(response.status).toBe(200);
			const item = triggerItem((await newExecutions('continue', 1))[0]);
			expect(item).toMatchObject({
				messageId,
				detailLevel: 'lightweight',
				detailsFetched: false,
				detailsError: { code: 'DETAILS_UNAVAILABLE', message: expect.any(String) },
				patientId: '0000555123',
				// What a lightweight notification does not carry stays empty.
				patientFullName: null,
				appointmentStart: null,
				locationName: null,
			});
		});
	});

	it('never requests a focus reference on another origin: the appointment is read from the credential\'s base', async () => {
		const { twin, original } = twinOf('booked-detailed');
		const header = twin.entry[0].resource;
		const appointmentId = 'a7c4e1f2-3b5d-4c6e-8f90-1a2b3c4d5e61';
		header.focus = [{ reference: `${foreign.baseUrl}/fhir/R4/redox-fhir-sandbox/Development/Appointment/${appointmentId}` }];
		const readsBefore = standIn.fhirRequests.filter((r) => r.path === `Appointment/${appointmentId}`).length;
		const response = await send('rs384', twin);
		expect(response.status).toBe(200);
		const item = triggerItem((await newExecutions('rs384', 1))[0]);
		expect(foreign.requests).toEqual([]);
		expect(standIn.fhirRequests.filter((r) => r.path === `Appointment/${appointmentId}`).length).toBe(readsBefore + 1);
		const expected = expectedItem(original, 'booked-detailed') as Record<string, unknown>;
		for (const field of ['appointmentId', 'appointmentStatus', 'appointmentStartText', 'patientFullName', 'locationName', 'providerName', 'detailsFetched']) {
			expect({ field, value: normalised(item[field]) }).toEqual({ field, value: expected[field] });
		}
	});

	it('leaves no key, secret, client ID or access token in execution data, answers, n8n\'s log or its folder', async () => {
		const { instance, api } = launched();
		const needles = [
			...Object.values(keys).flatMap(({ credential, label }) => secretNeedles(label, credential)),
			...standIn.issuedTokens.map((token, index) => ({ label: `access token ${index + 1}`, needle: token })),
		];
		expect(standIn.issuedTokens.length).toBeGreaterThanOrEqual(Object.keys(keys).length);
		const executions = (await Promise.all(workflowIds.map((id) => api.listAllExecutions(id, true)))).flat();
		expect(executions.length).toBeGreaterThan(40);
		const haystacks: Array<{ where: string; text: Buffer }> = [
			{ where: 'execution data (public API, includeData)', text: Buffer.from(JSON.stringify(executions)) },
			{ where: 'answers to Redox', text: Buffer.from(answers.map((a) => a.text).join('\n')) },
			{ where: "n8n's log", text: Buffer.from(instance.readLog()) },
			...readTree(instance.root, path.join(instance.nodesDir, 'node_modules')).map(({ file, bytes }) => ({ where: path.relative(instance.root, file), text: bytes })),
		];
		// The haystacks are the real thing: the items are in the execution data, the webhook calls in the log.
		expect(haystacks[0].text.includes('"detailsFetched":true')).toBe(true);
		expect(haystacks[2].text.length).toBeGreaterThan(0);
		const found = haystacks.flatMap(({ where, text }) => needles.filter(({ needle }) => text.includes(needle)).map(({ label }) => `${label} in ${where}`));
		console.log(`secrets: ${needles.length} needles (${standIn.issuedTokens.length} access tokens) in ${haystacks.length} places, ${executions.length} executions`);
		expect(found).toEqual([]);
		expect(standIn.violations).toEqual([]);
		expect(standIn.strayRequests).toEqual([]);
	});
});
