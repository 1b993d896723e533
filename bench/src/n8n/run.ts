/**
 * Part 4, on a real n8n: one instance (n8n 2.41.1 on Node 24 from the cache, our packed tarball
 * installed as users install it, default settings: default expression engine, executions saved),
 * one client (autocannon), one run. The workflows of workflows.ts take turns in rounds (the order
 * rotates each round), so each ratio compares runs made minutes apart on the same process.
 *
 * Executions per second of a run = notifications accepted / (time from the first request until
 * the last of its executions stopped): n8n answers at once (before the workflow has run), so the
 * executions still running when the client stops are waited for and counted in.
 */
import { execFileSync } from 'child_process';
import { readFileSync, rmSync } from 'fs';
import { connect } from 'net';
import { dirname, join } from 'path';
import { isDeepStrictEqual } from 'util';

import { loadParser } from '../paths';
import { status, type Row } from '../report';
import { summarise, type Summary } from '../stats';
import { loadHarness, type Harness, type LaunchedN8n, type PublicApi } from './harness';
import { cpuMsOf, findN8nPid, memoryOf, notificationBodies, runLoad, type LoadResult } from './load';
import { benchWorkflows, CODE_NODE_NAME, runCodeNodeLocally, TIMEZONE, WORKFLOW_LABELS, type BenchWorkflow } from './workflows';

export interface RunRecord {
	round: number;
	workflow: string;
	load: LoadResult;
	executionsPerSecond: number;
	/** From the client's last answer to the last execution stopping. */
	drainMs: number;
	/** CPU time of n8n's process group during the run (first request → drained), per accepted notification. */
	cpuMsPerExecution?: number;
}

export interface N8nResult {
	environment: string;
	settings: Record<string, unknown>;
	checks: Record<string, { compared: number; equal: number; differences: string[] }>;
	runs: RunRecord[];
	ratios: Record<string, Summary>;
	memory: {
		idle: { mainRss: number; groupRss: number };
		beforeSoak: { mainRss: number; groupRss: number };
		afterSoak: { mainRss: number; groupRss: number };
		soakNotifications: number;
		soak: LoadResult & { executionsPerSecond: number };
	};
	launchMs: number;
	/**
	 * Full runs: the same workflows on a second instance started with
	 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (no soak), reported beside the defaults, no targets.
	 */
	lazyAcquire?: Omit<N8nResult, 'lazyAcquire'>;
}

/** The n8n setting that lets an execution or webhook that evaluates no expression skip the isolate. */
export const LAZY_ACQUIRE_ENV = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

const TOKEN = 'bench-verification-token-0001';
const UNFINISHED_POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ExecutionPage {
	data: Array<{ id: string; status: string; stoppedAt: string | null; startedAt: string | null }>;
}

async function executionsPage(api: PublicApi, query: string): Promise<ExecutionPage['data']> {
	const response = await api.call('GET', `/executions?${query}`);
	if (response.status !== 200) throw new Error(`GET /executions?${query} answered ${response.status}: ${response.text.slice(0, 500)}`);
	return (response.json as ExecutionPage).data;
}

/** Waits until the workflow has no running execution; returns when the last one stopped. */
async function drain(api: PublicApi, workflowId: string, timeoutMs = 15 * 60_000): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const running = await executionsPage(api, `workflowId=${workflowId}&status=running&limit=1`);
		if (running.length === 0) {
			const newest = await executionsPage(api, `workflowId=${workflowId}&limit=25`);
			const stopped = newest.map((e) => (e.stoppedAt ? Date.parse(e.stoppedAt) : 0));
			return Math.max(0, ...stopped);
		}
		await sleep(UNFINISHED_POLL_MS);
	}
	throw new Error(`executions of workflow ${workflowId} still running after ${timeoutMs} ms`);
}

async function countExecutions(api: PublicApi, workflowId: string): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const status of ['success', 'error', 'running', 'waiting', 'canceled']) {
		counts[status] = (await api.listExecutions({ workflowId, status })).length;
	}
	return counts;
}

/** The first item the node emitted in the newest execution of the workflow. */
async function newestOutput(api: PublicApi, workflowId: string, nodeName: string): Promise<Record<string, unknown>> {
	await drain(api, workflowId);
	const [newest] = await executionsPage(api, `workflowId=${workflowId}&limit=1`);
	if (!newest) throw new Error(`no execution of workflow ${workflowId}`);
	const response = await api.call('GET', `/executions/${newest.id}?includeData=true`);
	const data = response.json as {
		status: string;
		data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
	};
	const item = data.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0]?.[0]?.json;
	if (!item) throw new Error(`execution ${newest.id} (${data.status}) has no output from "${nodeName}"`);
	return item;
}

