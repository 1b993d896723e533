/** Assembles the output object from the parts each module reads. */
import { appointmentDetailFields, isAppointmentReference, type AppointmentTarget } from './appointment';
import { isDetailedBundle } from './detail-level';
import type { EventFields } from './event';
import { isRecord, text, type JsonRecord, type Resource } from './guards';
import { locationFields } from './location';
import { participantResource, readParticipants } from './participants';
import { locatePatient, patientDetailFields } from './patient';
import { procedureFields } from './procedures';
import { locateProvider, providerFields } from './provider';
import type { ReferenceIndex } from './references';
import { relatedReferences } from './related-references';
import { rescheduleFields } from './reschedule';
import type { TimeContext } from './time-context';
import type { DetailedNotification, LightweightNotification } from './types';

/** A message Bundle that passed the structural checks. */
export interface Message {
	bundle: JsonRecord;
	header: Resource;
	index: ReferenceIndex;
}

/**
 * The output: the lightweight fields, and with a time context (detail `'detailed'`) every
 * detailed field too. Without one, no detailed key appears at all.
 */
export function buildNotification(
	message: Message,
	event: EventFields,
	appointment: AppointmentTarget,
	clock: TimeContext | null,
): LightweightNotification | DetailedNotification {
	const { bundle, header, index } = message;
	const appointmentResource = appointment.located?.resource ?? null;
	const participants = readParticipants(appointmentResource, index);
	const patient = locatePatient(participants, index, appointmentResource);
	const source = isRecord(header.source) ? header.source : null;

	// Plain literals with every key spelled out: a reader finds each field's source here, and
	// V8 builds them far faster than a chain of object spreads.
	const lightweight: LightweightNotification = {
		event: event.event,
		eventUri: event.eventUri,
		eventCode: event.eventCode,
		messageId: text(header.id),
		bundleId: text(bundle.id),
		timestamp: text(bundle.timestamp) ?? text(header.timestamp),
		sourceName: text(source?.name),
		sourceEndpoint: text(source?.endpoint),
		appointmentReference: appointment.fields.appointmentReference,
		appointmentId: appointment.fields.appointmentId,
		appointmentUrl: appointment.fields.appointmentUrl,
		patientReference: patient.fields.patientReference,
		patientId: patient.fields.patientId,
		patientIdentifierSystem: patient.fields.patientIdentifierSystem,
		patientIdentifiers: patient.fields.patientIdentifiers,
		detailLevel: 'lightweight',
	};
	if (clock === null) return lightweight;

	const times = appointmentDetailFields(appointmentResource, clock);
	const reschedule = rescheduleFields(appointmentResource);
	const demographics = patientDetailFields(patient);
	const location = locationFields(
		participantResource(participants, 'location', 'Location', index, appointmentResource)?.resource ?? null,
	);
	const provider = providerFields(locateProvider(participants, index, appointmentResource));
	const procedures = procedureFields(index);
	return {
		event: lightweight.event,
		eventUri: lightweight.eventUri,
		eventCode: lightweight.eventCode,
		messageId: lightweight.messageId,
		bundleId: lightweight.bundleId,
		timestamp: lightweight.timestamp,
		sourceName: lightweight.sourceName,
		sourceEndpoint: lightweight.sourceEndpoint,
		appointmentReference: lightweight.appointmentReference,
		appointmentId: lightweight.appointmentId,
		appointmentUrl: lightweight.appointmentUrl,
		patientReference: lightweight.patientReference,
		patientId: lightweight.patientId,
		patientIdentifierSystem: lightweight.patientIdentifierSystem,
		patientIdentifiers: lightweight.patientIdentifiers,
		detailLevel: isDetailedBundle(index) ? 'detailed' : 'lightweight',
		appointmentStatus: times.appointmentStatus,
		appointmentStart: times.appointmentStart,
		appointmentEnd: times.appointmentEnd,
		appointmentStartLocal: times.appointmentStartLocal,
		appointmentEndLocal: times.appointmentEndLocal,
		appointmentStartText: times.appointmentStartText,
		appointmentDurationMinutes: times.appointmentDurationMinutes,
		appointmentType: times.appointmentType,
		serviceType: times.serviceType,
		specialty: times.specialty,
		appointmentReason: times.appointmentReason,
		appointmentDescription: times.appointmentDescription,
		appointmentComment: times.appointmentComment,
		patientInstruction: times.patientInstruction,
		cancellationReason: times.cancellationReason,
		rescheduled: reschedule.rescheduled,
		previousStart: reschedule.previousStart,
		previousVisitNumber: reschedule.previousVisitNumber,
		patientFullName: demographics.patientFullName,
		patientFirstName: demographics.patientFirstName,
		patientLastName: demographics.patientLastName,
		patientBirthDate: demographics.patientBirthDate,
		patientGender: demographics.patientGender,
		patientMrn: demographics.patientMrn,
		patientPhone: demographics.patientPhone,
		patientEmail: demographics.patientEmail,
		patientAddress: demographics.patientAddress,
		locationId: location.locationId,
		locationName: location.locationName,
		locationAddress: location.locationAddress,
		providerId: provider.providerId,
		providerName: provider.providerName,
		providerNpi: provider.providerNpi,
		procedures: procedures.procedures,
		procedureCode: procedures.procedureCode,
		procedureName: procedures.procedureName,
		participants: participants.map((participant) => participant.summary),
		relatedReferences: relatedReferences(appointmentResource, header.focus, isAppointmentReference(appointment, index)),
	};
}
