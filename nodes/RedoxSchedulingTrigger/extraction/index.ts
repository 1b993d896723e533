/**
 * The extraction library: Redox scheduling notifications (FHIR R4 message Bundles) to the plain
 * objects of the output contract. It knows nothing of n8n.
 */
export { parseSchedulingNotification } from './parse';
export { RedoxNotificationError, isRedoxNotificationError } from './errors';
export type { RedoxNotificationErrorCode } from './errors';
export type {
	DetailLevel,
	DetailedFields,
	DetailedNotification,
	LightweightFields,
	LightweightNotification,
	ParseOptions,
	ParticipantKind,
	ParticipantSummary,
	PatientIdentifier,
	ProcedureSummary,
	SchedulingEvent,
	SchedulingNotification,
} from './types';
