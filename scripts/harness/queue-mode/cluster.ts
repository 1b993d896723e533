/**
 * n8n 2.41.1 in queue mode on this machine, as users scale it out: a main process (production
 * webhooks off: `N8N_DISABLE_PRODUCTION_MAIN_PROCESS`), `n8n webhook` processes behind a
 * round-robin proxy (the load balancer), and `n8n worker` processes, all on the machine's
 * PostgreSQL (a fresh database per run) and Redis (unique `QUEUE_BULL_PREFIX` and
 * `N8N_REDIS_KEY_PREFIX` per run), with the packed package installed once into the shared user
 * folder as users install it. Every process is tracked and stopped by pid (processes.ts).
 *
 * Start-up: the main first (it runs the migrations), then every webhook process and worker at
 * once.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { E2E_ENCRYPTION_KEY } from '../instance';
import { launchN8n, type LaunchedN8n } from '../launch';
import { freePorts } from '../ports';
import { RoundRobinProxy } from './proxy';
import { QueueProcess } from './queue-process';
import { createDatabase, deleteRedisKeys, dropDatabase, POSTGRES, REDIS } from './services';

export interface QueueClusterOptions {
	/** The package tarball (packPackage), installed into the shared user folder. */
	tarball: string;
	webhookProcesses?: number;
	workers?: number;
	/** `n8n worker --concurrency` (default 10, n8n's default). */
	workerConcurrency?: number;
	/** Extra environment for every process (wins over the defaults). */
	env?: Record<string, string>;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** The proxy's retry of a refused connection on the next upstream (default `'connect'`). */
	proxyRetry?: 'connect' | 'none';
}

export interface QueueClusterTimes {
	mainReadyMs: number;
	/** From the main being ready to every webhook process and worker being ready. */
	restReadyMs: number;
	totalMs: number;
}

export class QueueCluster {
	private constructor(
		/** Everything of the run outside the main's user folder: logs, event logs. */
		readonly root: string,
		/** The run's id: database name and Redis key prefixes are made of it. */
		readonly runId: string,
		readonly main: LaunchedN8n,
		readonly webhooks: QueueProcess[],
		readonly workers: QueueProcess[],
		readonly proxy: RoundRobinProxy,
		readonly times: QueueClusterTimes,
	) {}

	/** The run's PostgreSQL database. */
	get database(): string {
		return `n8n_redox_${this.runId}`;
	}

	/** Every Redis key of the run starts with this (Bull's and n8n's prefixes). */
	get redisPrefix(): string {
		return redisPrefixOf(this.runId);
	}

	/** A production webhook URL through the proxy (round robin over the webhook processes). */
	webhookUrl(webhookPath: string): string {
		return `${this.proxy.baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
	}

	/** A production webhook URL of one webhook process, bypassing the proxy. */
	directWebhookUrl(index: number, webhookPath: string): string {
		return `${this.webhooks[index].baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`;
	}

	/** Every process (main, webhooks, workers) with its pid, for CPU and RSS readings. */
	pids(): Array<{ name: string; pid: number | undefined }> {
		return [
			{ name: 'main', pid: this.main.instance.pid },
			...[...this.webhooks, ...this.workers].map((p) => ({ name: p.name, pid: p.pid })),
		];
	}

	static async start(options: QueueClusterOptions): Promise<QueueCluster> {
		const began = Date.now();
		const runId = randomBytes(5).toString('hex');
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-redox-queue-'));
		const database = `n8n_redox_${runId}`;
		const prefix = redisPrefixOf(runId);
		const env: Record<string, string> = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: POSTGRES.host,
			DB_POSTGRESDB_PORT: String(POSTGRES.port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: POSTGRES.user,
			DB_POSTGRESDB_PASSWORD: '',
			QUEUE_BULL_REDIS_HOST: REDIS.host,
			QUEUE_BULL_REDIS_PORT: String(REDIS.port),
			QUEUE_BULL_PREFIX: `${prefix}bull`,
			N8N_REDIS_KEY_PREFIX: `${prefix}n8n`,
			EXECUTIONS_DATA_PRUNE: 'false',
			...options.env,
		};
		let main: LaunchedN8n | undefined;
		const started: QueueProcess[] = [];
		try {
			await createDatabase(database);
			main = await launchN8n({
				tarball: options.tarball,
				name: 'queue-main',
				logLevel: options.logLevel,
				env: {
					...env,
					N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
					N8N_EVENTBUS_LOGWRITER_LOGFULLPATH: path.join(root, 'main-events.log'),
				},
			});
			const mainReady = Date.now();
			const webhookCount = options.webhookProcesses ?? 2;
			const workerCount = options.workers ?? 2;
			const ports = await freePorts(2 * (webhookCount + workerCount));
			const common = {
				runtime: main.instance.runtime,
				userFolder: main.instance.userFolder,
				encryptionKey: E2E_ENCRYPTION_KEY,
				dir: root,
				env,
				logLevel: options.logLevel,
			};
			const webhooks = Array.from(
				{ length: webhookCount },
				(_, i) => new QueueProcess({ ...common, role: 'webhook', name: `webhook-${i + 1}`, port: ports[2 * i], brokerPort: ports[2 * i + 1] }),
			);
			const workers = Array.from({ length: workerCount }, (_, i) => {
				const at = 2 * (webhookCount + i);
				return new QueueProcess({
					...common,
					role: 'worker',
					name: `worker-${i + 1}`,
					port: ports[at],
					brokerPort: ports[at + 1],
					concurrency: options.workerConcurrency,
				});
			});
			started.push(...webhooks, ...workers);
			await Promise.all(started.map((p) => p.start()));
			const restReady = Date.now();
			const proxy = await RoundRobinProxy.start({ upstreams: webhooks.map((w) => w.baseUrl), retry: options.proxyRetry });
			return new QueueCluster(root, runId, main, webhooks, workers, proxy, {
				mainReadyMs: mainReady - began,
				restReadyMs: restReady - mainReady,
				totalMs: Date.now() - began,
			});
		} catch (error) {
			await Promise.all(started.map((p) => p.stop()));
			await main?.instance.dispose();
			await cleanUp(database, prefix, root);
			throw error;
		}
	}

	/** Stops everything (proxy, webhook processes, workers, main), drops the database and keys. */
	async stop(): Promise<void> {
		await this.proxy.close();
		await Promise.all([...this.webhooks, ...this.workers].map((p) => p.stop()));
		await this.main.instance.dispose();
		await cleanUp(this.database, this.redisPrefix, this.root);
	}

	/** The last lines of every process's log, for a failure message. */
	logTails(lines = 30): string {
		return [
			`--- main\n${this.main.instance.logTail(lines)}`,
			...[...this.webhooks, ...this.workers].map((p) => `--- ${p.name}\n${p.logTail(lines)}`),
		].join('\n');
	}
}

function redisPrefixOf(runId: string): string {
	return `n8n_redox_${runId}_`;
}

async function cleanUp(database: string, prefix: string, root: string): Promise<void> {
	await dropDatabase(database).catch(() => undefined);
	await deleteRedisKeys(prefix).catch(() => undefined);
	if (process.env.N8N_REDOX_E2E_KEEP === '1') console.error(`Kept queue-mode folder ${root}`);
	else fs.rmSync(root, { recursive: true, force: true });
}
