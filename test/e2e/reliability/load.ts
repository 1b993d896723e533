/**
 * Sending many requests at a bounded concurrency, with a deadline, and summarising answer times.
 * Every loop here is bounded in count (the items given) and in time (the deadline).
 */
import http from 'node:http';

import type { HttpResponse } from '../../../scripts/harness';

/** The outcome of one request: an answer, or the error that stood in for one (reset, timeout). */
export type Outcome<R = HttpResponse> =
	| { kind: 'answer'; response: R; ms: number }
	| { kind: 'error'; error: string; ms: number }
	| { kind: 'skipped' };

export interface PoolOptions {
	concurrency: number;
	/** No request starts after this moment (epoch ms); later items are `skipped`. */
	deadline: number;
}

/**
 * Runs `send` for every item, at most `concurrency` at a time, in order of the items. Never
 * rejects: a thrown error becomes an `error` outcome. Returns the outcomes in item order.
 */
export async function runPool<T, R = HttpResponse>(
	items: readonly T[],
	send: (item: T, index: number) => Promise<R>,
	{ concurrency, deadline }: PoolOptions,
): Promise<Array<Outcome<R>>> {
	const outcomes: Array<Outcome<R>> = new Array<Outcome<R>>(items.length).fill({ kind: 'skipped' });
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length && Date.now() < deadline) {
			const index = next;
			next += 1;
			const began = performance.now();
			try {
				const response = await send(items[index], index);
				outcomes[index] = { kind: 'answer', response, ms: performance.now() - began };
			} catch (error) {
				outcomes[index] = { kind: 'error', error: error instanceof Error ? error.message : String(error), ms: performance.now() - began };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	return outcomes;
}

/** The value below which `p` (0..1) of the sorted values fall (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
	return sorted[rank];
}

export interface LatencySummary {
	count: number;
	p50: number;
	p99: number;
	max: number;
}

/** p50 / p99 / max of the answer times of the answered outcomes, in ms. */
export function latencySummary(outcomes: readonly Outcome[]): LatencySummary {
	const times = outcomes
		.filter((o): o is Extract<Outcome, { kind: 'answer' }> => o.kind === 'answer')
		.map((o) => o.ms)
		.sort((a, b) => a - b);
	return { count: times.length, p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times.at(-1) ?? NaN };
}

/** Counts of `status body.status|body.error.code` per answer, e.g. `200 received`, `400 INVALID_JSON`. */
export function answerTally(outcomes: readonly Outcome[]): Record<string, number> {
	const tally: Record<string, number> = {};
	for (const outcome of outcomes) {
		const key = outcome.kind === 'answer' ? answerLabel(outcome.response) : outcome.kind === 'error' ? 'no answer' : 'skipped';
		tally[key] = (tally[key] ?? 0) + 1;
	}
	return tally;
}

/** `200 received`, `409 DUPLICATE_IN_PROGRESS`, `500`... */
export function answerLabel(response: HttpResponse): string {
	const body = response.json as { status?: unknown; error?: { code?: unknown } } | undefined;
	const detail = typeof body?.status === 'string' ? body.status : typeof body?.error?.code === 'string' ? body.error.code : '';
	return detail ? `${response.status} ${detail}` : String(response.status);
}

/**
 * A plain POST on a connection of its own (no keep-alive), for the tests that kill n8n: a pooled
 * socket to a dead process would fail the next request for a reason that is not the test's.
 */
export function postOnce(url: string, headers: Record<string, string>, body: string | Buffer, timeoutMs = 30_000): Promise<HttpResponse> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, { method: 'POST', headers: { ...headers, connection: 'close' }, agent: false }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: unknown;
				try {
					json = JSON.parse(text);
				} catch {
					json = undefined;
				}
				resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
			});
		});
		request.setTimeout(timeoutMs, () => request.destroy(new Error(`POST timed out after ${timeoutMs} ms`)));
		request.on('error', reject);
		request.setHeader('Content-Length', Buffer.byteLength(body));
		request.end(body);
	});
}
