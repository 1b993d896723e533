/**
 * The `webhook()` of every Redox trigger: reads what n8n hands over, lets the protocol decide,
 * and either answers (handshake, refusal, ignored, duplicate) or hands the family's data to the
 * workflow. What is specific to a kind of notification comes from its `NotificationFamily`.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { answerByDeadline } from './answer-deadline';
import { markAnswerOrigin } from './answer-origin';
import { answers, type HttpAnswer } from './answers';
import { decideRequest, type IncomingRequest } from './decide';
import { checkDelivery, notificationKey, type DeliveryCheck } from './dedup/duplicate-guard';
import type { DeliveryStore } from './dedup/delivery-store';
import { deliveryStoreFor } from './dedup/store-choice';
import type { DeliveredNotification, NotificationFamily } from './family';
import { answerWhenExecutionStarts } from './n8n-workarounds';
import { answerPointOf, hasAnswerDeadline, readDeliveryOptions, type DeliveryOptions } from './options';
import { readRequestBody } from './request-body';
import { verificationTokenFor } from './verification-token';

/** Sends an answer that starts no execution. */
function respondWithoutExecution(context: IWebhookFunctions, answer: HttpAnswer): IWebhookResponseData {
	const response = context.getResponseObject();
	markAnswerOrigin(response, 'nodeWithoutExecution');
	response.status(answer.status).json(answer.body);
	return { noWebhookResponse: true };
}

/**
 * Handles one request to a Redox trigger. `storeFor` picks the duplicate memory (by default the
 * "Duplicate Memory" option: this n8n process's memory of the trigger, or the shared Redis store).
 */
export async function handleRedoxWebhook<N extends DeliveredNotification>(
	context: IWebhookFunctions,
	family: NotificationFamily<N>,
	storeFor: (context: IWebhookFunctions, now: number, options: DeliveryOptions) => Promise<DeliveryStore> | DeliveryStore = deliveryStoreFor,
): Promise<IWebhookResponseData> {
	const request = context.getRequestObject();
	const now = Date.now();
	const headers = context.getHeaderData();
	const delivery = readDeliveryOptions(context.getNodeParameter('options', {}));
	const familySettings = family.settings(context);
	const incoming: IncomingRequest = {
		method: request.method,
		headers,
		query: context.getQueryData(),
		rawBody: await readRequestBody(context),
	};

	const decision = decideRequest(incoming, {
		...familySettings,
		verificationToken: await verificationTokenFor(context, headers, now),
		rejectionOf: (error) => family.rejectionOf(error),
	});
	if (decision.kind === 'answer') return respondWithoutExecution(context, decision.answer);
	const { notification, bundle, text } = decision;

	// Test runs ("Listen for test event") replay the same sample on purpose: never deduplicate them.
	let onExecutionStarted: (() => void) | undefined;
	if (delivery.deduplicate && context.getMode() !== 'manual') {
		const key = notificationKey(notification, text);
		// A memory that cannot be asked (Redis down) must neither start a possible duplicate nor
		// drop the notification: the answer is one Redox retries.
		const check = await Promise.resolve(storeFor(context, now, delivery))
			.then((store) => checkDelivery(context, store, key, answerPointOf(delivery), now))
			.catch((): DeliveryCheck => ({ kind: 'repeat', answer: answers.storeUnavailable() }));
		if (check.kind === 'repeat') return respondWithoutExecution(context, check.answer);
		onExecutionStarted = check.onExecutionStarted;
	}

	const delivered = await family.deliver(context, notification, bundle);
	if ('answer' in delivered) return respondWithoutExecution(context, delivered.answer);
	// n8n waits for the execution to answer, and may wait for ever (see answer-deadline.ts).
	if (hasAnswerDeadline(delivery)) answerByDeadline(context.getResponseObject(), delivery.answerTimeoutMs);
	return answerWhenExecutionStarts(delivered.workflowData, answers.received().body, onExecutionStarted);
}
