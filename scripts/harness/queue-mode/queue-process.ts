/**
 * One `n8n webhook` or `n8n worker` process of a queue-mode set-up, sharing the main's user
 * folder (and so its installed package and encryption key) and database.
 *
 * Each gets its own ports (HTTP or health check, task broker), its own event-log file, and its
 * own hostname: n8n 2.41.1 takes this machine for a container and names every process
 * `<type>-<hostname>`, so two workers with one hostname would share one host id (it tags their
 * pub/sub messages and registry entries). `unshare --uts` gives each a UTS namespace of its own
 * and sets its hostname there; unshare and `sh` exec, so the tracked pid is n8n's own.
 */
import fs from 'node:fs';
import path from 'node:path';

import { waitUntilReady, type StartTimes } from '../instance';
import { headlessN8nEnv } from '../n8n-env';
import { spawnTracked, stopTracked, type TrackedProcess } from '../processes';
import type { N8nRuntime } from '../runtime';

export type QueueRole = 'webhook' | 'worker';

export interface QueueProcessSettings {
	runtime: N8nRuntime;
	role: QueueRole;
	/** `webhook-1`, `worker-2`: the hostname and the label in file names. */
	name: string;
	/** The main's N8N_USER_FOLDER (package installed there). */
	userFolder: string;
	encryptionKey: string;
	/** Where this process's log and event log go. */
	dir: string;
	/** Webhook processes: the HTTP port; workers: the health-check port. */
	port: number;
	brokerPort: number;
	/** The queue-mode environment shared by every process of the set-up. */
	env: Record<string, string>;
	/** Workers: `--concurrency`. */
	concurrency?: number;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

/** Whether this process may create UTS namespaces (root, as on the project's machines and CI). */
function canUnshare(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0 && fs.existsSync('/usr/bin/unshare');
}

export class QueueProcess {
	readonly logFile: string;
	readonly baseUrl: string;
	private process: TrackedProcess | undefined;

	constructor(private readonly settings: QueueProcessSettings) {
		this.logFile = path.join(settings.dir, `${settings.name}.log`);
		this.baseUrl = `http://127.0.0.1:${settings.port}`;
	}

	get name(): string {
		return this.settings.name;
	}

	get role(): QueueRole {
		return this.settings.role;
	}

	/** The tracked process's pid (n8n itself; its task runners are in its process group). */
	get pid(): number | undefined {
		return this.isRunning() ? this.process?.pid : undefined;
	}

	isRunning(): boolean {
		return this.process !== undefined && !this.process.hasExited();
	}

	env(): NodeJS.ProcessEnv {
		const { settings } = this;
		return headlessN8nEnv({
			nodeBin: settings.runtime.nodeBin,
			userFolder: settings.userFolder,
			encryptionKey: settings.encryptionKey,
			port: settings.port,
			brokerPort: settings.brokerPort,
			logLevel: settings.logLevel,
			extra: {
				...settings.env,
				N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: path.join(settings.dir, `${settings.name}-events.log`),
				...(settings.role === 'worker'
					? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(settings.port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
					: {}),
			},
		});
	}

	private command(): { command: string; args: string[] } {
		const { runtime, role, name, concurrency } = this.settings;
		const n8n = [runtime.nodeBin, runtime.n8nBin, role, ...(role === 'worker' ? [`--concurrency=${concurrency ?? 10}`] : [])];
		if (!canUnshare()) return { command: n8n[0], args: n8n.slice(1) };
		return { command: 'unshare', args: ['--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', `n8n-${name}`, ...n8n] };
	}

	/** Starts the process and waits for its `/healthz/readiness`. */
	async start(readinessTimeoutMs = 120_000): Promise<StartTimes> {
		if (this.isRunning()) throw new Error(`${this.name} is already running`);
		const started = Date.now();
		const log = fs.openSync(this.logFile, 'a');
		fs.writeSync(log, `\n===== n8n ${this.role} start ${new Date().toISOString()} (port ${this.settings.port}) =====\n`);
		const { command, args } = this.command();
		try {
			this.process = spawnTracked(`n8n-${this.name}`, command, args, { cwd: this.settings.dir, env: this.env(), stdio: ['ignore', log, log] });
		} finally {
			fs.closeSync(log);
		}
		try {
			return await waitUntilReady(this.process, `${this.baseUrl}/healthz/readiness`, started, readinessTimeoutMs, () => this.logTail());
		} catch (error) {
			await this.stop();
			throw error;
		}
	}

	/** Graceful stop (SIGTERM, SIGKILL of the group after `graceMs`). */
	async stop(graceMs = 20_000): Promise<void> {
		const child = this.process;
		this.process = undefined;
		if (child) await stopTracked(child, graceMs);
	}

	/** SIGKILL of the whole process group (n8n and its task runners), as the OOM killer would. */
	async kill(): Promise<void> {
		const child = this.process;
		if (!child || child.hasExited()) return;
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// already gone
		}
		await this.stop(0);
	}

	readLog(): string {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	logTail(lines = 60): string {
		return this.readLog().split('\n').slice(-lines).join('\n');
	}
}
