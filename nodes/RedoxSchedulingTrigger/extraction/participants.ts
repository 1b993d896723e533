/** Appointment participants: who takes part, and of what kind. */
import { isRecord, listOf, text, type JsonRecord, type Resource } from './guards';
import { referenceType, type Located, type ReferenceIndex } from './references';
import type { ParticipantKind, ParticipantSummary } from './types';
import { lastPathSegment } from './url';

/** A participant as read from the Appointment: the output summary and its `actor`. */
export interface Participant {
	summary: ParticipantSummary;
	actor: JsonRecord | null;
}

/** The participant kind of a resource type; `other` for types that are not participants. */
export function kindOfType(resourceType: string): ParticipantKind {
	switch (resourceType) {
		case 'Patient':
			return 'patient';
		case 'Practitioner':
			return 'practitioner';
		case 'Location':
			return 'location';
		case 'RelatedPerson':
			return 'related-person';
		case 'Device':
			return 'device';
		case 'PractitionerRole':
			return 'practitioner-role';
		case 'HealthcareService':
			return 'healthcare-service';
		default:
			return 'other';
	}
}

/** Every participant of the Appointment, in order (items that are not objects are skipped). */
export function readParticipants(appointment: Resource | null, index: ReferenceIndex): Participant[] {
	if (appointment === null) return [];
	const participants: Participant[] = [];
	for (const item of listOf(appointment.participant)) {
		if (!isRecord(item)) continue;
		const actor = isRecord(item.actor) ? item.actor : null;
		participants.push({
			summary: {
				kind: actorKind(actor, index, appointment),
				reference: text(actor?.reference),
				display: text(actor?.display),
				status: text(item.status),
			},
			actor,
		});
	}
	return participants;
}

/**
 * An actor's kind: from the type its reference spells out, else its `type`, else the type of
 * the resource the reference resolves to, else `other`.
 */
export function actorKind(actor: JsonRecord | null, index: ReferenceIndex, container: Resource): ParticipantKind {
	if (actor === null) return 'other';
	const reference = text(actor.reference);
	const spelled = reference === null ? null : referenceType(reference);
	if (spelled !== null) return kindOfType(spelled);
	// `type` is a URI: `Patient`, or `http://hl7.org/fhir/StructureDefinition/Patient`.
	const declared = text(actor.type);
	if (declared !== null) return kindOfType(lastPathSegment(declared));
	const resolved = reference === null ? null : index.resolve(reference, container);
	return resolved === null ? 'other' : kindOfType(resolved.resource.resourceType);
}

/** The first participant of this kind (or of the other kind given). */
export function firstParticipantOf(
	participants: readonly Participant[],
	kind: ParticipantKind,
	otherKind: ParticipantKind = kind,
): Participant | null {
	for (const participant of participants) {
		const { kind: found } = participant.summary;
		if (found === kind || found === otherKind) return participant;
	}
	return null;
}

/**
 * The resource of `type` that the first participant of `kind` resolves to, else the bundle's
 * first entry of `type` (the contract's rule for the patient, the location and the provider).
 */
export function participantResource(
	participants: readonly Participant[],
	kind: ParticipantKind,
	type: string,
	index: ReferenceIndex,
	container: Resource | null,
): Located | null {
	const reference = text(firstParticipantOf(participants, kind)?.actor?.reference);
	const resolved = reference === null ? null : index.resolve(reference, container);
	if (resolved !== null && resolved.resource.resourceType === type) return resolved;
	return index.first(type);
}
