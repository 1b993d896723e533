/**
 * Queue-mode figures (not part of the test suite: it asserts nothing and prints figures).
 *
 *   npx jest -c test/e2e/jest.config.js --testMatch '**' test/e2e/queue-mode.bench.ts
 *
 * On one queue-mode set-up (harness/queue-mode): notifications per second and answer times for
 * 1 and 2 webhook processes × 1 and 2 workers (the proxy in front of the webhook processes in
 * use; the second worker stopped for the 1-worker rows), and the webhook processes' CPU per
 * notification with each duplicate memory: none, this process (static data saved per request),
 * Redis. Env: QUEUE_BENCH_COUNT (default 600 per row), QUEUE_BENCH_CONCURRENCY (16).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { cpuMsOf } from '../../bench/src/n8n/load';
import { closeConnections, packPackage, redoxWebhookPath, waitForWebhook } from './harness';
import { QueueCluster, REDIS, RoundRobinProxy, deleteRedisKeys } from './harness/queue-mode';
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

		const processMemory = await publish('process', {});
		const none = await publish('none', { deduplicate: false });
		const shared = await publish('redis', { duplicateMemory: 'redis' });
		// Warm-up: the first requests of a workflow load it and its credentials in every process.
		await run('warm-up', shared, 2);

		// Duplicate memories compared on the full set-up (2 webhook processes, 2 workers).
		await run('2 webhook, 2 workers, no duplicate memory', none, 2);
		await run('2 webhook, 2 workers, process memory (static data)', processMemory, 2);
		await run('2 webhook, 2 workers, Redis', shared, 2);

		// Scale-out rows, with the Redis store.
		await run('1 webhook, 2 workers, Redis', shared, 1);
		await cluster.workers[1].stop();
		await run('1 webhook, 1 worker, Redis', shared, 1);
		await run('2 webhook, 1 worker, Redis', shared, 2);
		await cluster.workers[1].start();
		await run('2 webhook, 2 workers, Redis (again)', shared, 2);
	} finally {
		closeConnections();
		await cluster.stop();
		for (const id of published) await deleteRedisKeys(`redox:dedup:${id}:`);
		fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	}
});

function round(value: number): number {
	return Math.round(value * 10) / 10;
}
