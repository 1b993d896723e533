/**
 * Queue-mode figures (not part of the test suite: it asserts nothing and prints figures).
 *
 *   (the command is under this comment: its glob would end the comment)
 *
 * On one queue-mode set-up (harness/queue-mode): notifications per second and answer times for
 * 1 and 2 webhook processes × 1 and 2 workers (the proxy in front of the webhook processes in
 * use; the second worker stopped for the 1-worker rows), and the webhook processes' CPU per
 * notification with each duplicate memory: none, this process (static data saved per request),
 * Redis. Env: QUEUE_BENCH_COUNT (default 600 per row), QUEUE_BENCH_CONCURRENCY (16).
 */
//   npx jest -c test/e2e/jest.config.js --testMatch '**/test/e2e/queue-mode.bench.ts'
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { cpuMsOf } from '../../bench/src/n8n/load';
import { ProcessMemoryStore } from '../../nodes/delivery/dedup/process-memory-store';
import { RedisConnection } from '../../nodes/delivery/dedup/redis/redis-connection';
import { RedisDeliveryStore } from '../../nodes/delivery/dedup/redis-delivery-store';
import { LOCAL_REDIS } from '../helpers/redis';
import { closeConnections, packPackage, redoxWebhookPath, waitForWebhook } from '../../scripts/harness';
import { QueueCluster, REDIS, RoundRobinProxy, deleteRedisKeys } from '../../scripts/harness/queue-mode';
import { settledRuns } from './queue-mode/executions';
import { items, sendAll, wasAccepted } from './queue-mode/scenarios';
import { latencySummary } from './reliability/load';
import { createRedoxCredential, redoxFlow, report } from './reliability/setup';

const COUNT = Number(process.env.QUEUE_BENCH_COUNT ?? 600);
const CONCURRENCY = Number(process.env.QUEUE_BENCH_CONCURRENCY ?? 16);
const TOKEN = `queue-bench-${randomBytes(16).toString('hex')}`;

jest.setTimeout(30 * 60_000);

