/**
 * The scheduling events: the one list that the output types, the event matcher, the trigger's
 * `events` parameter and its per-event outputs are all derived from.
 */
import { firstRecord, text, type JsonRecord } from './guards';
import { lastPathSegment } from './url';

/** Each event with how Redox names it and how the trigger's panel shows it. */
export const SCHEDULING_EVENTS = [
	{
		event: 'booked',
		label: 'Booked',
		description: 'A new appointment was made',
		// Last path segments of `eventUri`, and `eventCoding.code` values, compared lower-cased.
		uriNames: ['schedulingappointmentbooked'],
		codes: ['scheduling-event-appointment-booked'],
	},
	{
		event: 'cancelled',
		label: 'Cancelled',
		description: 'An appointment was cancelled',
		// Both spellings of "cancelled" are in use.
		uriNames: ['schedulingappointmentcancelled', 'schedulingappointmentcanceled'],
		codes: ['scheduling-event-appointment-cancelled', 'scheduling-event-appointment-canceled'],
	},
	{
		event: 'updated',
		label: 'Updated',
		description: 'An appointment changed, for example it was rescheduled',
		uriNames: ['schedulingappointmentupdated'],
		codes: ['scheduling-event-appointment-updated'],
	},
] as const;

export type SchedulingEvent = (typeof SCHEDULING_EVENTS)[number]['event'];

/** The event names, in the order of the list (and of the trigger's outputs). */
export const SCHEDULING_EVENT_NAMES: readonly SchedulingEvent[] = SCHEDULING_EVENTS.map(({ event }) => event);

/** The event fields of the output. */
export interface EventFields {
	event: SchedulingEvent;
	eventUri: string | null;
	eventCode: string | null;
}

const EVENTS_BY_URI_NAME = new Map<string, SchedulingEvent>(
	SCHEDULING_EVENTS.flatMap(({ event, uriNames }) => uriNames.map((name) => [name, event] as const)),
);
const EVENTS_BY_CODE = new Map<string, SchedulingEvent>(
	SCHEDULING_EVENTS.flatMap(({ event, codes }) => codes.map((code) => [code, event] as const)),
);

/**
 * The event of a MessageHeader, from `eventUri` (first) or `eventCoding.code`, case-insensitive;
 * `null` when neither names a scheduling event.
 */
export function readEvent(header: JsonRecord): EventFields | null {
	const eventUri = text(header.eventUri);
	const eventCode = text(firstRecord(header.eventCoding)?.code);
	const event =
		(eventUri === null ? undefined : EVENTS_BY_URI_NAME.get(lastPathSegment(eventUri).toLowerCase())) ??
		(eventCode === null ? undefined : EVENTS_BY_CODE.get(eventCode.toLowerCase()));
	return event === undefined ? null : { event, eventUri, eventCode };
}

/** True for one of the scheduling event names. */
export function isSchedulingEvent(value: unknown): value is SchedulingEvent {
	return typeof value === 'string' && (SCHEDULING_EVENT_NAMES as readonly string[]).includes(value);
}
