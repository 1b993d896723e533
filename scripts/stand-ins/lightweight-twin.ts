/**
 * Lightweight twins of detailed notifications, for the tests, the demo and the benchmarks: what
 * Redox sends a lightweight destination about the same appointment (the MessageHeader, an id-only
 * Appointment and an identifiers-only Patient), and the resources a Redox FHIR API stand-in must
 * serve so that "Fetch Missing Details" can make the twin detailed again.
 */
import type { FhirResource } from './redox-api';

export interface BundleEntry {
	fullUrl?: string;
	resource: FhirResource;
}

export interface NotificationBundle {
	resourceType?: string;
	id?: string;
	entry: BundleEntry[];
	[key: string]: unknown;
}

/** Header, id-only Appointment and identifiers-only Patient: what Redox sends a lightweight destination. */
export function lightweightTwin(detailed: NotificationBundle): NotificationBundle {
	const entry: BundleEntry[] = [];
	const keep = (fullUrl: string | undefined, resource: FhirResource) => entry.push(fullUrl === undefined ? { resource } : { fullUrl, resource });
	for (const { fullUrl, resource } of detailed.entry) {
		if (resource.resourceType === 'MessageHeader') keep(fullUrl, resource);
		if (resource.resourceType === 'Appointment') keep(fullUrl, { resourceType: 'Appointment', id: resource.id });
		if (resource.resourceType === 'Patient') keep(fullUrl, { resourceType: 'Patient', identifier: resource.identifier });
	}
	return { ...detailed, entry };
}

/** The resources of a detailed notification that a FHIR API serves (all but the MessageHeader). */
export function servedResources(detailed: NotificationBundle): FhirResource[] {
	return detailed.entry
		.map(({ resource }) => resource)
		.filter((resource) => resource.resourceType !== 'MessageHeader' && typeof resource.id === 'string');
}

/**
 * A copy of the notification with its own identity (`Bundle.id` and `MessageHeader.id` get the
 * suffix), so that repeated sends are distinct notifications.
 */
export function withIdentity(bundle: NotificationBundle, suffix: string): { bundle: NotificationBundle; messageId: string } {
	const copy = JSON.parse(JSON.stringify(bundle)) as NotificationBundle;
	copy.id = `${copy.id ?? 'bundle'}-${suffix}`;
	const header = copy.entry.find((entry) => entry.resource.resourceType === 'MessageHeader')?.resource;
	if (header === undefined) throw new Error('The notification has no MessageHeader');
	header.id = `${header.id ?? 'message'}-${suffix}`;
	return { bundle: copy, messageId: header.id };
}
