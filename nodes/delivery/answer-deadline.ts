/**
 * A bound on how long Redox waits for its answer when the answer waits for the execution ("after
 * the workflow", or the first step on a worker) and the Redis memory follows the execution (see
 * `hasAnswerDeadline`).
 *
 * n8n itself has none: in queue mode the webhook process waits for Bull's completion event of the
 * job, and when that event is missed it never answers. Redox holds its queue meanwhile. At the
 * deadline the node answers 504 itself; Redox delivers again, and the duplicate memory answers the
 * repeat by what became of the execution (`duplicate` once it succeeded, 409 while it runs, run
 * again when it failed). The claim is kept, not released, at the deadline: the execution may
 * still be queued or running.
 *
 * n8n 2.41.1 tries to send its own answer when the execution does end, finds the answer sent, and
 * logs "Error in handling webhook request ... Cannot set headers after they are sent" (no token,
 * no patient data: it names the path). The 504 says `Connection: close`, so that no other request
 * shares the connection n8n then gives up on.
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { markAnswerOrigin } from './answer-origin';
import { answers } from './answers';

type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

/** Answers `response` with 504 if nothing has answered it within `timeoutMs`. */
export function answerByDeadline(response: Response, timeoutMs: number): void {
	// AbortSignal.timeout's timer does not keep a process alive that is shutting down.
	const deadline = AbortSignal.timeout(timeoutMs);
	const answerNow = () => {
		if (response.headersSent || response.writableEnded) return;
		markAnswerOrigin(response, 'nodeAtDeadline');
		const answer = answers.answerTimeout(timeoutMs / 1000);
		response.setHeader('Connection', 'close');
		response.status(answer.status).json(answer.body);
	};
	deadline.addEventListener('abort', answerNow, { once: true });
	// 'close' comes after the answer is sent, and when the sender hangs up first.
	response.once('close', () => deadline.removeEventListener('abort', answerNow));
}
