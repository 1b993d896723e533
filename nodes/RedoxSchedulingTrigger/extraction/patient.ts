/** The Patient: who the appointment is for, their identifiers and their demographics. */
import { chooseAddress, formatAddress } from './address';
import { firstCoding } from './concept';
import { isRecord, listOf, text, type JsonRecord, type Resource } from './guards';
import { chooseName, familyName, firstGiven, fullName } from './human-name';
import { firstParticipantOf, participantResource, type Participant } from './participants';
import { conditionalIdentifiers, type Located, type ReferenceIndex } from './references';
import type { DetailedFields, LightweightFields, PatientIdentifier } from './types';

/** The patient of a notification. */
export interface PatientTarget {
	/** The Patient resource and its entry's `fullUrl`, when the bundle carries one. */
	located: Located | null;
	/** `patientMrn`: the value of the `MR` identifier. */
	mrn: string | null;
	fields: Pick<
		LightweightFields,
		'patientReference' | 'patientId' | 'patientIdentifierSystem' | 'patientIdentifiers'
	>;
}

/**
 * The patient: the Patient the first patient participant resolves to, else the bundle's first
 * Patient; its reference and identifiers. Without a Patient resource, the identifiers come
 * from the participant's `actor.identifier` or from a conditional `Patient?identifier=` reference.
 */
export function locatePatient(
	participants: readonly Participant[],
	index: ReferenceIndex,
	appointment: Resource | null,
): PatientTarget {
	const located = participantResource(participants, 'patient', 'Patient', index, appointment);
	const actor = firstParticipantOf(participants, 'patient')?.actor ?? null;
	const patientReference = text(actor?.reference) ?? located?.fullUrl ?? null;

	const actorIdentifier = actor?.identifier;
	let identifiers: readonly unknown[];
	if (located !== null) identifiers = listOf(located.resource.identifier);
	else if (isRecord(actorIdentifier) || Array.isArray(actorIdentifier)) identifiers = listOf(actorIdentifier);
	else identifiers = patientReference === null ? [] : conditionalIdentifiers(patientReference);

	const patientIdentifiers: PatientIdentifier[] = [];
	let chosen: JsonRecord | null = null;
	let mr: JsonRecord | null = null;
	for (const identifier of identifiers) {
		if (!isRecord(identifier)) continue;
		patientIdentifiers.push({
			system: text(identifier.system),
			value: text(identifier.value),
			type: identifierType(identifier),
		});
		chosen ??= identifier;
		if (mr === null && isMedicalRecordNumber(identifier)) mr = identifier;
	}
	chosen = mr ?? chosen;
	return {
		located,
		mrn: text(mr?.value),
		fields: {
			patientReference,
			patientId: text(chosen?.value),
			patientIdentifierSystem: text(chosen?.system),
			patientIdentifiers,
		},
	};
}

/** An identifier's type: its first coding's `code`, else `type.text`. */
function identifierType(identifier: JsonRecord): string | null {
	const type = identifier.type;
	if (!isRecord(type)) return null;
	return text(firstCoding(type)?.code) ?? text(type.text);
}

/** True when any `type.coding[].code` of the identifier is `MR` (medical record number). */
function isMedicalRecordNumber(identifier: JsonRecord): boolean {
	const type = identifier.type;
	if (!isRecord(type)) return false;
	for (const coding of listOf(type.coding)) {
		if (isRecord(coding) && coding.code === 'MR') return true;
	}
	return false;
}

/** The patient's demographics: chosen name, birth date, gender, MRN, phone, email, home address. */
export function patientDetailFields(
	patient: PatientTarget,
): Pick<
	DetailedFields,
	| 'patientFullName'
	| 'patientFirstName'
	| 'patientLastName'
	| 'patientBirthDate'
	| 'patientGender'
	| 'patientMrn'
	| 'patientPhone'
	| 'patientEmail'
	| 'patientAddress'
> {
	const resource = patient.located?.resource ?? null;
	const name = chooseName(resource?.name);
	const contact = contactPoints(resource?.telecom);
	return {
		patientFullName: fullName(name),
		patientFirstName: firstGiven(name),
		patientLastName: familyName(name),
		patientBirthDate: text(resource?.birthDate),
		patientGender: text(resource?.gender),
		patientMrn: patient.mrn,
		patientPhone: contact.phone,
		patientEmail: contact.email,
		patientAddress: formatAddress(chooseAddress(resource?.address, 'home')),
	};
}

/** The value of the first `phone` and of the first `email` contact point that have one. */
function contactPoints(telecom: unknown): { phone: string | null; email: string | null } {
	let phone: string | null = null;
	let email: string | null = null;
	for (const point of listOf(telecom)) {
		if (!isRecord(point)) continue;
		if (phone === null && point.system === 'phone') phone = text(point.value);
		else if (email === null && point.system === 'email') email = text(point.value);
	}
	return { phone, email };
}