/** Field-by-field comparison on the keys of `theirs` (ICU may space the start text differently). */
function compare(ours: Record<string, unknown>, theirs: Record<string, unknown>) {
	const keys = Object.keys(theirs);
	const normalise = (value: unknown) => (typeof value === 'string' ? value.replace(/\s/g, ' ') : value);
	const differences = keys.filter((key) => !isDeepStrictEqual(normalise(ours[key]), normalise(theirs[key])));
	return { compared: keys.length, equal: keys.length - differences.length, differences };
}

function versions(launched: LaunchedN8n, env: Record<string, string>): string {
	const runtime = launched.instance.runtime;
	const n8nVersion = (JSON.parse(readFileSync(join(runtime.dir, 'node_modules/n8n/package.json'), 'utf8')) as { version: string })
		.version;
	const nodeVersion = execFileSync(runtime.nodeBin, ['--version'], { encoding: 'utf8' }).trim();
	const settings = Object.entries(env).map(([name, value]) => `${name}=${value}`);
	const engine = settings.length > 0 ? `default expression engine with ${settings.join(', ')}` : 'default expression engine';
	return `n8n ${n8nVersion} on Node ${nodeVersion}, SQLite, ${engine}, executions saved (defaults otherwise); our package installed from its packed tarball`;
}

/** True when a Redis answers PING on 127.0.0.1:6379 within a second. */
async function redisAnswers(): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port: 6379 });
		socket.setTimeout(1_000, () => socket.destroy());
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('close', () => resolve(false));
		socket.once('error', () => resolve(false));
	});
}

async function setUp(harness: Harness, launched: LaunchedN8n, withDiagnostic: boolean) {
	const credential = await launched.api.createCredential({
		name: 'Redox bench',
		type: harness.REDOX_CREDENTIAL_TYPE,
		data: { verificationToken: TOKEN },
	});
	// The Redis duplicate memory (queue mode's) on the machine's Redis, when one answers.
	const redisCredential = withDiagnostic && (await redisAnswers())
		? await launched.api.createCredential({
				name: 'Redox bench Redis',
				type: 'redoxDuplicateStoreRedisApi',
				data: { host: '127.0.0.1', port: 6379, database: 0 },
			})
		: undefined;
	const workflows = benchWorkflows(harness, credential, TOKEN, withDiagnostic, redisCredential);
	const ids = new Map<BenchWorkflow['key'], string>();
	for (const workflow of workflows) {
		const { id } = await launched.api.createWorkflow(workflow.workflow);
		await launched.api.publishWorkflow(id);
		ids.set(workflow.key, id);
	}
	return { workflows, ids };
}

export interface N8nOptions {
	quick: boolean;
	log: (line: string) => void;
	/** Run n8n under `node --cpu-prof`, profiles written here; summarised after the run. */
	profileDir?: string;
	/** Only these workflows (keys of workflows.ts), e.g. to profile one alone; no memory soak. */
	workflows?: string[];
	/** Extra environment for n8n, for diagnostic runs (e.g. another expression engine). */
	env?: Record<string, string>;
}

