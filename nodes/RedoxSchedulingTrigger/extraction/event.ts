/** Which scheduling event a MessageHeader announces. */
import { firstRecord, text, type JsonRecord } from './guards';
import type { SchedulingEvent } from './types';
import { lastPathSegment } from './url';

/** The event fields of the output. */
export interface EventFields {
	event: SchedulingEvent;
	eventUri: string | null;
	eventCode: string | null;
}

/** Last path segment of `eventUri`, lower-cased. Both spellings of "cancelled" are in use. */
const EVENTS_BY_URI_SEGMENT: ReadonlyMap<string, SchedulingEvent> = new Map([
	['schedulingappointmentbooked', 'booked'],
	['schedulingappointmentcancelled', 'cancelled'],
	['schedulingappointmentcanceled', 'cancelled'],
	['schedulingappointmentupdated', 'updated'],
]);

/** `eventCoding.code`, lower-cased. */
const EVENTS_BY_CODE: ReadonlyMap<string, SchedulingEvent> = new Map([
	['scheduling-event-appointment-booked', 'booked'],
	['scheduling-event-appointment-cancelled', 'cancelled'],
	['scheduling-event-appointment-canceled', 'cancelled'],
	['scheduling-event-appointment-updated', 'updated'],
]);

/**
 * The event of a MessageHeader, from `eventUri` (first) or `eventCoding.code`, case-insensitive;
 * `null` when neither names a scheduling event.
 */
export function readEvent(header: JsonRecord): EventFields | null {
	const eventUri = text(header.eventUri);
	const eventCode = text(firstRecord(header.eventCoding)?.code);
	const event =
		(eventUri === null ? undefined : EVENTS_BY_URI_SEGMENT.get(lastPathSegment(eventUri).toLowerCase())) ??
		(eventCode === null ? undefined : EVENTS_BY_CODE.get(eventCode.toLowerCase()));
	return event === undefined ? null : { event, eventUri, eventCode };
}
