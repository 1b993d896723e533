/**
 * The example workflows of examples/ in a real n8n 2.41.1 with the packed package, checked by what
 * really happens downstream: the committed files import unchanged with `n8n import:workflow`, and
 * every example, adapted, imports and publishes through the public API; notifications sent the way
 * Redox sends them make the email example deliver mails (to a local SMTP server), the Slack
 * webhook example post Slack-format JSON (to a local receiver), the file example write CSV files
 * (read back with a real CSV parser). The lightweight example (Fetch Missing Details with a Redox
 * API credential) is imported and published here, and run against the Redox stand-in in
 * fetch-details.e2e.test.ts. A wrong token and an invalid body start nothing and send nothing. The
 * committed examples are adapted in memory only (URLs, folder, webhook ids).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parse as parseCsv } from 'csv-parse';

import {
	adaptExample,
	CREDENTIAL_NAMES,
	EXAMPLE_NAMES,
	examplesDir,
	loadExample,
	triggerNode,
	webhookPath,
	type ExampleName,
	type ExampleWorkflow,
} from '../../scripts/demo/examples';
import {
	startHttpReceiver,
	startMailServer,
	SLACK_WEBHOOK_PATH,
	type HttpReceiver,
	type MailServer,
	type ReceivedRequest,
} from '../../scripts/demo/local-services';
import {
	closeConnections,
	expectedResult,
	N8nInstance,
	N8nRestSession,
	nodeOutputItems,
	packPackage,
	PublicApi,
	readFixture,
	REDOX_NODE_NAME,
	sendNotification,
	uniqueNotification,
	waitForExecutions,
	waitForWebhook,
	type Execution,
	type HttpResponse,
	type LaunchedN8n,
	type ValidFixture,
	type WorkflowInput,
} from '../../scripts/harness';

const TOKEN = `e2e-examples-${randomBytes(12).toString('hex')}`;
const WRONG_TOKEN = `e2e-wrong-${randomBytes(12).toString('hex')}`;
const TIMEZONE = 'America/New_York';

/** The examples whose notifications this file sends; the others are imported and published only. */
const RUN: readonly ExampleName[] = ['booked-email', 'front-desk-slack-webhook', 'scheduling-log-file'];

/**
 * `Tuesday, December 1, 2026 at 9:30 AM EST` in any ICU flavour: "at" or a comma before the time,
 * plain or narrow no-break spaces.
 */
function startText(weekday: string, monthDay: string, year: string, time: string, zone: string): string {
	const [hm, ampm] = time.split(' ');
	const monthDayPattern = monthDay.replace(' ', '\\s');
	return `${weekday},\\s${monthDayPattern},\\s${year}(?:,|\\sat)\\s${hm}\\s${ampm}\\s${zone}`;
}
const TUE_DEC_1 = startText('Tuesday', 'December 1', '2026', '9:30 AM', 'EST');
const MON_JUN_15 = startText('Monday', 'June 15', '2026', '11:15 AM', 'EDT');
const THU_DEC_3 = startText('Thursday', 'December 3', '2026', '2:45 PM', 'EST');

interface Deployed {
	id: string;
	url: string;
	workflow: ExampleWorkflow;
}

