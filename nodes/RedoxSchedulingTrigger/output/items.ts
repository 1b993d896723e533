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

/** One item on the single output, or on the output of its event. */
export function routeItem(item: INodeExecutionData, notification: SchedulingNotification, splitByEvent: boolean): INodeExecutionData[][] {
	if (!splitByEvent) return [[item]];
	return SCHEDULING_EVENT_NAMES.map((event) => (event === notification.event ? [item] : []));
}
