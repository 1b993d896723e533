/** Whether a bundle is a detailed notification (the contract's definition). */
import { hasValue, isRecord, isResource, listOf, type Resource } from './guards';
import { actorKind } from './participants';
import type { ReferenceIndex } from './references';

/**
 * True when the bundle holds a Patient with a name, birth date, telecom or address; an
 * Appointment with a start, status, type or service type, or with a participant other than the
 * patient; or a Location, Practitioner or PractitionerRole. Resources contained in an
 * Appointment count as held by the bundle.
 */
export function isDetailedBundle(index: ReferenceIndex): boolean {
	return index.someResource((resource) => {
		if (isDetailedResource(resource, index, null)) return true;
		if (resource.resourceType !== 'Appointment') return false;
		for (const contained of listOf(resource.contained)) {
			if (isResource(contained) && isDetailedResource(contained, index, resource)) return true;
		}
		return false;
	});
}

function isDetailedResource(resource: Resource, index: ReferenceIndex, container: Resource | null): boolean {
	switch (resource.resourceType) {
		case 'Location':
		case 'Practitioner':
		case 'PractitionerRole':
			return true;
		case 'Patient':
			return (
				hasValue(resource.name) ||
				hasValue(resource.birthDate) ||
				hasValue(resource.telecom) ||
				hasValue(resource.address)
			);
		case 'Appointment':
			return (
				hasValue(resource.start) ||
				hasValue(resource.status) ||
				hasValue(resource.appointmentType) ||
				hasValue(resource.serviceType) ||
				hasActorOtherThanPatient(resource, index, container ?? resource)
			);
		default:
			return false;
	}
}

function hasActorOtherThanPatient(appointment: Resource, index: ReferenceIndex, container: Resource): boolean {
	for (const participant of listOf(appointment.participant)) {
		if (!isRecord(participant) || !isRecord(participant.actor)) continue;
		if (actorKind(participant.actor, index, container) !== 'patient') return true;
	}
	return false;
}
