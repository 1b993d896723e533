import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SCHEDULING_EVENT_NAMES } from '../extraction/event';
import { LIGHTWEIGHT_KEYS, type DetailLevel, type SchedulingNotification } from '../extraction/types';
import { collectResources, resourcesAsData } from './resources';

export interface ItemOptions {
	simplify: boolean;
	detail: DetailLevel;
}

/**
 * The item's json. Simplified: exactly the library's result. Not simplified: the lightweight
 * fields plus the FHIR resources as received (in lightweight mode, only the MessageHeader).
 * Request headers never go on the item, so the verification token never reaches the execution.
 */
export function notificationJson(
	notification: SchedulingNotification,
	bundle: unknown,
	options: ItemOptions,
): IDataObject {
	let json: IDataObject;
	if (options.simplify) {
		json = { ...notification };
	} else {
		json = {};
		for (const key of LIGHTWEIGHT_KEYS) json[key] = notification[key] as IDataObject[keyof IDataObject];
		json.resources = resourcesAsData(collectResources(bundle, options.detail));
	}
	return json;
}

/**
 * The node's outputs for an execution's items: all on the single output, or each on the output
 * of its event ("Separate Output per Event"). Runs in the trigger's `execute()`, not in the
 * webhook: n8n 2.41.1 runs that step only when its first input holds items (see
 * execution-tracking.ts), so the webhook hands every item on on the first output.
 */
export function routeItems(items: INodeExecutionData[], splitByEvent: boolean): INodeExecutionData[][] {
	if (!splitByEvent) return [items];
	return SCHEDULING_EVENT_NAMES.map((event) => items.filter((item) => item.json.event === event));
}
