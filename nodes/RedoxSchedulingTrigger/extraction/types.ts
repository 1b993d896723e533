/**
 * The output of `parseSchedulingNotification`: the fields a workflow author maps into an email,
 * a Slack message or a spreadsheet row. `docs/output-contract.md` is the specification.
 */

import type { SchedulingEvent } from './event';

export type { SchedulingEvent };
export type DetailLevel = 'lightweight' | 'detailed';

export interface ParseOptions {
	/** What the caller wants; `'lightweight'` never outputs the detailed keys. Default `'detailed'`. */
	detail?: DetailLevel;
	/** IANA time zone for the `*Local` and `*Text` fields. Default `'UTC'`. */
	timezone?: string;
	/** BCP 47 locale for `appointmentStartText`. Default `'en-US'`. */
	locale?: string;
}

export interface PatientIdentifier {
	system: string | null;
	value: string | null;
	type: string | null;
}

export interface ProcedureSummary {
	code: string | null;
	system: string | null;
	display: string | null;
}

export type ParticipantKind =
	| 'patient'
	| 'practitioner'
	| 'location'
	| 'related-person'
	| 'device'
	| 'practitioner-role'
	| 'healthcare-service'
	| 'other';

export interface ParticipantSummary {
	kind: ParticipantKind;
	reference: string | null;
	display: string | null;
	status: string | null;
}

/** Always present, in both detail modes. */
export interface LightweightFields {
	event: SchedulingEvent;
	eventUri: string | null;
	eventCode: string | null;
	messageId: string | null;
	bundleId: string | null;
	timestamp: string | null;
	sourceName: string | null;
	sourceEndpoint: string | null;
	appointmentReference: string | null;
	appointmentId: string | null;
	appointmentUrl: string | null;
	patientReference: string | null;
	patientId: string | null;
	patientIdentifierSystem: string | null;
	patientIdentifiers: PatientIdentifier[];
	detailLevel: DetailLevel;
}

/** The keys of `LightweightFields`, in output order: the one list the node's items use too. */
export const LIGHTWEIGHT_KEYS = [
	'event',
	'eventUri',
	'eventCode',
	'messageId',
	'bundleId',
	'timestamp',
	'sourceName',
	'sourceEndpoint',
	'appointmentReference',
	'appointmentId',
	'appointmentUrl',
	'patientReference',
	'patientId',
	'patientIdentifierSystem',
	'patientIdentifiers',
	'detailLevel',
] as const satisfies ReadonlyArray<keyof LightweightFields>;

// Fails to compile when a key of LightweightFields is missing from the list above.
type Nothing<T extends never> = T;
export type UnlistedLightweightKeys = Nothing<Exclude<keyof LightweightFields, (typeof LIGHTWEIGHT_KEYS)[number]>>;

/** Present only when the caller asked for `detail: 'detailed'`. */
export interface DetailedFields {
	appointmentStatus: string | null;
	appointmentStart: string | null;
	appointmentEnd: string | null;
	appointmentStartLocal: string | null;
	appointmentEndLocal: string | null;
	appointmentStartText: string | null;
	appointmentDurationMinutes: number | null;
	appointmentType: string | null;
	serviceType: string | null;
	specialty: string | null;
	appointmentReason: string | null;
	appointmentDescription: string | null;
	appointmentComment: string | null;
	patientInstruction: string | null;
	cancellationReason: string | null;
	rescheduled: boolean;
	previousStart: string | null;
	previousVisitNumber: string | null;
	patientFullName: string | null;
	patientFirstName: string | null;
	patientLastName: string | null;
	patientBirthDate: string | null;
	patientGender: string | null;
	patientMrn: string | null;
	patientPhone: string | null;
	patientEmail: string | null;
	patientAddress: string | null;
	locationId: string | null;
	locationName: string | null;
	locationAddress: string | null;
	providerId: string | null;
	providerName: string | null;
	providerNpi: string | null;
	procedureCode: string | null;
	procedureName: string | null;
	procedures: ProcedureSummary[];
	participants: ParticipantSummary[];
	relatedReferences: string[];
}

export type LightweightNotification = LightweightFields;
export type DetailedNotification = LightweightFields & DetailedFields;
export type SchedulingNotification = LightweightNotification | DetailedNotification;
