/** The provider: the Practitioner who sees the patient. */
import { isRecord, listOf, text, type Resource } from './guards';
import { chooseName, formalName } from './human-name';
import { firstParticipantOf, type Participant } from './participants';
import type { ReferenceIndex } from './references';
import type { DetailedFields } from './types';

export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';

/**
 * The Practitioner of the first practitioner (or practitioner-role) participant, through the
 * PractitionerRole's `practitioner` when the actor is a role; else the bundle's first
 * Practitioner, else the practitioner of its first PractitionerRole.
 */
export function locateProvider(
	participants: readonly Participant[],
	index: ReferenceIndex,
	appointment: Resource | null,
): Resource | null {
	const reference = text(firstParticipantOf(participants, 'practitioner', 'practitioner-role')?.actor?.reference);
	const resolved = reference === null ? null : practitionerOf(index.resolve(reference, appointment)?.resource ?? null, index, appointment);
	return (
		resolved ??
		index.first('Practitioner')?.resource ??
		practitionerOf(index.first('PractitionerRole')?.resource ?? null, index, appointment)
	);
}

/** A Practitioner itself, or the Practitioner a PractitionerRole points at. */
function practitionerOf(resource: Resource | null, index: ReferenceIndex, appointment: Resource | null): Resource | null {
	if (resource === null) return null;
	if (resource.resourceType === 'Practitioner') return resource;
	if (resource.resourceType !== 'PractitionerRole' || !isRecord(resource.practitioner)) return null;
	const reference = text(resource.practitioner.reference);
	const practitioner = reference === null ? null : index.resolve(reference, appointment);
	return practitioner?.resource.resourceType === 'Practitioner' ? practitioner.resource : null;
}

/** Id, display name and NPI of the provider. */
export function providerFields(
	practitioner: Resource | null,
): Pick<DetailedFields, 'providerId' | 'providerName' | 'providerNpi'> {
	return {
		providerId: text(practitioner?.id),
		providerName: formalName(chooseName(practitioner?.name)),
		providerNpi: npiOf(practitioner),
	};
}

/** The value of the practitioner's identifier in the US NPI system. */
function npiOf(practitioner: Resource | null): string | null {
	for (const identifier of listOf(practitioner?.identifier)) {
		if (!isRecord(identifier) || identifier.system !== NPI_SYSTEM) continue;
		const value = text(identifier.value);
		if (value !== null) return value;
	}
	return null;
}