export async function runN8n({ quick, log, profileDir, workflows: onlyWorkflows, env = {} }: N8nOptions): Promise<N8nResult> {
	const settings = quick
		? { connections: 8, rounds: 2, runSeconds: 3, warmUp: 16, soak: onlyWorkflows ? 0 : 60 }
		: { connections: 8, rounds: 3, runSeconds: 15, warmUp: 100, soak: onlyWorkflows ? 0 : 10_000 };
	const harness = loadHarness();
	log('  packing the package (npm run build + npm pack)');
	const tarball = await harness.packPackage();
	log('  starting n8n with the tarball installed');
	let launched: LaunchedN8n | undefined;
	try {
		launched = await harness.launchN8n({
			tarball,
			name: 'bench',
			env: { ...env, ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}) },
		});
		const { api, instance } = launched;
		const pid = findN8nPid(instance.runtime.n8nBin, instance.port);
		log(`  n8n ready in ${(launched.times.readyMs / 1000).toFixed(1)} s (pid ${pid})`);
		const idle = memoryOf(pid);
		const { workflows: all, ids } = await setUp(harness, launched, !quick || (onlyWorkflows?.some((key) => key.startsWith('trigger-')) ?? false));
		const workflows = onlyWorkflows ? all.filter((workflow) => onlyWorkflows.includes(workflow.key)) : all;
		const body = notificationBodies();
		const urlOf = (workflow: BenchWorkflow) => instance.webhookUrl(workflow.path);
		const headersOf = (workflow: BenchWorkflow) => ({ 'content-type': workflow.contentType, ...workflow.headers });
		const idOf = (workflow: BenchWorkflow) => ids.get(workflow.key) ?? '';

		// Checks: each workflow answers 200 and produces the fields ours does for the same body.
		const parse = loadParser();
		const checks: N8nResult['checks'] = {};
		for (const workflow of workflows) {
			const text = body();
			// A just-published workflow's webhook can take a moment to be registered (404 until then).
			let response = await harness.httpRequest(urlOf(workflow), { method: 'POST', headers: headersOf(workflow), body: text });
			for (let attempt = 0; response.status === 404 && attempt < 100; attempt++) {
				await sleep(200);
				response = await harness.httpRequest(urlOf(workflow), { method: 'POST', headers: headersOf(workflow), body: text });
			}
			if (response.status !== 200) throw new Error(`${workflow.label} answered ${response.status}: ${response.text.slice(0, 300)}`);
			const ours = parse(JSON.parse(text), { detail: 'detailed', timezone: TIMEZONE });
			if (workflow.key === 'webhook' || workflow.key === 'webhook-isolate') continue;
			const nodeName = workflow.key === 'code' ? CODE_NODE_NAME : harness.REDOX_NODE_NAME;
			const got = await newestOutput(api, idOf(workflow), nodeName);
			checks[workflow.key] = compare(ours, got);
			if (workflow.key === 'code') {
				checks['code-local'] = compare(ours, runCodeNodeLocally(JSON.parse(text)));
			}
		}

		log(`  warm-up: ${settings.warmUp} notifications per workflow`);
		// Each run sends a fixed number of notifications (all answered, so executions = accepted),
		// sized from the warm-up's rate to last about runSeconds.
		const amounts = new Map<string, number>();
		for (const workflow of workflows) {
			const warm = await runLoad({ url: urlOf(workflow), headers: headersOf(workflow), connections: settings.connections, amount: settings.warmUp, body });
			const end = await drain(api, idOf(workflow));
			const rate = (warm.ok * 1000) / Math.max(1, end - warm.startedAt);
			amounts.set(workflow.key, Math.max(4 * settings.connections, Math.round(rate * settings.runSeconds)));
		}

		const runs: RunRecord[] = [];
		for (let round = 0; round < settings.rounds; round++) {
			const order = workflows.map((_, i) => workflows[(i + round) % workflows.length]);
			for (const workflow of order) {
				const cpuBefore = cpuMsOf(pid);
				const load = await runLoad({
					url: urlOf(workflow),
					headers: headersOf(workflow),
					connections: settings.connections,
					amount: amounts.get(workflow.key),
					body,
				});
				const lastStopped = await drain(api, idOf(workflow));
				const end = Math.max(lastStopped, load.startedAt + load.durationMs);
				const record: RunRecord = {
					round,
					workflow: workflow.key,
					load,
					executionsPerSecond: (load.ok * 1000) / (end - load.startedAt),
					drainMs: end - (load.startedAt + load.durationMs),
					cpuMsPerExecution: (cpuMsOf(pid) - cpuBefore) / load.ok,
				};
				runs.push(record);
				log(
					`  round ${round + 1}/${settings.rounds} ${workflow.label}: ${record.executionsPerSecond.toFixed(1)} executions/s, ` +
						`p50 ${load.latencyP50} ms, p99 ${load.latencyP99} ms, n8n CPU ${record.cpuMsPerExecution?.toFixed(0)} ms each, ${load.ok} accepted in ${(load.durationMs / 1000).toFixed(1)} s ` +
						`(+${(record.drainMs / 1000).toFixed(1)} s to finish), ${load.non2xx} non-2xx, ${load.errors} errors`,
				);
			}
		}
		const counts: Record<string, Record<string, number>> = {};
		for (const workflow of workflows) counts[workflow.key] = await countExecutions(api, idOf(workflow));
		for (const workflow of workflows) {
			const accepted =
				runs.filter((run) => run.workflow === workflow.key).reduce((sum, run) => sum + run.load.ok, 0) + settings.warmUp + 1;
			const succeeded = counts[workflow.key].success;
			checks[`${workflow.key}-executions`] = {
				compared: accepted,
				equal: succeeded,
				differences: succeeded === accepted ? [] : [`${JSON.stringify(counts[workflow.key])} for ${accepted} accepted`],
			};
		}

		const trigger = all[0];
		if (settings.soak > 0) log(`  memory: ${settings.soak} more notifications to ${trigger.label}`);
		await sleep(2_000);
		const beforeSoak = memoryOf(pid);
		const soakLoad =
			settings.soak > 0
				? await runLoad({ url: urlOf(trigger), headers: headersOf(trigger), connections: settings.connections, amount: settings.soak, body })
				: { startedAt: Date.now(), durationMs: 0, sent: 0, ok: 0, non2xx: 0, errors: 0, latencyP50: 0, latencyP99: 0, latencyMean: 0, requestsPerSecond: 0 };
		const soakEnd = settings.soak > 0 ? await drain(api, idOf(trigger)) : Date.now();
		await sleep(2_000);
		const afterSoak = memoryOf(pid);

		const ratio = (a: string, b: string, pick: (run: RunRecord) => number) =>
			summarise(
				[...Array(settings.rounds).keys()].map((round) => {
					const of = (key: string) => runs.find((run) => run.round === round && run.workflow === key);
					const x = of(a);
					const y = of(b);
					return x && y ? pick(x) / pick(y) : Number.NaN;
				}),
			);
		const perSecond = (run: RunRecord) => run.executionsPerSecond;
		const cpu = (run: RunRecord) => run.cpuMsPerExecution ?? Number.NaN;
		const ratios: Record<string, Summary> = {
			'a/b executions per second': ratio('trigger', 'webhook', perSecond),
			'a/c executions per second': ratio('trigger', 'code', perSecond),
			"a/b' executions per second": ratio('trigger', 'webhook-isolate', perSecond),
			"b'/b executions per second": ratio('webhook-isolate', 'webhook', perSecond),
			'a/b CPU per execution': ratio('trigger', 'webhook', cpu),
			"a/b' CPU per execution": ratio('trigger', 'webhook-isolate', cpu),
			'a/b p50 latency': ratio('trigger', 'webhook', (run) => run.load.latencyP50),
			'a/b p99 latency': ratio('trigger', 'webhook', (run) => run.load.latencyP99),
			'a/c p50 latency': ratio('trigger', 'code', (run) => run.load.latencyP50),
		};
		const noDedup = ratio('trigger-no-dedup', 'trigger', perSecond);
		if (Number.isFinite(noDedup.median)) ratios["a'/a executions per second"] = noDedup;
		const withRedis = ratio('trigger-redis', 'webhook', perSecond);
		if (Number.isFinite(withRedis.median)) {
			ratios["a''/b executions per second"] = withRedis;
			ratios["a''/a executions per second"] = ratio('trigger-redis', 'trigger', perSecond);
			ratios["a''/b CPU per execution"] = ratio('trigger-redis', 'webhook', cpu);
		}

		const result: N8nResult = {
			environment: versions(launched, env),
			settings,
			checks,
			runs,
			ratios,
			memory: {
				idle,
				beforeSoak,
				afterSoak,
				soakNotifications: settings.soak,
				soak: { ...soakLoad, executionsPerSecond: (soakLoad.ok * 1000) / (soakEnd - soakLoad.startedAt) },
			},
			launchMs: launched.times.launchMs,
		};
		return result;
	} finally {
		await launched?.instance.dispose();
		rmSync(dirname(tarball), { recursive: true, force: true });
	}
}

