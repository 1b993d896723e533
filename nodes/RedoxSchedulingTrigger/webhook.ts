import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { DetailLevel, SchedulingEvent } from './extraction/types';
import { checkDelivery, notificationKey, type Acknowledge } from './dedup/duplicate-guard';
import { EVENT_OUTPUTS } from './description/outputs';
import { notificationJson, routeItem } from './output/items';
import { answers, type HttpAnswer } from './protocol/answers';
import { decideRequest, type IncomingRequest, type TriggerSettings } from './protocol/decide';
import { isPlainObject } from './protocol/guards';
import { readRequestBody } from './request-body';
import { verificationTokenFor } from './verification-token';

interface NodeOptions {
	acknowledge: Acknowledge;
	deduplicate: boolean;
	includeRawBundle: boolean;
	locale: string;
	timezone: string;
}

function readOptions(raw: unknown): NodeOptions {
	const options = isPlainObject(raw) ? raw : {};
	return {
		acknowledge: options.acknowledge === 'afterWorkflow' ? 'afterWorkflow' : 'immediately',
		deduplicate: options.deduplicate !== false,
		includeRawBundle: options.includeRawBundle === true,
		locale: typeof options.locale === 'string' && options.locale !== '' ? options.locale : 'en-US',
		timezone: typeof options.timezone === 'string' ? options.timezone.trim() : '',
	};
}

function readEvents(raw: unknown): SchedulingEvent[] {
	const known: readonly string[] = EVENT_OUTPUTS;
	return Array.isArray(raw)
		? raw.filter((event): event is SchedulingEvent => typeof event === 'string' && known.includes(event))
		: [];
}

/** Sends an answer that starts no execution. */
function respondWithoutExecution(context: IWebhookFunctions, answer: HttpAnswer): IWebhookResponseData {
	context.getResponseObject().status(answer.status).json(answer.body);
	return { noWebhookResponse: true };
}

/**
 * The trigger's `webhook()`: reads what n8n hands over, lets the protocol decide, and either
 * answers (handshake, refusal, ignored, duplicate) or hands one item to the workflow.
 */
export async function handleRedoxWebhook(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = context.getRequestObject();
	const now = Date.now();
	const headers = context.getHeaderData();
	const options = readOptions(context.getNodeParameter('options', {}));
	const detail: DetailLevel = context.getNodeParameter('detail', 'detailed') === 'lightweight' ? 'lightweight' : 'detailed';
	const settings: TriggerSettings = {
		verificationToken: await verificationTokenFor(context, headers, now),
		events: readEvents(context.getNodeParameter('events', [])),
		parseOptions: { detail, timezone: options.timezone || context.getTimezone(), locale: options.locale },
	};
	const incoming: IncomingRequest = {
		method: request.method,
		headers,
		query: context.getQueryData(),
		rawBody: await readRequestBody(context),
	};

	const decision = decideRequest(incoming, settings);
	if (decision.kind === 'answer') return respondWithoutExecution(context, decision.answer);
	const { notification, bundle, text } = decision;

	// Test runs ("Listen for test event") replay the same sample on purpose: never deduplicate them.
	let onExecutionStarted: (() => void) | undefined;
	if (options.deduplicate && context.getMode() !== 'manual') {
		const check = await checkDelivery(context, notificationKey(notification, text), options.acknowledge, now);
		if (check.kind === 'repeat') return respondWithoutExecution(context, check.answer);
		onExecutionStarted = check.onExecutionStarted;
	}

	const json: IDataObject = notificationJson(notification, bundle, {
		simplify: context.getNodeParameter('simplify', true) !== false,
		detail,
		includeRawBundle: options.includeRawBundle,
	});
	return acceptedNotification(
		routeItem({ json }, notification, context.getNodeParameter('splitByEvent', false) === true),
		onExecutionStarted,
	);
}

/**
 * Hands the item to n8n, with `{"status": "received"}` as the answer n8n sends once it has
 * created the execution.
 *
 * Why the answer is a getter: n8n reads it right after it has created the execution, and only
 * then (in "immediately" mode; in "after the workflow" mode n8n answers from the last node and
 * never reads it). That is the moment the delivery is known to have an execution, so the
 * duplicate memory settles it there (`onExecutionStarted`). It is also the moment to write the
 * remembered ids into static data: n8n 2.41.1 saves a trigger's static data only when its change
 * flag is set as it answers, but starting the execution wraps the same static-data object in new
 * Workflow objects, which resets that flag, so ids written earlier in `webhook()` would never be
 * saved. Writing them again here sets the flag where the save sees it; on an n8n without that
 * reset, the second write changes nothing.
 */
function acceptedNotification(
	workflowData: IWebhookResponseData['workflowData'],
	onExecutionStarted: (() => void) | undefined,
): IWebhookResponseData {
	const received = answers.received().body;
	const result: IWebhookResponseData = { workflowData };
	Object.defineProperty(result, 'webhookResponse', {
		enumerable: true,
		get() {
			onExecutionStarted?.();
			return received;
		},
	});
	return result;
}
