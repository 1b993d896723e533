/**
 * The resources read by fetchAppointmentDetails as the entries of a FHIR message Bundle, so that
 * the extraction library reads them exactly as it reads a detailed notification.
 */
import type { JsonRecord, Resource } from '../RedoxSchedulingTrigger/extraction/guards';
import type { AppointmentDetails, FetchedResource } from './appointment-details';

export interface MessageEnvelope {
	/** The notification's MessageHeader, or one made for the occasion. */
	header: Resource;
	bundleId?: string;
	timestamp?: string;
	/** Entries of the notification to keep beside the fetched ones (e.g. its Procedures). */
	otherEntries?: unknown[];
}

/**
 * A message Bundle: the header, then the fetched resources. Each entry's fullUrl is the
 * reference that led to it when that is an absolute URL (as in Redox's detailed notifications,
 * so the participants resolve to it), else `<FHIR base>/<Type>/<id>`.
 */
export function detailsMessageBundle(details: AppointmentDetails, envelope: MessageEnvelope, fhirBase: string): JsonRecord {
	const fetched = [details.appointment, details.patient, details.practitionerRole, details.practitioner, details.location];
	const entries: unknown[] = [{ resource: envelope.header }];
	for (const item of fetched) if (item !== null) entries.push({ fullUrl: fullUrlOf(item, fhirBase), resource: item.resource });
	entries.push(...(envelope.otherEntries ?? []));
	const bundle: JsonRecord = { resourceType: 'Bundle', type: 'message', entry: entries };
	if (envelope.bundleId !== undefined) bundle.id = envelope.bundleId;
	if (envelope.timestamp !== undefined) bundle.timestamp = envelope.timestamp;
	return bundle;
}

function fullUrlOf(item: FetchedResource, fhirBase: string): string {
	if (/^https?:\/\//i.test(item.reference)) return item.reference;
	const id = item.resource.id;
	return typeof id === 'string' ? `${fhirBase}/${item.resource.resourceType}/${id}` : `${fhirBase}/${item.reference}`;
}
