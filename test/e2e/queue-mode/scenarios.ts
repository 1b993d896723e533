/**
 * The cross-process scenarios of the queue-mode file, each a function of the URLs it sends to,
 * so that one set-up serves all of them. Every loop is bounded in count.
 */
import { redoxHeaders, type HttpResponse } from '../../../scripts/harness';
import { answerLabel, postOnce, runPool, type Outcome } from '../reliability/load';
import { streamItem, type StreamItem } from '../reliability/stream';

export interface Sent {
	item: StreamItem;
	/** Label of every answer this id got, in order (`200 received`, `200 duplicate`, `409 ...`, `no answer`, `502`). */
	answers: string[];
	/** Which webhook process answered each (`x-upstream`), when sent through the proxy. */
	upstreams: string[];
}

const is2xx = (label: string) => /^2\d\d/.test(label);

/** Whether any answer of this id was 2xx: Redox then takes it as delivered. */
export function wasAccepted(sent: Sent): boolean {
	return sent.answers.some(is2xx);
}

export async function send(url: string, token: string, item: StreamItem, timeoutMs = 30_000): Promise<{ label: string; response?: HttpResponse }> {
	try {
		const response = await postOnce(url, redoxHeaders({ token }), item.body, timeoutMs);
		return { label: answerLabel(response), response };
	} catch {
		return { label: 'no answer' };
	}
}

function record(sent: Sent, result: { label: string; response?: HttpResponse }): void {
	sent.answers.push(result.label);
	const upstream = result.response?.headers['x-upstream'];
	sent.upstreams.push(typeof upstream === 'string' ? upstream : '-');
}

export function items(prefix: string, count: number): Sent[] {
	return Array.from({ length: count }, (_, i) => ({ item: streamItem(prefix, i), answers: [], upstreams: [] }));
}

/** Sends each once to `url` at `concurrency`; returns the outcomes (answer times for figures). */
export async function sendAll(url: string, token: string, list: Sent[], concurrency: number, deadline: number): Promise<Outcome[]> {
	return await runPool(
		list,
		async (sent) => {
			const result = await send(url, token, sent.item);
			record(sent, result);
			if (!result.response) throw new Error('no answer');
			return result.response;
		},
		{ concurrency, deadline },
	);
}

/** Each id to `first`, and once answered, the same notification to `second`. */
export async function sendThenRedeliver(first: string, second: string, token: string, list: Sent[], concurrency: number, deadline: number): Promise<void> {
	await runPool(
		list,
		async (sent) => {
			record(sent, await send(first, token, sent.item));
			record(sent, await send(second, token, sent.item));
		},
		{ concurrency, deadline },
	);
}

/** Each id to `first` and `second` at the same moment. */
export async function sendToBothAtOnce(first: string, second: string, token: string, list: Sent[], concurrency: number, deadline: number): Promise<void> {
	await runPool(
		list,
		async (sent) => {
			const results = await Promise.all([send(first, token, sent.item), send(second, token, sent.item)]);
			for (const result of results) record(sent, result);
		},
		{ concurrency, deadline },
	);
}

/**
 * As Redox does: every id not yet answered 2xx is sent again (to `url`), up to `rounds` times,
 * `pauseMs` apart. Returns how many were re-sent in each round.
 */
export async function retryUntilAccepted(
	url: string,
	token: string,
	list: Sent[],
	{ rounds = 12, pauseMs = 2_000, concurrency = 8, deadline }: { rounds?: number; pauseMs?: number; concurrency?: number; deadline: number },
): Promise<number[]> {
	const resent: number[] = [];
	for (let round = 0; round < rounds; round += 1) {
		const pending = list.filter((sent) => !wasAccepted(sent));
		if (pending.length === 0 || Date.now() >= deadline) break;
		resent.push(pending.length);
		await new Promise((resolve) => setTimeout(resolve, pauseMs));
		await sendAll(url, token, pending, concurrency, deadline);
	}
	return resent;
}

/** Counts of the first, second, ... answer labels over all ids, e.g. `{ "200 received+200 duplicate": 198 }`. */
export function answerPatterns(list: readonly Sent[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const sent of list) {
		const key = sent.answers.join(' + ');
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}

/** The outcomes of a stream across a fault, as `Sent` records (one answer each so far). */
export function fromStream(outcomes: ReadonlyArray<{ item: StreamItem; label: string }>): Sent[] {
	return outcomes.map(({ item, label }) => ({ item, answers: [label], upstreams: [] }));
}
