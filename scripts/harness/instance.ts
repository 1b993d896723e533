import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { WorkflowInput } from './api';
import { httpRequest } from './http';
import { headlessN8nEnv } from './n8n-env';
import { npmEnv } from './npm-env';
import { freePorts } from './ports';
import { runCommand, spawnTracked, stopTracked, type TrackedProcess } from './processes';
import { ensureRuntime, type N8nRuntime } from './runtime';
import { sleep } from './wait';

/**
 * Installs a package tarball the way users install community nodes by hand: a package.json in
 * `nodesDir` (`<userFolder>/.n8n/nodes`) and `npm install <tarball>`, without scripts, dev or peer
 * dependencies (n8n's own installer strips those too: n8n-workflow must come from n8n itself).
 */
export async function installTarball(nodesDir: string, tarball: string): Promise<void> {
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	}
	await runCommand(
		'npm',
		['install', tarball, '--ignore-scripts', '--legacy-peer-deps', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: nodesDir, env: npmEnv(), timeoutMs: 5 * 60_000 },
	);
}

/**
 * Polls `readinessUrl` (an n8n `/healthz/readiness`) until it answers 200; throws when `child`
 * exits first or after `timeoutMs` (the caller stops it then). `logTail` goes into the error.
 */
export async function waitUntilReady(
	child: TrackedProcess,
	readinessUrl: string,
	started: number,
	timeoutMs = 120_000,
	logTail: () => string = () => '',
): Promise<StartTimes> {
	const deadline = started + timeoutMs;
	while (Date.now() < deadline) {
		if (child.hasExited()) {
			throw new Error(`${child.name} exited during start-up (${await child.exited}). Log tail:\n${logTail()}`);
		}
		try {
			const response = await httpRequest(readinessUrl, { timeoutMs: 2_000 });
			if (response.status === 200) return { readyMs: Date.now() - started };
		} catch {
			// not listening yet
		}
		await sleep(100);
	}
	throw new Error(`${child.name} was not ready within ${timeoutMs} ms. Log tail:\n${logTail()}`);
}

/** Fixed, so that a restarted instance (same user folder) can decrypt its credentials. */
export const E2E_ENCRYPTION_KEY = 'n8n-nodes-redox-e2e-encryption-key-0001';

export interface N8nInstanceOptions {
	/** A package tarball (see packPackage) to install into `<userFolder>/.n8n/nodes` as users do. */
	tarball?: string;
	/** Extra environment for n8n (wins over the harness defaults). */
	env?: Record<string, string>;
	/** N8N_LOG_LEVEL (default `info`). */
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** A label used in temp folder names and messages. */
	name?: string;
	/** How long to wait for /healthz/readiness (default 120 s). */
	readinessTimeoutMs?: number;
}

export interface StartTimes {
	/** From spawning n8n to /healthz/readiness answering 200. */
	readyMs: number;
}

/**
 * One real n8n process with its own temporary user folder, log file and ports. Created stopped;
 * `start()` it, `stop()` or `restart()` it (same folder, same database), `dispose()` it in afterAll.
 */
export class N8nInstance {
	/** The log file (n8n's stdout and stderr), for tests to grep. */
	readonly logFile: string;
	readonly baseUrl: string;
	private process: TrackedProcess | undefined;
	private disposed = false;

	private constructor(
		readonly runtime: N8nRuntime,
		/** The temp folder holding everything of this instance. */
		readonly root: string,
		/** N8N_USER_FOLDER: n8n keeps its data in `<userFolder>/.n8n`. */
		readonly userFolder: string,
		readonly port: number,
		readonly brokerPort: number,
		private readonly options: N8nInstanceOptions,
	) {
		this.logFile = path.join(root, 'n8n.log');
		this.baseUrl = `http://127.0.0.1:${port}`;
	}

	/** Prepares an instance (runtime installed, folder made, tarball installed, ports picked). */
	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const runtime = await ensureRuntime();
		const label = (options.name ?? 'n8n').replace(/[^a-z0-9-]+/gi, '-');
		const root = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-redox-e2e-${label}-`));
		const userFolder = path.join(root, 'home');
		fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
		const [port, brokerPort] = await freePorts(2);
		const instance = new N8nInstance(runtime, root, userFolder, port, brokerPort, options);
		try {
			if (options.tarball) await instance.installPackage(options.tarball);
		} catch (error) {
			fs.rmSync(root, { recursive: true, force: true });
			throw error;
		}
		return instance;
	}

	/** `<userFolder>/.n8n/nodes`, where n8n looks for community packages at start-up. */
	get nodesDir(): string {
		return path.join(this.userFolder, '.n8n', 'nodes');
	}

	/** The production URL of a webhook path: `<base>/webhook/<path>`. */
	webhookUrl(webhookPath: string): string {
		return `${this.baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
	}

	/** Installs a package tarball into this instance's user folder (see `installTarball`). */
	async installPackage(tarball: string): Promise<void> {
		await installTarball(this.nodesDir, tarball);
	}

