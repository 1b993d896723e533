/**
 * The client side of part 4: autocannon against 127.0.0.1, every request a distinct notification
 * (our trigger remembers MessageHeader ids and answers repeats without starting a workflow), and
 * the n8n process's resident memory and CPU time read from /proc.
 */
import autocannon from 'autocannon';
import { execFileSync } from 'child_process';
import { randomUUID } from 'crypto';
import { readdirSync, readFileSync } from 'fs';

import { fixtureJson } from '../paths';

/** booked-detailed.json with a fresh MessageHeader id and Bundle id per call. */
export function notificationBodies(): () => string {
	const bundle = fixtureJson<{ id: string; entry: Array<{ resource: { id: string } }> }>('booked-detailed.json');
	const headerId = bundle.entry[0].resource.id;
	const bundleId = bundle.id;
	const text = JSON.stringify(bundle);
	const parts = text.split(headerId);
	if (parts.length !== 2) throw new Error('expected the MessageHeader id exactly once in booked-detailed.json');
	const [beforeHeader, afterHeader] = parts;
	const bundleParts = beforeHeader.split(bundleId);
	if (bundleParts.length !== 2) throw new Error('expected the Bundle id exactly once before the MessageHeader id');
	return () => {
		const id = randomUUID();
		return `${bundleParts[0]}${id}${bundleParts[1]}${id}${afterHeader}`;
	};
}

export interface LoadOptions {
	url: string;
	headers: Record<string, string>;
	connections: number;
	/** Either a number of requests or a duration in seconds. */
	amount?: number;
	durationSeconds?: number;
	body: () => string;
}

export interface LoadResult {
	/** When the first request went out (epoch ms). */
	startedAt: number;
	durationMs: number;
	sent: number;
	ok: number;
	non2xx: number;
	errors: number;
	latencyP50: number;
	latencyP99: number;
	latencyMean: number;
	requestsPerSecond: number;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
	const startedAt = Date.now();
	// autocannon ends a fixed-amount run on its next one-second tick: the run's duration is
	// taken from the last answer instead.
	let lastAnswerAt = startedAt;
	return new Promise((resolve, reject) => {
		const instance = autocannon(
			{
				url: options.url,
				method: 'POST',
				headers: options.headers,
				connections: options.connections,
				pipelining: 1,
				timeout: 60,
				...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
				requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, body: options.body() }) }],
			},
			(error, result) => {
				if (error) {
					reject(error);
					return;
				}
				const durationMs = Math.max(1, lastAnswerAt - startedAt);
				resolve({
					startedAt,
					durationMs,
					sent: result.requests.sent,
					ok: result['2xx'],
					non2xx: result.non2xx,
					errors: result.errors,
					latencyP50: result.latency.p50,
					latencyP99: result.latency.p99,
					latencyMean: result.latency.mean,
					requestsPerSecond: (result['2xx'] * 1000) / durationMs,
				});
			},
		);
		instance.on('response', () => {
			lastAnswerAt = Date.now();
		});
	});
}

function readProc(path: string): string | null {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return null;
	}
}

function rssBytes(pid: number): number {
	const status = readProc(`/proc/${pid}/status`);
	const match = status ? /^VmRSS:\s+(\d+) kB/m.exec(status) : null;
	return match ? Number(match[1]) * 1024 : 0;
}

/**
 * The n8n main process of the instance listening on `port`: the process whose command line runs
 * `n8nBin start` and whose environment has N8N_PORT=<port>.
 */
export function findN8nPid(n8nBin: string, port: number): number {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const cmdline = readProc(`/proc/${entry}/cmdline`);
		if (!cmdline || !cmdline.includes(n8nBin) || !cmdline.split('\0').includes('start')) continue;
		const environ = readProc(`/proc/${entry}/environ`);
		if (environ?.split('\0').includes(`N8N_PORT=${port}`)) return Number(entry);
	}
	throw new Error(`no n8n process found for port ${port}`);
}

/**
 * The fields of /proc/<pid>/stat after the command name (which may hold spaces, so they start
 * after the last ')'): index 2 is the process group, 11 and 12 the user and system CPU time.
 */
function statFields(pid: number | string): string[] | null {
	const stat = readProc(`/proc/${pid}/stat`);
	return stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ') : null;
}

/** The processes of n8n's process group (the main process and its task runners). */
function groupMembers(pid: number): number[] {
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry) && Number(statFields(entry)?.[2]) === pid)
		.map(Number);
}

/** Resident memory of the n8n process, and of its whole process group (task runners too). */
export function memoryOf(pid: number): { mainRss: number; groupRss: number } {
	const groupRss = groupMembers(pid).reduce((sum, member) => sum + rssBytes(member), 0);
	return { mainRss: rssBytes(pid), groupRss };
}

let clockTicksPerSecond: number | undefined;

/**
 * CPU time (user + system, all threads: n8n builds expression isolates on isolated-vm's own
 * threads, which a main-thread profile does not show) used so far by n8n's process group, in ms.
 * Processes that ended in between are not counted: task runners live as long as n8n here.
 */
export function cpuMsOf(pid: number): number {
	clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	const ticks = groupMembers(pid).reduce((sum, member) => {
		const fields = statFields(member);
		return fields ? sum + Number(fields[11]) + Number(fields[12]) : sum;
	}, 0);
	return (ticks * 1000) / clockTicksPerSecond;
}
