/**
 * "Fetch appointment details": the resources a detailed notification would carry, read from
 * the Redox FHIR API. Used by the trigger's "Fetch Missing Details" and the Redox node's
 * Appointment → Get.
 */
import { isRecord, listOf, type Resource } from '../common/guards';
import { relatedReferences } from '../RedoxSchedulingTrigger/extraction/related-references';
import { isRedoxApiError, RedoxApiError } from './errors';
import type { FhirClient } from './fhir-client';
import { referenceTarget, type ReferenceTarget } from './references';

/** A resource read, with the reference that led to it (kept as the entry's fullUrl). */
export interface FetchedResource {
	reference: string;
	resource: Resource;
}

export interface AppointmentDetails {
	appointment: FetchedResource;
	patient: FetchedResource | null;
	location: FetchedResource | null;
	practitioner: FetchedResource | null;
	/** The PractitionerRole the appointment names as its actor, when it names one. */
	practitionerRole: FetchedResource | null;
	/** The Procedures the appointment references (supportingInformation, reasonReference, ...). */
	procedures: FetchedResource[];
}

/** Every distinct reference inside the appointment that names a resource of `type`, in order. */
function referencesOfType(appointment: Resource, type: string): string[] {
	return relatedReferences(appointment, null, () => false).filter((reference) => referenceTarget(reference)?.type === type);
}

export interface AppointmentDetailsRequest {
	/** `Appointment/<id>`, an absolute URL, or a bare id. */
	appointmentReference: string;
	/** The notification's patient identifier, searched when the appointment names no patient. */
	patientIdentifier?: { system: string | null; value: string } | null;
}

/**
 * Reads the Appointment, then at the same time its Patient, Location and Practitioner (through
 * the PractitionerRole when that is the actor). Throws `not-found` when the appointment does not
 * exist and `unavailable` when Redox cannot answer; a participant that is gone (404) or a
 * patient search without a match leaves that part `null`.
 */
export async function fetchAppointmentDetails(client: FhirClient, request: AppointmentDetailsRequest): Promise<AppointmentDetails> {
	const target = appointmentTarget(request.appointmentReference);
	if (target === null) {
		throw new RedoxApiError('request', 'The appointment reference is neither an id, "Appointment/<id>" nor a URL ending in one.');
	}
	const appointment = await client.read('Appointment', target.id);
	const participants = listOf(appointment.participant).filter(isRecord);

	const [patient, location, provider, procedures] = await Promise.all([
		readPatient(client, participants, request.patientIdentifier ?? null),
		readParticipant(client, participants, ['Location']),
		readParticipant(client, participants, ['Practitioner', 'PractitionerRole']),
		Promise.all(referencesOfType(appointment, 'Procedure').map(async (reference) => await readOptional(client, reference, ['Procedure']))),
	]);
	let practitioner = provider;
	let practitionerRole: FetchedResource | null = null;
	if (provider?.resource.resourceType === 'PractitionerRole') {
		practitionerRole = provider;
		const roleReference = isRecord(provider.resource.practitioner) ? provider.resource.practitioner.reference : undefined;
		practitioner = typeof roleReference === 'string' ? await readOptional(client, roleReference, ['Practitioner']) : null;
	}
	return {
		appointment: { reference: target.reference, resource: appointment },
		patient,
		location,
		practitioner,
		practitionerRole,
		procedures: procedures.filter((read): read is FetchedResource => read !== null),
	};
}


/** The Appointment to read, and its reference as given (`Appointment/<id>` for a bare id). */
function appointmentTarget(given: string): { id: string; reference: string } | null {
	const trimmed = given.trim();
	const reference = trimmed.includes('/') || trimmed.includes(':') ? trimmed : `Appointment/${trimmed}`;
	const target = referenceTarget(reference);
	return target?.kind === 'read' && target.type === 'Appointment' ? { id: target.id, reference } : null;
}

/**
 * The patient participant's resource; without a usable reference, a search by the identifier the
 * participant carries, else by the notification's.
 */
async function readPatient(
	client: FhirClient,
	participants: Array<Record<string, unknown>>,
	notificationIdentifier: { system: string | null; value: string } | null,
): Promise<FetchedResource | null> {
	const patient = participants.map(actorOf).find((actor) => actor !== null && actorType(actor) === 'Patient') ?? null;
	if (patient !== null && typeof patient.reference === 'string' && referenceTarget(patient.reference) !== null) {
		return await readOptional(client, patient.reference, ['Patient']);
	}
	const identifier = (patient === null ? null : identifierOf(patient.identifier)) ?? notificationIdentifier;
	if (identifier === null) return null;
	const token = identifier.system === null ? identifier.value : `${identifier.system}|${identifier.value}`;
	const [found] = await client.search('Patient', [['identifier', token]]);
	return found === undefined ? null : { reference: `Patient?identifier=${token}`, resource: found };
}

/** The resource of the first participant whose actor is one of `types`. */
async function readParticipant(
	client: FhirClient,
	participants: Array<Record<string, unknown>>,
	types: readonly string[],
): Promise<FetchedResource | null> {
	for (const participant of participants) {
		const actor = actorOf(participant);
		if (actor === null || typeof actor.reference !== 'string') continue;
		const type = actorType(actor);
		if (type !== null && types.includes(type)) return await readOptional(client, actor.reference, types);
	}
	return null;
}

/** The resource a reference names, `null` when it cannot be fetched, is gone, or is of another type. */
async function readOptional(client: FhirClient, reference: string, types: readonly string[]): Promise<FetchedResource | null> {
	const target: ReferenceTarget | null = referenceTarget(reference);
	if (target === null || !types.includes(target.type)) return null;
	// A participant that is gone leaves its fields null; any other failure is the caller's.
	const resource = await client.fetchTarget(target).catch((error: unknown) => {
		if (isRedoxApiError(error) && error.kind === 'not-found') return null;
		return Promise.reject(error);
	});
	return resource === null || !types.includes(resource.resourceType) ? null : { reference, resource };
}

function actorOf(participant: Record<string, unknown>): Record<string, unknown> | null {
	return isRecord(participant.actor) ? participant.actor : null;
}

/** The actor's resource type: from its reference (`Type/id`, `.../Type/id`, `Type?...`), else `actor.type`. */
function actorType(actor: Record<string, unknown>): string | null {
	if (typeof actor.reference === 'string') {
		const target = referenceTarget(actor.reference);
		if (target !== null) return target.type;
	}
	return typeof actor.type === 'string' ? actor.type : null;
}

function identifierOf(value: unknown): { system: string | null; value: string } | null {
	if (!isRecord(value) || typeof value.value !== 'string' || value.value === '') return null;
	return { system: typeof value.system === 'string' && value.system !== '' ? value.system : null, value: value.value };
}