it('queue-mode figures', async () => {
	const tarball = await packPackage();
	const cluster = await QueueCluster.start({ tarball, env: { N8N_EXPRESSION_ENGINE: process.env.RELIABILITY_EXPRESSION_ENGINE ?? 'legacy' } });
	const published: string[] = [];
	try {
		const credential = await createRedoxCredential(cluster.main, TOKEN);
		const redis = await cluster.main.api.createCredential({
			name: 'Redis',
			type: 'redoxDuplicateStoreRedisApi',
			data: { host: REDIS.host, port: REDIS.port, database: 0, user: '', password: '', ssl: false },
		});
		const publish = async (name: string, options: Record<string, unknown>) => {
			const webhookId = `bench-${name}-${randomBytes(4).toString('hex')}`;
			const flow = redoxFlow({ name, webhookId, credential, parameters: { options } });
			flow.nodes[0].credentials = { ...flow.nodes[0].credentials, redoxDuplicateStoreRedisApi: { id: redis.id, name: redis.name } };
			const { id } = await cluster.main.api.createWorkflow(flow);
			published.push(id);
			await cluster.main.api.publishWorkflow(id);
			const webhookPath = redoxWebhookPath(webhookId);
			await Promise.all(cluster.webhooks.map((_, i) => waitForWebhook(cluster.directWebhookUrl(i, webhookPath), ['POST'])));
			return { id, webhookPath };
		};
		const webhookCpu = () => cluster.webhooks.reduce((sum, w) => sum + (w.pid ? cpuMsOf(w.pid) : 0), 0);
		const workerCpu = () => cluster.workers.reduce((sum, w) => sum + (w.pid ? cpuMsOf(w.pid) : 0), 0);

		const run = async (label: string, workflow: { id: string; webhookPath: string }, webhookCount: number) => {
			const proxy = await RoundRobinProxy.start({ upstreams: cluster.webhooks.slice(0, webhookCount).map((w) => w.baseUrl) });
			try {
				const list = items(`${label}-${randomBytes(3).toString('hex')}`, COUNT);
				const url = `${proxy.baseUrl}/webhook/${workflow.webhookPath}`;
				const [webhookBefore, workerBefore, mainBefore] = [webhookCpu(), workerCpu(), cpuMsOf(cluster.main.instance.pid ?? 0)];
				const began = Date.now();
				const outcomes = await sendAll(url, TOKEN, list, CONCURRENCY, Date.now() + 10 * 60_000);
				const answeredMs = Date.now() - began;
				const { runs } = await settledRuns(cluster.main.api, workflow.id, list.filter(wasAccepted).length, { quietMs: 1_000 });
				const executions = await cluster.main.api.listAllExecutions(workflow.id);
				if (executions.length !== runs.length) throw new Error('executions changed while reading');
				const stopped = executions.map((e) => Date.parse(e.stoppedAt ?? '')).filter(Number.isFinite);
				const doneMs = Math.max(...stopped) - began;
				const latency = latencySummary(outcomes);
				const figures = {
					notifications: COUNT,
					accepted: list.filter(wasAccepted).length,
					executions: runs.length,
					answeredPerSecond: round((COUNT / answeredMs) * 1000),
					executedPerSecond: round((runs.length / doneMs) * 1000),
					p50: round(latency.p50),
					p99: round(latency.p99),
					webhookCpuMsPerNotification: round((webhookCpu() - webhookBefore) / COUNT),
					workerCpuMsPerExecution: round((workerCpu() - workerBefore) / Math.max(1, runs.length)),
					mainCpuMsPerNotification: round((cpuMsOf(cluster.main.instance.pid ?? 0) - mainBefore) / COUNT),
				};
				report(`queue bench ${label}`, figures);
				return figures;
			} finally {
				await proxy.close();
			}
		};

		// A fresh workflow per row: each row's executions are its own.
		const memories: Array<[string, Record<string, unknown>]> = [
			['no duplicate memory', { deduplicate: false }],
			['process memory (static data)', {}],
			['Redis', { duplicateMemory: 'redis' }],
		];
		// Warm-up: the first requests of a workflow's kind load code and credentials in every process.
		for (const [name, options] of memories) await run(`warm-up, ${name}`, await publish('warm-up', options), 2);

		// Duplicate memories compared on the full set-up (2 webhook processes, 2 workers), twice, interleaved.
		for (const round of [1, 2]) {
			for (const [name, options] of memories) await run(`2 webhook, 2 workers, ${name} (${round})`, await publish(name.split(' ')[0], options), 2);
		}

		// Scale-out rows, with the Redis store.
		const redisStore = { duplicateMemory: 'redis' };
		await run('1 webhook, 2 workers, Redis', await publish('1w2k', redisStore), 1);
		await cluster.workers[1].stop();
		await run('1 webhook, 1 worker, Redis', await publish('1w1k', redisStore), 1);
		await run('2 webhook, 1 worker, Redis', await publish('2w1k', redisStore), 2);
		await cluster.workers[1].start();
		await run('2 webhook, 2 workers, Redis (again)', await publish('2w2k', redisStore), 2);
	} finally {
		closeConnections();
		await cluster.stop();
		for (const id of published) await deleteRedisKeys(`redox:dedup:${id}:`);
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
});

it('duplicate memory: CPU per notification in one process (claim + settle)', async () => {
	const N = 5_000;
	const prefix = `redox_bench_${randomBytes(4).toString('hex')}_`;
	const connection = await RedisConnection.open(LOCAL_REDIS, 2_000);
	const settings = { prefix, windowMs: 60_000, pendingTtlMs: 30_000, orphanedClaimMs: 30_000, runningTtlMs: 60_000, commandTimeoutMs: 2_000, pollMs: 50 };
	const measure = async (label: string, concurrency: number, one: (i: number) => Promise<void>) => {
		const cpu = process.cpuUsage();
		const began = performance.now();
		let next = 0;
		await Promise.all(Array.from({ length: concurrency }, async () => {
			while (next < N) await one((next += 1));
		}));
		const used = process.cpuUsage(cpu);
		report(`duplicate memory ${label}`, {
			notifications: N,
			concurrency,
			cpuMicrosecondsPerNotification: round((used.user + used.system) / N),
			wallMicrosecondsPerNotification: round(((performance.now() - began) * 1000) / N),
		});
	};
	try {
		for (const concurrency of [1, 16]) {
			await measure(`Redis store, concurrency ${concurrency}`, concurrency, async (i) => {
				const store = new RedisDeliveryStore(async () => connection, settings);
				const key = `c${concurrency}-${i}`;
				await store.claim(key, Date.now());
				await store.settle(key, 'accepted');
			});
		}
		// Today's default: the process memory, plus the static data n8n serialises and writes with
		// every request (500 ids); the database write itself is not in this figure.
		const staticData = {};
		await measure('process memory + static data serialised', 1, async (i) => {
			const store = new ProcessMemoryStore('bench', staticData, Date.now());
			const key = `message:${randomBytes(16).toString('hex')}-${i}`;
			await store.claim(key, Date.now());
			await store.settle(key, 'accepted');
			JSON.stringify(staticData);
		});
	} finally {
		connection.close();
		await deleteRedisKeys(prefix);
	}
});

function round(value: number): number {
	return Math.round(value * 10) / 10;
}
