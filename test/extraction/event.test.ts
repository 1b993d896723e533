/** Which event a notification announces: eventUri or eventCoding, both spellings, any case. */
import { parseSchedulingNotification } from '../../nodes/RedoxSchedulingTrigger/extraction';
import { readEvent } from '../../nodes/RedoxSchedulingTrigger/extraction/event';

import { appointment, bundle, header, parse } from './helpers';

const EVENT_DEFINITION = 'https://fhir.redoxengine.com/EventDefinition/';

function withHeader(fields: Record<string, unknown>): Record<string, unknown> {
	const head = header(['Appointment/apt-1']);
	delete head.resource.eventUri;
	Object.assign(head.resource, fields);
	return bundle(head, appointment());
}

describe('eventUri: last path segment, case-insensitive', () => {
	it.each([
		[`${EVENT_DEFINITION}SchedulingAppointmentBooked`, 'booked'],
		[`${EVENT_DEFINITION}SchedulingAppointmentCancelled`, 'cancelled'],
		[`${EVENT_DEFINITION}SchedulingAppointmentCanceled`, 'cancelled'],
		[`${EVENT_DEFINITION}SchedulingAppointmentUpdated`, 'updated'],
		[`${EVENT_DEFINITION}schedulingappointmentbooked`, 'booked'],
		[`${EVENT_DEFINITION}SCHEDULINGAPPOINTMENTCANCELED`, 'cancelled'],
		['http://example.org/other/path/SchedulingAppointmentUpdated', 'updated'],
		[`${EVENT_DEFINITION}SchedulingAppointmentBooked/`, 'booked'],
		[`${EVENT_DEFINITION}SchedulingAppointmentBooked?version=1`, 'booked'],
		[`${EVENT_DEFINITION}SchedulingAppointmentBooked#x`, 'booked'],
		['SchedulingAppointmentBooked', 'booked'],
	])('%s → %s', (eventUri, event) => {
		const result = parse(withHeader({ eventUri }));
		expect(result.event).toBe(event);
		expect(result.eventUri).toBe(eventUri);
		expect(result.eventCode).toBeNull();
	});
});

describe('eventCoding.code, case-insensitive', () => {
	it.each([
		['Scheduling-event-appointment-booked', 'booked'],
		['Scheduling-event-appointment-cancelled', 'cancelled'],
		['Scheduling-event-appointment-canceled', 'cancelled'],
		['Scheduling-event-appointment-updated', 'updated'],
		['scheduling-event-appointment-BOOKED', 'booked'],
		['SCHEDULING-EVENT-APPOINTMENT-CANCELED', 'cancelled'],
	])('%s → %s', (code, event) => {
		const result = parse(withHeader({ eventCoding: { system: 'urn:redox:event-type', code } }));
		expect(result.event).toBe(event);
		expect(result.eventCode).toBe(code);
		expect(result.eventUri).toBeNull();
	});
});

describe('precedence and unknown events', () => {
	it('eventUri wins when both are recognisable', () => {
		const result = parse(
			withHeader({
				eventUri: `${EVENT_DEFINITION}SchedulingAppointmentCancelled`,
				eventCoding: { code: 'Scheduling-event-appointment-booked' },
			}),
		);
		expect(result).toMatchObject({ event: 'cancelled', eventCode: 'Scheduling-event-appointment-booked' });
	});

	it('an unrecognised eventUri falls back to a recognisable eventCoding', () => {
		const result = parse(
			withHeader({
				eventUri: `${EVENT_DEFINITION}PatientAdminPatientAdmitted`,
				eventCoding: { code: 'Scheduling-event-appointment-updated' },
			}),
		);
		expect(result.event).toBe('updated');
	});

	it.each([
		['another event', { eventUri: `${EVENT_DEFINITION}PatientAdminPatientAdmitted` }],
		['a near miss', { eventUri: `${EVENT_DEFINITION}SchedulingAppointmentBookedX` }],
		['a code of another event', { eventCoding: { code: 'Scheduling-event-appointment-noshow' } }],
		['no event at all', {}],
		['wrong types', { eventUri: 42, eventCoding: 'Scheduling-event-appointment-booked' }],
		['the code only in display', { eventCoding: { display: 'Scheduling-event-appointment-booked' } }],
	])('%s → UNKNOWN_EVENT', (_name, fields) => {
		expect(() => parseSchedulingNotification(withHeader(fields))).toThrow(
			expect.objectContaining({ code: 'UNKNOWN_EVENT' }),
		);
	});

	it('an eventCoding sent as a list is read from its first coding', () => {
		expect(readEvent({ eventCoding: [{ code: 'Scheduling-event-appointment-booked' }] })?.event).toBe('booked');
	});
});
