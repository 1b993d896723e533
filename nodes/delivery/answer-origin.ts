/**
 * Who answered a request, where the duplicate memory must know it: the node itself, without
 * starting anything (a refusal: no execution can exist), or the node at the answer deadline (the
 * execution may still be queued or running). Any other answer is n8n's.
 */
export type AnswerOrigin = 'nodeWithoutExecution' | 'nodeAtDeadline';

const origins = new WeakMap<object, AnswerOrigin>();

export function markAnswerOrigin(response: object, origin: AnswerOrigin): void {
	origins.set(response, origin);
}

/** The origin marked for `response`; undefined when n8n answered it. */
export function answerOriginOf(response: object): AnswerOrigin | undefined {
	return origins.get(response);
}