	/** The environment n8n runs with. */
	env(): NodeJS.ProcessEnv {
		return headlessN8nEnv({
			nodeBin: this.runtime.nodeBin,
			userFolder: this.userFolder,
			encryptionKey: E2E_ENCRYPTION_KEY,
			port: this.port,
			brokerPort: this.brokerPort,
			logLevel: this.options.logLevel,
			extra: this.options.env,
		});
	}

	/** Runs an n8n CLI command (`import:credentials`, `publish:workflow`, ...) while stopped. */
	async cli(args: readonly string[]): Promise<string> {
		if (this.isRunning()) throw new Error('Stop n8n before running CLI commands on its database');
		const { stdout } = await runCommand(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			cwd: this.root,
			env: this.env(),
			timeoutMs: 3 * 60_000,
		});
		return stdout;
	}

	/**
	 * Imports credentials with the CLI (`n8n import:credentials`) while stopped: plain `data`,
	 * encrypted by n8n on import. The temporary input file is removed at once.
	 */
	async importCredentials(credentials: ReadonlyArray<{ id: string; name: string; type: string; data: Record<string, unknown> }>): Promise<void> {
		await this.importWithCli('import:credentials', credentials);
	}

	/** Imports workflows with the CLI (`n8n import:workflow`) while stopped; give each an `id`. */
	async importWorkflows(workflows: ReadonlyArray<WorkflowInput & { id: string }>): Promise<void> {
		await this.importWithCli('import:workflow', workflows);
	}

	/** Publishes an imported workflow with the CLI (`n8n publish:workflow`) while stopped. */
	async publishWorkflowWithCli(id: string): Promise<void> {
		await this.cli(['publish:workflow', `--id=${id}`]);
	}

	private async importWithCli(command: string, entities: readonly unknown[]): Promise<void> {
		const file = path.join(this.root, `${command.replace(':', '-')}-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(entities), { mode: 0o600 });
		try {
			await this.cli([command, `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	isRunning(): boolean {
		return this.process !== undefined && !this.process.hasExited();
	}

	/** The tracked n8n process's pid while it runs (its task runners are in its process group). */
	get pid(): number | undefined {
		return this.isRunning() ? this.process?.pid : undefined;
	}

	/** Starts n8n and waits until /healthz/readiness answers 200. */
	async start(): Promise<StartTimes> {
		if (this.disposed) throw new Error('This n8n instance was disposed');
		if (this.isRunning()) throw new Error('n8n is already running');
		const started = Date.now();
		const log = fs.openSync(this.logFile, 'a');
		fs.writeSync(log, `\n===== n8n start ${new Date().toISOString()} (port ${this.port}) =====\n`);
		try {
			this.process = spawnTracked(`n8n:${this.port}`, this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
				cwd: this.root,
				env: this.env(),
				stdio: ['ignore', log, log],
			});
		} finally {
			fs.closeSync(log);
		}
		try {
			return await waitUntilReady(this.process, `${this.baseUrl}/healthz/readiness`, started, this.options.readinessTimeoutMs, () => this.logTail());
		} catch (error) {
			await this.stop();
			throw error;
		}
	}

	/** Stops n8n: SIGTERM, then SIGKILL of its process group after `graceMs`. */
	async stop(graceMs = 20_000): Promise<void> {
		const child = this.process;
		this.process = undefined;
		if (child) await stopTracked(child, graceMs);
	}

	/** Stops and starts again with the same user folder, database and ports. */
	async restart(): Promise<StartTimes> {
		await this.stop();
		return await this.start();
	}

	/** Stops n8n and removes the temp folder (kept when N8N_REDOX_E2E_KEEP=1, for debugging). */
	async dispose(): Promise<void> {
		if (this.disposed) return;
		this.disposed = true;
		await this.stop();
		if (process.env.N8N_REDOX_E2E_KEEP === '1') {
			console.error(`Kept n8n folder ${this.root}`);
		} else {
			fs.rmSync(this.root, { recursive: true, force: true });
		}
	}

	/** n8n's whole log so far. */
	readLog(): string {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	/**
	 * Files of this instance (user folder: database, WAL, event log; and the log file) whose bytes
	 * contain `needle`, relative to the temp folder. For checks that a secret is stored nowhere in
	 * plain text.
	 */
	filesContaining(needle: string): string[] {
		const wanted = Buffer.from(needle);
		const found: string[] = [];
		const walk = (dir: string): void => {
			for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) {
					// The installed package is code, not data.
					if (full !== path.join(this.nodesDir, 'node_modules')) walk(full);
				} else if (entry.isFile() && fs.readFileSync(full).includes(wanted)) {
					found.push(path.relative(this.root, full));
				}
			}
		};
		walk(this.root);
		return found;
	}

	/** The last lines of n8n's log, for error messages. */
	logTail(lines = 60): string {
		return this.readLog().split('\n').slice(-lines).join('\n');
	}
}