describe('example workflows on a real n8n', () => {
	let n8n: LaunchedN8n | undefined;
	let tarballDir: string | undefined;
	let logDir: string | undefined;
	let mail: MailServer | undefined;
	let receiver: HttpReceiver | undefined;
	const deployed = new Map<ExampleName, Deployed>();
	const expectedCounts = new Map<string, number>();
	const timings: string[] = [];
	let sent = 0;
	let cliImport = '';

	const launched = (): LaunchedN8n => {
		if (!n8n) throw new Error('n8n did not start');
		return n8n;
	};
	const smtp = (): MailServer => {
		if (!mail) throw new Error('no SMTP server');
		return mail;
	};
	const http = (): HttpReceiver => {
		if (!receiver) throw new Error('no HTTP receiver');
		return receiver;
	};
	const example = (name: ExampleName): Deployed => {
		const found = deployed.get(name);
		if (!found) throw new Error(`${name} was not deployed`);
		return found;
	};

	beforeAll(async () => {
		const began = Date.now();
		logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-redox-e2e-csv-'));
		[mail, receiver] = await Promise.all([startMailServer(), startHttpReceiver()]);
		const tarball = await packPackage();
		tarballDir = path.dirname(tarball);
		timings.push(`pack ${Date.now() - began} ms`);
		const instance = await N8nInstance.create({
			name: 'examples',
			tarball,
			// The file example may write only under the allowed folders (n8n 2.x: ~/.n8n-files by default).
			env: { N8N_RESTRICT_FILE_ACCESS_TO: logDir, GENERIC_TIMEZONE: TIMEZONE },
		});
		try {
			// The committed files, unchanged, the way self-hosters import them: `n8n import:workflow`.
			cliImport = await instance.cli(['import:workflow', '--separate', `--input=${examplesDir}`]);
			const { readyMs } = await instance.start();
			const session = await N8nRestSession.setupOwner(instance.baseUrl);
			n8n = { instance, session, api: new PublicApi(instance.baseUrl, await session.createApiKey()), times: { readyMs, launchMs: 0 } };
		} catch (error) {
			await instance.dispose();
			throw error;
		}
		timings.push(`n8n ready ${n8n.times.readyMs} ms`);
		const { api } = n8n;

		// Credentials named as the examples' placeholders: n8n links them by name and type.
		await api.createCredential({ name: CREDENTIAL_NAMES.redoxWebhookApi, type: 'redoxWebhookApi', data: { verificationToken: TOKEN } });
		await api.createCredential({
			name: CREDENTIAL_NAMES.smtp,
			type: 'smtp',
			data: { user: '', password: '', host: '127.0.0.1', port: smtp().port, secure: false, disableStartTls: true },
		});
		await api.createCredential({ name: CREDENTIAL_NAMES.slackApi, type: 'slackApi', data: { accessToken: 'xoxb-not-a-real-token' } });
		await api.createCredential({
			name: CREDENTIAL_NAMES.googleSheetsOAuth2Api,
			type: 'googleSheetsOAuth2Api',
			data: { clientId: 'not-a-real-client.apps.googleusercontent.com', clientSecret: 'not-a-real-secret' },
		});
		// Never used here (the lightweight example runs in fetch-details.e2e.test.ts): nothing listens there.
		await api.createCredential({
			name: CREDENTIAL_NAMES.redoxApi,
			type: 'redoxApi',
			data: {
				baseUrl: 'http://127.0.0.1:9',
				organization: 'redox-fhir-sandbox',
				environment: 'Development',
				clientId: 'not-a-real-client',
				algorithm: 'HS384',
				keyId: '',
				privateKey: '',
				clientSecret: 'not-a-real-secret',
			},
		});

		for (const name of EXAMPLE_NAMES) {
			const workflow = adaptExample(loadExample(name), {
				slackWebhookUrl: http().slackWebhookUrl,
				logFolder: logDir,
			});
			const { id } = await api.createWorkflow(workflow as unknown as WorkflowInput);
			await api.publishWorkflow(id);
			const url = instance.webhookUrl(webhookPath(workflow));
			deployed.set(name, { id, url, workflow });
			expectedCounts.set(id, 0);
		}
		await Promise.all([...deployed.values()].map((d) => waitForWebhook(d.url, ['POST', 'GET'])));
		timings.push(`set-up total ${Date.now() - began} ms`);
		console.log(timings.join(', '));
	}, 20 * 60_000);

	afterAll(async () => {
		closeConnections();
		await n8n?.instance.dispose();
		await Promise.all([mail?.close(), receiver?.close()]);
		for (const dir of [tarballDir, logDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	/** Sends a fixture (with a fresh MessageHeader id) to an example's production URL, as Redox does. */
	async function send(name: ExampleName, fixture: ValidFixture): Promise<{ response: HttpResponse; messageId: string }> {
		sent += 1;
		const { bundle, messageId } = uniqueNotification(fixture, `examples-${sent}-${randomBytes(4).toString('hex')}`);
		const response = await sendNotification(example(name).url, bundle, { token: TOKEN });
		return { response, messageId };
	}

	/** Waits for `added` more executions of the example (and no others); returns the new ones with data. */
	async function newExecutions(name: ExampleName, added: number): Promise<Execution[]> {
		const { id } = example(name);
		const count = (expectedCounts.get(id) ?? 0) + added;
		expectedCounts.set(id, count);
		const all = await waitForExecutions(launched().api, id, count, { includeData: added > 0, settleMs: 300 });
		return all.slice(count - added);
	}

	/** The one item the trigger emitted, whichever output it left by ("Separate Output per Event"). */
	function triggerItem(execution: Execution): Record<string, unknown> {
		const outputs = execution.data?.resultData?.runData?.[REDOX_NODE_NAME]?.[0]?.data?.main ?? [];
		const items = outputs.flatMap((output) => output ?? []);
		expect(items).toHaveLength(1);
		return items[0].json;
	}

	/** The trigger's item carries the contract's fields, as the fixture's expected result says. */
	function expectContractFields(item: Record<string, unknown>, fixture: ValidFixture, messageId: string): void {
		const expected = expectedResult(fixture, 'detailed');
		for (const [key, value] of Object.entries(expected)) {
			if (key === 'messageId') expect(item.messageId).toBe(messageId);
			else if (key === 'bundleId') expect(String(item.bundleId)).toContain(String(value));
			else if (key === 'appointmentStartText') expect(typeof item[key]).toBe(value === null ? 'object' : 'string');
			else expect({ key, value: item[key] }).toEqual({ key, value });
		}
	}

	function expectSuccess(executions: Execution[]): void {
		for (const execution of executions) {
			expect({ id: execution.id, status: execution.status, error: execution.data?.resultData?.error?.message }).toEqual({
				id: execution.id,
				status: 'success',
				error: undefined,
			});
		}
	}

	it('imports every committed file unchanged with `n8n import:workflow`', async () => {
		expect(cliImport).toMatch(/Successfully imported 6 workflows/);
		for (const name of EXAMPLE_NAMES) {
			const file = loadExample(name);
			const stored = await launched().api.getWorkflow(String(file.id));
			expect({ name, stored: stored.name, nodes: stored.nodes.length }).toEqual({ name, stored: file.name, nodes: file.nodes.length });
		}
	});

	it('imports and publishes every example with the credentials linked by name', async () => {
		expect([...deployed.keys()].sort()).toEqual([...EXAMPLE_NAMES].sort());
		for (const [name, { id, workflow }] of deployed) {
			const stored = await launched().api.getWorkflow(id);
			expect({ name, active: stored.active }).toEqual({ name, active: true });
			// Every placeholder credential was replaced by the credential of the same name.
			for (const node of stored.nodes) {
				for (const [type, credential] of Object.entries(node.credentials ?? {})) {
					expect({ node: node.name, type, name: credential.name, placeholder: credential.id.startsWith('REPLACE') }).toEqual({
						node: node.name,
						type,
						name: CREDENTIAL_NAMES[type as keyof typeof CREDENTIAL_NAMES],
						placeholder: false,
					});
				}
			}
			expect(triggerNode(workflow).credentials?.redoxWebhookApi?.name).toBe('Redox Webhook');
		}
	});

	it('uses node types and versions n8n 2.41.1 ships, with parameters those versions know', async () => {
		for (const name of EXAMPLE_NAMES) {
			const nodes = loadExample(name).nodes;
			// The editor's own lookup (POST /rest/node-types): one description per node, in order.
			const descriptions = await launched().session.request<
				Array<{ name: string; version: number | number[]; properties: Array<{ name: string }> }>
			>('POST', '/node-types', { nodeInfos: nodes.map((n) => ({ name: n.type, version: n.typeVersion })) });
			expect(descriptions).toHaveLength(nodes.length);
			for (const [index, node] of nodes.entries()) {
				const description = descriptions[index];
				const versions = Array.isArray(description.version) ? description.version : [description.version];
				const sameType = description.name === node.type || description.name === node.type.split('.')[1];
				const known = sameType && versions.includes(node.typeVersion) ? description : undefined;
				const propertyNames = new Set(known?.properties.map((p) => p.name));
				const unknownParameters = Object.keys(node.parameters).filter((key) => !propertyNames.has(key));
				expect({ example: name, node: node.name, known: !!known, unknownParameters }).toEqual({
					example: name,
					node: node.name,
					known: true,
					unknownParameters: [],
				});
			}
		}
	});

	it('booked-email: mails the patient a confirmation with time, place and provider', async () => {
		const { response, messageId } = await send('booked-email', 'booked-detailed');
		expect({ status: response.status, body: response.json }).toEqual({ status: 200, body: { status: 'received' } });
		const [execution] = await newExecutions('booked-email', 1);
		expectSuccess([execution]);
		const item = triggerItem(execution);
		expectContractFields(item, 'booked-detailed', messageId);

		const [received] = await smtp().waitForMails(1);
		expect(received.envelopeTo).toEqual(['zelda.testpatient@example.com']);
		expect(received.to).toBe('zelda.testpatient@example.com');
		expect(received.from).toContain('appointments@example.com');
		const text = String(item.appointmentStartText);
		expect(text).toMatch(new RegExp(`^${TUE_DEC_1}$`));
		expect(received.subject).toBe(`Your appointment on ${text} at Northwind Internal Medicine with Dr. Orrin Fakedoc MD`);
		for (const part of [text, 'Northwind Internal Medicine', '500 Example Blvd, Suite 210, Madison, WI 53703', 'Dr. Orrin Fakedoc MD', 'Hello Zelda']) {
			expect(received.text).toContain(part);
		}
		expect(received.text).toContain('Please arrive 15 minutes early and bring your medication list.');
		expect(received.text).not.toContain('This email was sent automatically with n8n');
	});

	it('booked-email: the cancellation output mails a cancellation with the reason', async () => {
		const { response, messageId } = await send('booked-email', 'cancelled-detailed');
		expect(response.status).toBe(200);
		const [execution] = await newExecutions('booked-email', 1);
		expectSuccess([execution]);
		expectContractFields(triggerItem(execution), 'cancelled-detailed', messageId);
		// The cancelled notification left the trigger by its second output.
		const outputs = execution.data?.resultData?.runData?.[REDOX_NODE_NAME]?.[0]?.data?.main ?? [];
		expect(outputs.map((o) => o?.length ?? 0)).toEqual([0, 1, 0]);

		const received = (await smtp().waitForMails(2))[1];
		expect(received.envelopeTo).toEqual(['rupert.examplar@example.com']);
		expect(received.subject).toMatch(/^Cancelled: your appointment on /);
		expect(received.subject).toMatch(new RegExp(MON_JUN_15));
		expect(received.subject).toContain('at Lakeside Orthopedics with Helena Placeholder, DO');
		expect(received.text).toContain('Reason: Patient');
	});

	it('booked-email: a notification without patient email sends nothing and does not fail', async () => {
		const { response } = await send('booked-email', 'booked-lightweight');
		expect(response.status).toBe(200);
		const [execution] = await newExecutions('booked-email', 1);
		expectSuccess([execution]);
		expect(nodeOutputItems(execution, 'Booked: patient has an email?')).toEqual([]);
		expect(smtp().mails).toHaveLength(2);
	});

	const slackPosts = (): ReceivedRequest[] => http().requests.filter((r) => r.method === 'POST' && r.path === SLACK_WEBHOOK_PATH);

	it('front-desk-slack-webhook: posts the cancellation in Slack format', async () => {
		const { response } = await send('front-desk-slack-webhook', 'cancelled-detailed');
		expect(response.status).toBe(200);
		expectSuccess(await newExecutions('front-desk-slack-webhook', 1));
		const [post] = await http().waitForRequests((r) => r.method === 'POST' && r.path === SLACK_WEBHOOK_PATH, 1);
		expect(post.headers['content-type']).toMatch(/^application\/json/);
		const body = post.json as { text: string; blocks: Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ text: string }> }> };
		expect(Object.keys(body).sort()).toEqual(['blocks', 'text']);
		expect(body.text).toMatch(/^:x: \*Cancelled\*: Rupert T\. Examplar Jr\. \(MRN 0000555456\)\n/);
		expect(body.text).toMatch(new RegExp(`\\nWhen: ${MON_JUN_15}\\n`));
		expect(body.text).toContain('Where: Lakeside Orthopedics');
		expect(body.text).toContain('With: Helena Placeholder, DO');
		expect(body.text).toContain('Reason: Patient');
		expect(body.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: body.text } });
		expect(body.blocks[1].type).toBe('context');
		expect(body.blocks[1].elements?.[0].text).toContain('apt-ortho-330918');
	});

	it('front-desk-slack-webhook: a rescheduled appointment shows the old and the new time', async () => {
		const { response } = await send('front-desk-slack-webhook', 'updated-rescheduled-detailed');
		expect(response.status).toBe(200);
		expectSuccess(await newExecutions('front-desk-slack-webhook', 1));
		const posts = await http().waitForRequests((r) => r.method === 'POST' && r.path === SLACK_WEBHOOK_PATH, 2);
		const { text } = posts[1].json as { text: string };
		expect(text).toMatch(/^:arrows_counterclockwise: \*Rescheduled\*: Marigold Sampleton \(MRN 0000555789\)\n/);
		// previousStart 2026-12-01T14:30:00Z, formatted with luxon in the workflow's time zone.
		expect(text).toMatch(new RegExp(`\\nWas: ${TUE_DEC_1}\\n`));
		expect(text).toMatch(new RegExp(`\\nNow: ${THU_DEC_3}\\n`));
		expect(text).toContain('Where: Riverbend Pediatrics, Room 3');
		expect(text).toContain('With: Dr. Ingrid M. Notreal');
	});

	it('front-desk-slack-webhook: a booked appointment is not for the front desk (ignored, nothing posted)', async () => {
		const { response } = await send('front-desk-slack-webhook', 'booked-detailed');
		expect(response.status).toBe(200);
		expect((response.json as { status: string }).status).toBe('ignored');
		await newExecutions('front-desk-slack-webhook', 0);
		expect(slackPosts()).toHaveLength(2);
	});

	it('scheduling-log-file: writes one CSV file per event, read back with a CSV parser', async () => {
		const fixtures: ValidFixture[] = ['booked-detailed', 'cancelled-detailed', 'updated-rescheduled-detailed'];
		const messageIds: string[] = [];
		for (const fixture of fixtures) {
			const { response, messageId } = await send('scheduling-log-file', fixture);
			expect(response.status).toBe(200);
			messageIds.push(messageId);
		}
		const executions = await newExecutions('scheduling-log-file', 3);
		expectSuccess(executions);

		const files = fs.readdirSync(logDir as string).filter((f) => f.endsWith('.csv'));
		expect(files).toHaveLength(3);
		for (const file of files) expect(file).toMatch(/^\d{4}-\d{2}-\d{2}-\d{6}-(booked|cancelled|updated)-\d+\.csv$/);
		const rows: Array<Record<string, string>> = [];
		for (const file of files) {
			const records = await new Promise<Array<Record<string, string>>>((resolve, reject) =>
				parseCsv(fs.readFileSync(path.join(logDir as string, file)), { bom: true, columns: true }, (error, out) =>
					error ? reject(error) : resolve(out as Array<Record<string, string>>),
				),
			);
			expect(records).toHaveLength(1);
			rows.push(records[0]);
		}
		const byMessage = new Map(rows.map((row) => [row['Message ID'], row]));
		expect([...byMessage.keys()].sort()).toEqual([...messageIds].sort());

		const booked = byMessage.get(messageIds[0]);
		expect(booked).toMatchObject({
			Event: 'booked',
			'Appointment start': '2026-12-01T09:30:00-05:00',
			'Previous start': '',
			Status: 'booked',
			Type: 'Follow-up visit',
			Location: 'Northwind Internal Medicine',
			Provider: 'Dr. Orrin Fakedoc MD',
			Patient: 'Zelda Quinn Testpatient',
			MRN: '0000555123',
			'Cancellation reason': '',
			'Appointment ID': 'a7c4e1f2-3b5d-4c6e-8f90-1a2b3c4d5e61',
		});
		expect(Object.keys(booked ?? {})).toEqual([
			'Received', 'Event', 'Appointment start', 'Previous start', 'Status', 'Type', 'Location', 'Provider',
			'Patient', 'MRN', 'Cancellation reason', 'Appointment ID', 'Message ID',
		]);
		// When n8n received it, in the workflow's time zone, to the second.
		expect(booked?.Received).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[45]:00$/);
		expect(byMessage.get(messageIds[1])).toMatchObject({
			Event: 'cancelled',
			'Appointment start': '2026-06-15T11:15:00-04:00',
			Status: 'cancelled',
			Location: 'Lakeside Orthopedics',
			Provider: 'Helena Placeholder, DO',
			Patient: 'Rupert T. Examplar Jr.',
			'Cancellation reason': 'Patient',
		});
		expect(byMessage.get(messageIds[2])).toMatchObject({
			Event: 'updated (rescheduled)',
			'Appointment start': '2026-12-03T14:45:00-05:00',
			'Previous start': '2026-12-01T09:30:00-05:00',
			Location: 'Riverbend Pediatrics, Room 3',
			Patient: 'Marigold Sampleton',
		});
	});

	it('a wrong token and an invalid body start nothing and send no mail', async () => {
		const { bundle } = uniqueNotification('booked-detailed', `wrong-token-${randomBytes(4).toString('hex')}`);
		const wrong = await sendNotification(example('booked-email').url, bundle, { token: WRONG_TOKEN });
		expect(wrong.status).toBe(401);
		const none = await sendNotification(example('booked-email').url, bundle, { tokenIn: 'none' });
		expect(none.status).toBe(401);
		const invalid = await sendNotification(example('booked-email').url, readFixture('invalid/not-a-bundle.json'), { token: TOKEN });
		expect(invalid.status).toBe(400);
		const noHeader = await sendNotification(example('front-desk-slack-webhook').url, readFixture('invalid/no-message-header.json'), {
			token: TOKEN,
		});
		expect(noHeader.status).toBe(400);
		await Promise.all(RUN.map((name) => newExecutions(name, 0)));
		expect(smtp().mails).toHaveLength(2);
		expect(slackPosts()).toHaveLength(2);
	});

	it('the examples that talk to Slack, Google and the Redox API were published but never ran', async () => {
		await newExecutions('front-desk-slack', 0);
		await newExecutions('scheduling-sheet', 0);
		await newExecutions('lightweight-fhir-lookup', 0);
	});
});
