/**
 * What the scheduling trigger adds to the Redox delivery core: its parser (the extraction
 * library, bound to the node's settings), its events, and the items it hands to the workflow.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { isDataObject, isRecord } from '../common/guards';
import type { Delivered, FamilySettings, NotificationFamily, Rejection } from '../delivery/family';
import { isRedoxNotificationError } from './extraction/errors';
import { isSchedulingEvent } from './extraction/event';
import { DEFAULT_LOCALE } from './extraction/options';
import { parseSchedulingNotification } from './extraction/parse';
import type { DetailLevel, ParseOptions, SchedulingNotification } from './extraction/types';
import { detailsUnavailableAnswer, fetchMissingDetails, type OnDetailsUnavailable } from './details/fetch-details';
import { notificationJson, routeItems } from './output/items';

/** The trigger's own settings from its `options` collection. */
interface SchedulingOptions {
	includeRawBundle: boolean;
	locale: string;
	timezone: string;
	onDetailsUnavailable: OnDetailsUnavailable;
}

function readSchedulingOptions(raw: unknown): SchedulingOptions {
	const options = isRecord(raw) ? raw : {};
	return {
		includeRawBundle: options.includeRawBundle === true,
		locale: typeof options.locale === 'string' && options.locale !== '' ? options.locale : DEFAULT_LOCALE,
		timezone: typeof options.timezone === 'string' ? options.timezone.trim() : '',
		onDetailsUnavailable: options.onDetailsUnavailable === 'continue' ? 'continue' : 'retry',
	};
}

/** "Fetch Missing Details" is on (it is offered, and applies, only in detailed mode). */
function fetchesDetails(context: IWebhookFunctions): boolean {
	return readDetail(context) === 'detailed' && context.getNodeParameter('fetchDetails', false) === true;
}

function readDetail(context: IWebhookFunctions): DetailLevel {
	return context.getNodeParameter('detail', 'detailed') === 'lightweight' ? 'lightweight' : 'detailed';
}

function parseOptionsOf(context: IWebhookFunctions): ParseOptions {
	const options = readSchedulingOptions(context.getNodeParameter('options', {}));
	return { detail: readDetail(context), timezone: options.timezone || context.getTimezone(), locale: options.locale };
}

/** The events selected on the node (unknown values dropped) and the parser bound to `parseOptions`. */
export function schedulingSettings(events: unknown, parseOptions: ParseOptions): FamilySettings<SchedulingNotification> {
	return {
		events: Array.isArray(events) ? events.filter(isSchedulingEvent) : [],
		parse: (body) => parseSchedulingNotification(body, parseOptions),
	};
}

/** How the delivery core answers what the extraction library throws: other Redox events are ignored, the rest is 400. */
export function schedulingRejectionOf(error: unknown): Rejection | undefined {
	if (!isRedoxNotificationError(error)) return undefined;
	if (error.code === 'UNKNOWN_EVENT') {
		return { code: error.code, message: `${error.message} This trigger handles scheduling events only.`, ignore: true };
	}
	return { code: error.code, message: error.message, ignore: false };
}

/**
 * The item of an accepted notification. With "Fetch Missing Details" on, a notification that is
 * not detailed is first made detailed from the Redox FHIR API (`detailsFetched` says whether it
 * was); when that fails, Redox is answered 503 (it delivers again later) unless the node is set
 * to continue with the lightweight item.
 */
async function deliver(context: IWebhookFunctions, received: SchedulingNotification, receivedBundle: unknown): Promise<Delivered> {
	const options = readSchedulingOptions(context.getNodeParameter('options', {}));
	let notification = received;
	let bundle = receivedBundle;
	const detailsFields: IDataObject = {};
	if (fetchesDetails(context)) {
		detailsFields.detailsFetched = false;
		if (received.detailLevel !== 'detailed') {
			const outcome = await fetchMissingDetails(context, received, receivedBundle, parseOptionsOf(context));
			if (outcome.fetched) {
				({ notification, bundle } = outcome);
				detailsFields.detailsFetched = true;
			} else if (options.onDetailsUnavailable === 'retry') {
				return { answer: detailsUnavailableAnswer(outcome) };
			} else {
				detailsFields.detailsError = { code: outcome.code, message: outcome.message };
			}
		}
	}
	const json: IDataObject = {
		...notificationJson(notification, bundle, {
			simplify: context.getNodeParameter('simplify', true) !== false,
			detail: readDetail(context),
		}),
		...detailsFields,
	};
	// The bundle exactly as Redox sent it, even when details were fetched.
	if (options.includeRawBundle && isDataObject(receivedBundle)) json.rawBundle = receivedBundle;
	return { workflowData: [[{ json }]] };
}

/** The outputs of the execution's items, by "Separate Output per Event". */
function outputsOf(context: IExecuteFunctions, items: INodeExecutionData[]): INodeExecutionData[][] {
	return routeItems(items, context.getNodeParameter('splitByEvent', 0, false) === true);
}

export const schedulingFamily: NotificationFamily<SchedulingNotification> = {
	settings: (context) => schedulingSettings(context.getNodeParameter('events', []), parseOptionsOf(context)),
	rejectionOf: schedulingRejectionOf,
	deliver,
	outputsOf,
};