/** The table rows of part 4 (also rebuilt from a saved result, when a later run skips part 4). */
export function n8nRows(result: N8nResult): Row[] {
	const rows = n8nRowsOf(result, '');
	if (result.lazyAcquire) rows.push(...n8nRowsOf(result.lazyAcquire, 'lazy isolates: '));
	return rows;
}

/** Rows of one instance's runs; a `variant` prefix marks a non-default instance (no targets). */
function n8nRowsOf(result: Omit<N8nResult, 'lazyAcquire'>, variant: string): Row[] {
	const keys = [...new Set(result.runs.map((run) => run.workflow))] as Array<BenchWorkflow['key']>;
	const workflows = keys.map((key) => ({ key, label: WORKFLOW_LABELS[key] ?? key }));
	const x = (value: number, digits = 2) => value.toFixed(digits);
	const spread = (s: Summary, digits = 2) => `range ${x(s.min, digits)}–${x(s.max, digits)} over ${s.n} rounds`;
	const rows: Row[] = [];
	for (const [key, check] of Object.entries(result.checks)) {
		const label = (workflowKey: string) => workflows.find((workflow) => workflow.key === workflowKey)?.label ?? workflowKey;
		const what = key.endsWith('-executions')
			? `check: executions of ${label(key.replace('-executions', ''))} = notifications accepted, all successful`
			: key === 'code-local'
				? 'check: Code node JavaScript (run locally) equals ours on its fields'
				: `check: output of ${label(key)} in n8n equals the library's`;
		rows.push({
			part: '4 n8n',
			figure: `${variant}${what}`,
			value: key.endsWith('-executions') ? `${check.equal}/${check.compared}` : `${check.equal}/${check.compared} fields`,
			spread: check.differences.join(', '),
			target: 'all',
			status: check.equal === check.compared ? 'met' : 'MISSED',
		});
	}
	const ab = result.ratios['a/b executions per second'];
	const ac = result.ratios['a/c executions per second'];
	rows.push(
		{
			part: '4 n8n',
			figure: `${variant}executions/s, (a) our trigger / (b) Webhook node alone`,
			value: x(ab.median),
			spread: spread(ab),
			target: variant ? '' : '≥ 0.95',
			status: variant ? '' : status(ab.median, 0.95, 'min'),
		},
		{
			part: '4 n8n',
			figure: `${variant}executions/s, (a) our trigger / (c) Webhook → Code node`,
			value: x(ac.median),
			spread: spread(ac),
			target: variant ? '' : '≥ 1.5',
			status: variant ? '' : status(ac.median, 1.5, 'min'),
		},
	);
	const diagnosticRatios: Record<string, string> = {
		"a/b' executions per second": "executions/s, (a) our trigger / (b') Webhook node taking the webhook-step isolate too",
		"b'/b executions per second": "executions/s, (b') / (b): what n8n's webhook-step isolate costs the Webhook node",
		'a/b CPU per execution': 'n8n CPU time per execution, (a) / (b)',
		"a/b' CPU per execution": "n8n CPU time per execution, (a) / (b')",
		'a/b p50 latency': 'a/b p50 latency',
		'a/b p99 latency': 'a/b p99 latency',
		'a/c p50 latency': 'a/c p50 latency',
		"a'/a executions per second": "(a') deduplicate off / (a) executions per second",
	};
	for (const [name, figure] of Object.entries(diagnosticRatios)) {
		const summary = result.ratios[name];
		if (!summary || !Number.isFinite(summary.median)) continue;
		rows.push({ part: '4 n8n', figure: `${variant}${figure}`, value: x(summary.median), spread: spread(summary), target: '', status: '' });
	}
	for (const workflow of workflows) {
		const runs = result.runs.filter((run) => run.workflow === workflow.key);
		const perSecond = summarise(runs.map((run) => run.executionsPerSecond));
		const p50 = summarise(runs.map((run) => run.load.latencyP50));
		const p99 = summarise(runs.map((run) => run.load.latencyP99));
		const cpu = summarise(runs.map((run) => run.cpuMsPerExecution ?? Number.NaN));
		const cpuText = Number.isFinite(cpu.median) ? `; ${x(cpu.median, 0)} ms of n8n CPU per execution` : '';
		rows.push({
			part: '4 n8n',
			figure: `${variant}${workflow.label}: executions/s; p50 / p99 latency (ms)${cpuText ? '; n8n CPU per execution' : ''}`,
			value: x(perSecond.median, 1),
			spread: `${x(p50.median, 0)} / ${x(p99.median, 0)} ms${cpuText}; ${spread(perSecond, 1)}`,
			target: '',
			status: '',
		});
	}
	const memory = result.memory;
	if (memory.soakNotifications === 0) return rows;
	const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
	rows.push({
		part: '4 n8n',
		figure: `n8n RSS after / before ${memory.soakNotifications} more notifications to (a)`,
		value: x(memory.afterSoak.mainRss / memory.beforeSoak.mainRss),
		spread: `${mib(memory.beforeSoak.mainRss)} → ${mib(memory.afterSoak.mainRss)} (idle at start ${mib(memory.idle.mainRss)}; with task runners ${mib(memory.beforeSoak.groupRss)} → ${mib(memory.afterSoak.groupRss)}); soak at ${x(memory.soak.executionsPerSecond, 1)} executions/s`,
		target: '',
		status: '',
	});
	return rows;
}
