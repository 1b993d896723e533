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
const EVENTS_BY_URI_SEGMENT: ReadonlyArray<readonly [string, SchedulingEvent]> = [
	['schedulingappointmentbooked', 'booked'],
	['schedulingappointmentcancelled', 'cancelled'],
	['schedulingappointmentcanceled', 'cancelled'],
	['schedulingappointmentupdated', 'updated'],
];

/** `eventCoding.code`, lower-cased. */
const EVENTS_BY_CODE: ReadonlyArray<readonly [string, SchedulingEvent]> = [
	['scheduling-event-appointment-booked', 'booked'],
	['scheduling-event-appointment-cancelled', 'cancelled'],
	['scheduling-event-appointment-canceled', 'cancelled'],
	['scheduling-event-appointment-updated', 'updated'],
];

/**
 * The event of a MessageHeader, from `eventUri` (first) or `eventCoding.code`, case-insensitive;
 * `null` when neither names a scheduling event.
 */
export function readEvent(header: JsonRecord): EventFields | null {
	const eventUri = text(header.eventUri);
	const eventCode = text(firstRecord(header.eventCoding)?.code);
	const event =
		(eventUri === null ? null : matchName(lastPathSegment(eventUri), EVENTS_BY_URI_SEGMENT)) ??
		(eventCode === null ? null : matchName(eventCode, EVENTS_BY_CODE));
	return event === null ? null : { event, eventUri, eventCode };
}

/** The event of the first name equal to `value`, ignoring case. */
function matchName(value: string, names: ReadonlyArray<readonly [string, SchedulingEvent]>): SchedulingEvent | null {
	let lowered: string | null = null;
	for (const [name, event] of names) {
		// Lower-case only when a length matches: most values are not event names at all.
		if (name.length !== value.length) continue;
		lowered ??= value.toLowerCase();
		if (lowered === name) return event;
	}
	return null;
}
