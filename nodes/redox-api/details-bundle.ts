/**
 * The resources read by fetchAppointmentDetails put into a FHIR message Bundle, arranged so that
 * the extraction library finds them exactly as it finds the resources of a detailed notification
 * of the same appointment. The trigger adds them to a lightweight notification's Bundle; the
 * Redox node to a Bundle with a MessageHeader of its own.
 */
import { isRecord, type JsonRecord } from '../common/guards';
import { isResource } from '../common/guards';
import type { AppointmentDetails, FetchedResource } from './appointment-details';

/** Every resource read, appointment first (the order the extraction's fallbacks see them in). */
export function detailsResources(details: AppointmentDetails): FetchedResource[] {
	const { appointment, patient, practitionerRole, practitioner, location, procedures } = details;
	return [appointment, patient, practitionerRole, practitioner, location, ...procedures].filter(
		(read): read is FetchedResource => read !== null,
	);
}

/** True when `entry` holds the resource that `fetched` is a fresh read of. */
function holds(entry: JsonRecord, fetched: FetchedResource): boolean {
	if (entry.fullUrl === fetched.reference) return true;
	const { resource } = entry;
	return (
		isResource(resource) &&
		resource.resourceType === fetched.resource.resourceType &&
		typeof resource.id === 'string' &&
		resource.id === fetched.resource.id
	);
}

/** A relative `Type/id` reference (optionally with `/_history/n`). */
const RELATIVE_READ = /^[A-Z][A-Za-z]*\/[^/?#]+(\/_history\/[^/]+)?$/;

/**
 * The fullUrl of a resource the Bundle did not hold: its URL on the FHIR base it was read from
 * when the reference that led to it is a relative `Type/id`, else that reference itself (Redox's
 * detailed notifications repeat their absolute and conditional references as fullUrls exactly).
 */
function fullUrlOf(fetched: FetchedResource, fhirBase: string): string {
	const { reference, resource } = fetched;
	if (!RELATIVE_READ.test(reference) || typeof resource.id !== 'string') return reference;
	return `${fhirBase}/${resource.resourceType}/${resource.id}`;
}

/**
 * `bundle` with `fetched` in it: each read resource replaces the resource of the entry that holds
 * it (same type and id, or a fullUrl equal to the reference it was found by), keeping that entry's
 * fullUrl; the others are added after the Bundle's entries. The Bundle itself is not changed.
 */
export function withFetchedResources(bundle: JsonRecord, fetched: readonly FetchedResource[], fhirBase: string): JsonRecord {
	const entries: JsonRecord[] = (Array.isArray(bundle.entry) ? bundle.entry : []).filter(isRecord).map((entry) => ({ ...entry }));
	for (const read of fetched) {
		const holder = entries.find((entry) => holds(entry, read));
		if (holder) holder.resource = read.resource;
		else entries.push({ fullUrl: fullUrlOf(read, fhirBase), resource: read.resource });
	}
	return { ...bundle, entry: entries };
}
