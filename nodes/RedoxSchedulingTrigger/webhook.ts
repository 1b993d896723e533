import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { DetailLevel, SchedulingEvent } from './extraction/types';
import { notificationKey, persistRecentNotifications, recentNotificationsFor } from './dedup/duplicate-guard';
import { EVENT_OUTPUTS } from './description/outputs';
import { notificationJson, routeItem } from './output/items';
import { answers, type HttpAnswer } from './protocol/answers';
import { decideRequest, type IncomingRequest, type TriggerSettings } from './protocol/decide';
import { isPlainObject } from './protocol/guards';
import { readRequestBody } from './request-body';
import { verificationTokenFor } from './verification-token';

type Acknowledge = 'immediately' | 'afterWorkflow';

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
	let persistAgain: (() => void) | undefined;
	if (options.deduplicate && context.getMode() !== 'manual') {
		const staticData = context.getWorkflowStaticData('node');
		const memory = recentNotificationsFor(`${context.getWorkflow().id}:${context.getNode().id}`, staticData, now);
		const key = notificationKey(notification, text);
		const settledNow = options.acknowledge === 'immediately';
		const claim = memory.claim(key, now, settledNow);
		if (claim === 'duplicate') return respondWithoutExecution(context, answers.duplicate());
		if (claim === 'in-progress') return respondWithoutExecution(context, answers.inProgress());
		// The settled notifications go to static data, which n8n saves with this request: with
		// "immediately" this one too; "after the workflow" settles it once n8n has answered 2xx,
		// so it is written with the next new notification.
		persistAgain = () => persistRecentNotifications(memory, staticData);
		persistAgain();
		if (!settledNow) {
			const response = context.getResponseObject();
			response.once('finish', () => memory.settle(key, response.statusCode >= 200 && response.statusCode < 300));
		}
	}

	const json: IDataObject = notificationJson(notification, bundle, {
		simplify: context.getNodeParameter('simplify', true) !== false,
		detail,
		includeRawBundle: options.includeRawBundle,
	});
	return acceptedNotification(
		routeItem({ json }, notification, context.getNodeParameter('splitByEvent', false) === true),
		persistAgain,
	);
}

/**
 * Hands the item to n8n, with `{"status": "received"}` as the answer n8n sends once it has
 * created the execution.
 *
 * Why the answer is a getter: n8n 2.41.1 saves a trigger's static data only when its change flag
 * is set at the moment it answers, but starting the execution wraps the same static-data object
 * in new Workflow objects, which resets that flag. So the ids written in `webhook()` would never
 * be saved. n8n reads the answer after it has started the execution and just before it saves
 * static data and replies, so writing the ids again at that moment sets the flag where the
 * save sees it. On an n8n without that reset, the second write changes nothing.
 */
function acceptedNotification(
	workflowData: IWebhookResponseData['workflowData'],
	persistAgain: (() => void) | undefined,
): IWebhookResponseData {
	const received = answers.received().body;
	const result: IWebhookResponseData = { workflowData };
	Object.defineProperty(result, 'webhookResponse', {
		enumerable: true,
		get() {
			persistAgain?.();
			return received;
		},
	});
	return result;
}
