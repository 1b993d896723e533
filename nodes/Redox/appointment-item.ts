/**
 * Appointment → Get's item: the resources read, run through the trigger's extraction library so
 * that the fields are the trigger's detailed item, field for field.
 */
import type { IDataObject } from 'n8n-workflow';

import type { AppointmentDetails, FetchedResource } from '../redox-api/appointment-details';
import { detailsResources, withFetchedResources } from '../redox-api/details-bundle';
import { parseSchedulingNotification } from '../RedoxSchedulingTrigger/extraction';
import type { Resource } from '../RedoxSchedulingTrigger/extraction/guards';
import { LIGHTWEIGHT_KEYS, type SchedulingEvent } from '../RedoxSchedulingTrigger/extraction/types';
import { isDataObject } from '../common/guards';

export interface AppointmentItemOptions {
	simplify: boolean;
	timezone: string;
	locale: string;
}

/**
 * Simplified: the trigger's detailed fields. A read announces no change, so the fields that
 * describe a notification (event URI and code, message and bundle ids, source) are null, and
 * `event` tells the appointment's state: `cancelled` for a cancelled one, else `booked`.
 * Not simplified: the lightweight fields and the resources read.
 */
export function appointmentItemJson(details: AppointmentDetails, fhirBase: string, options: AppointmentItemOptions): IDataObject {
	const event = eventOfStatus(details.appointment.resource.status);
	const headerOnly = { resourceType: 'Bundle', type: 'message', entry: [{ resource: readHeader(event, details.appointment.reference) }] };
	const bundle = withFetchedResources(headerOnly, detailsResources(details), fhirBase);
	const fields = parseSchedulingNotification(bundle, { detail: 'detailed', timezone: options.timezone, locale: options.locale });
	const item: IDataObject = { ...fields, eventCode: null };
	if (options.simplify) return item;
	const lightweight: IDataObject = {};
	for (const key of LIGHTWEIGHT_KEYS) lightweight[key] = item[key];
	return {
		...lightweight,
		resources: {
			appointment: dataOf(details.appointment),
			patient: dataOf(details.patient),
			location: dataOf(details.location),
			provider: dataOf(details.practitioner),
			practitionerRole: dataOf(details.practitionerRole),
		},
	};
}

function eventOfStatus(status: unknown): SchedulingEvent {
	return status === 'cancelled' ? 'cancelled' : 'booked';
}

/** A MessageHeader that focuses on the appointment read; the extraction needs one. */
function readHeader(event: SchedulingEvent, appointmentReference: string): Resource {
	return {
		resourceType: 'MessageHeader',
		eventCoding: { code: `Scheduling-event-appointment-${event}` },
		focus: [{ reference: appointmentReference }],
	};
}

/** A resource read, as n8n item data (parsed JSON is what IDataObject describes). */
function dataOf(fetched: FetchedResource | null): IDataObject | null {
	return fetched !== null && isDataObject(fetched.resource) ? fetched.resource : null;
}
