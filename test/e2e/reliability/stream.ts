/**
 * A stream of distinct notifications sent at a fixed concurrency while a fault (restart, kill)
 * hits n8n in the middle. Like Redox's sender, a worker whose request got no answer, or an
 * answer other than 200, backs off a little before the next one. Bounded: at most `maxItems` notifications, and it stops
 * `afterFaultMs` after the fault is over (or at `deadline`).
 */
import { redoxHeaders, sleep, uniqueNotification, VALID_FIXTURES, type HttpResponse } from '../../../scripts/harness';
import { answerLabel, postOnce } from './load';

export interface StreamItem {
	index: number;
	messageId: string;
	body: string;
}

export interface StreamOutcome {
	item: StreamItem;
	/** `200 received`, `200 duplicate`, `404`, ..., or `no answer`. */
	label: string;
	/** When the request started, relative to the fault: before it began, during it, after it ended. */
	phase: 'before' | 'during' | 'after';
	/** The body of an answer other than 200, or the error that stood for no answer. */
	detail?: string;
}

export interface StreamOptions {
	url: string;
	token: string;
	/** Prefix of the message ids (unique per stream). */
	prefix: string;
	/** The fault, started once this many answers of 200 came back. */
	faultAfterAnswers: number;
	fault: () => Promise<void>;
	concurrency?: number;
	maxItems?: number;
	afterFaultMs?: number;
	deadline: number;
	requestTimeoutMs?: number;
	backoffMs?: number;
}

export function streamItem(prefix: string, index: number): StreamItem {
	const { bundle, messageId } = uniqueNotification(VALID_FIXTURES[index % VALID_FIXTURES.length], `${prefix}-${index}`);
	return { index, messageId, body: JSON.stringify(bundle) };
}

export async function sendItem(url: string, token: string, item: StreamItem, timeoutMs = 15_000): Promise<HttpResponse> {
	return await postOnce(url, redoxHeaders({ token }), item.body, timeoutMs);
}

export async function streamAcrossFault(options: StreamOptions): Promise<{ outcomes: StreamOutcome[]; faultMs: number }> {
	const { url, token, prefix, faultAfterAnswers, fault, deadline } = options;
	const { concurrency = 8, maxItems = 2_000, afterFaultMs = 3_000, requestTimeoutMs = 15_000, backoffMs = 250 } = options;
	const outcomes: StreamOutcome[] = [];
	let next = 0;
	let answered = 0;
	let faultStarted: number | undefined;
	let faultEnded: number | undefined;
	let faultRun: Promise<void> | undefined;
	let faultError: unknown;

	const phase = (): StreamOutcome['phase'] => (faultStarted === undefined ? 'before' : faultEnded === undefined ? 'during' : 'after');
	const done = () => next >= maxItems || Date.now() >= deadline || (faultEnded !== undefined && Date.now() > faultEnded + afterFaultMs);

	const worker = async (): Promise<void> => {
		while (!done()) {
			const item = streamItem(prefix, next);
			next += 1;
			const startedIn = phase();
			try {
				const response = await sendItem(url, token, item, requestTimeoutMs);
				const label = answerLabel(response);
				// n8n's 500s carry a stack trace: keep enough of it to see which step failed.
				const detail = response.text.slice(0, response.status >= 500 ? 900 : 160);
				outcomes.push({ item, label, phase: startedIn, ...(label === '200 received' ? {} : { detail }) });
				if (response.status === 200) answered += 1;
				// Any other answer (n8n serves 404 until it has registered the webhooks again after a
				// start) is one Redox retries: back off as for no answer.
				else await sleep(backoffMs);
			} catch (error) {
				outcomes.push({ item, label: 'no answer', phase: startedIn, detail: error instanceof Error ? error.message : String(error) });
				await sleep(backoffMs);
			}
			if (faultStarted === undefined && answered >= faultAfterAnswers) {
				faultStarted = Date.now();
				faultRun = fault().then(
					() => {
						faultEnded = Date.now();
					},
					(error: unknown) => {
						faultError = error;
						faultEnded = Date.now();
					},
				);
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	await faultRun;
	if (faultError) throw faultError;
	if (faultStarted === undefined || faultEnded === undefined) throw new Error('The stream ended before the fault happened');
	return { outcomes: outcomes.sort((a, b) => a.item.index - b.item.index), faultMs: faultEnded - faultStarted };
}
