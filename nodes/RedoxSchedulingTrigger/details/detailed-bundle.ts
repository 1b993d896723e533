/**
 * A lightweight notification made detailed: its Bundle with the resources the node read from the
 * Redox FHIR API, arranged so that the extraction finds them exactly as it finds the resources of
 * a detailed notification of the same appointment.
 */
import { isRecord, type JsonRecord } from '../../common/guards';
import { isResource, type Resource } from '../extraction/guards';

/** A resource read from the Redox FHIR API, with the reference it was found by. */
export interface FetchedResource {
	/**
	 * The reference as the notification or the appointment wrote it (`Patient/1`, an absolute URL,
	 * `Patient?identifier=...`): the fullUrl a detailed notification gives the resource's entry.
	 */
	reference: string;
	resource: Resource;
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

/**
 * The notification's Bundle with `fetched` in it: each read resource replaces the resource of the
 * entry that holds it (same type and id, or a fullUrl equal to the reference it was found by),
 * keeping that entry's fullUrl; the others are added after the notification's entries, with the
 * reference they were found by as their fullUrl, which is how Redox writes detailed bundles
 * (every reference repeats its entry's fullUrl). The Bundle itself is not changed.
 */
export function withFetchedResources(bundle: JsonRecord, fetched: readonly FetchedResource[]): JsonRecord {
	const entries: JsonRecord[] = (Array.isArray(bundle.entry) ? bundle.entry : []).filter(isRecord).map((entry) => ({ ...entry }));
	for (const read of fetched) {
		const holder = entries.find((entry) => holds(entry, read));
		if (holder) holder.resource = read.resource;
		else entries.push({ fullUrl: read.reference, resource: read.resource });
	}
	return { ...bundle, entry: entries };
}
