import type { IDataObject } from 'n8n-workflow';

import { locateAppointment } from '../extraction/appointment';
import { isRecord, type Resource } from '../extraction/guards';
import { participantResource, readParticipants } from '../extraction/participants';
import { locatePatient } from '../extraction/patient';
import { locateProvider } from '../extraction/provider';
import { ReferenceIndex } from '../extraction/references';
import type { DetailLevel } from '../extraction/types';

/** The FHIR resources of a notification as received, for "Simplify" off. */
export interface NotificationResources {
	messageHeader: Resource | null;
	appointment?: Resource | null;
	patient?: Resource | null;
	location?: Resource | null;
	provider?: Resource | null;
	procedures?: Resource[];
	other?: Resource[];
}

/**
 * The resolved resources, found by the same rules as the simplified fields (the appointment
 * the MessageHeader focuses on, the patient/location/provider its participants point at).
 * Lightweight mode passes on the MessageHeader only: the minimum necessary.
 */
export function collectResources(bundle: unknown, detail: DetailLevel): NotificationResources {
	if (!isRecord(bundle) || !Array.isArray(bundle.entry)) return { messageHeader: null };
	const index = new ReferenceIndex(bundle.entry);
	const messageHeader = index.first('MessageHeader')?.resource ?? null;
	if (detail === 'lightweight' || messageHeader === null) return { messageHeader };

	const appointment = locateAppointment(messageHeader, index).located?.resource ?? null;
	const participants = readParticipants(appointment, index);
	const patient = locatePatient(participants, index, appointment).located?.resource ?? null;
	const location = participantResource(participants, 'location', 'Location', index, appointment)?.resource ?? null;
	const provider = locateProvider(participants, index, appointment);
	const procedures = index.resources.filter((resource) => resource.resourceType === 'Procedure');

	const named = new Set<Resource | null>([messageHeader, appointment, patient, location, provider, ...procedures]);
	const other = index.resources.filter((resource) => !named.has(resource));
	return { messageHeader, appointment, patient, location, provider, procedures, other };
}

/**
 * As an n8n data object. The resources are parsed JSON, which is what IDataObject describes;
 * TypeScript cannot see that through `unknown`-typed fields, hence the one cast.
 */
export function resourcesAsData(resources: NotificationResources): IDataObject {
	return { ...resources } as IDataObject;
}
