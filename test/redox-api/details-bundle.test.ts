/**
 * withFetchedResources: a lightweight notification plus the resources read from the FHIR API
 * gives the same fields as the detailed notification of that appointment.
 */
import type { FetchedResource } from '../../nodes/redox-api/appointment-details';
import { withFetchedResources } from '../../nodes/redox-api/details-bundle';
import { isResource } from '../../nodes/RedoxSchedulingTrigger/extraction/guards';
import { parseSchedulingNotification } from '../../nodes/RedoxSchedulingTrigger/extraction';
import { fixtureJson } from '../helpers/fixtures';

const BASE = 'https://api.example/fhir/R4/org/Development';
const OPTIONS = { detail: 'detailed', timezone: 'America/New_York', locale: 'en-US' } as const;
const DETAILED = ['booked-detailed', 'cancelled-detailed', 'updated-rescheduled-detailed'];

interface Entry {
	fullUrl?: string;
	resource: Record<string, unknown> & { resourceType: string };
}

/**
 * The lightweight twin of a detailed notification: its header, its Appointment with only its id
 * (as Redox's lightweight notifications carry it), and its Patient with identifiers only.
 */
function lightweightTwin(detailed: { entry: Entry[] }): { twin: Record<string, unknown>; fetched: FetchedResource[] } {
	const twinEntries: Entry[] = [];
	const fetched: FetchedResource[] = [];
	for (const entry of detailed.entry) {
		const { resource } = entry;
		if (resource.resourceType === 'MessageHeader') twinEntries.push(entry);
		else if (isResource(resource)) fetched.push({ reference: entry.fullUrl ?? `${resource.resourceType}/${String(resource.id)}`, resource });
		if (resource.resourceType === 'Appointment') twinEntries.push({ fullUrl: entry.fullUrl, resource: { resourceType: 'Appointment', id: resource.id } });
		if (resource.resourceType === 'Patient') {
			twinEntries.push({ fullUrl: entry.fullUrl, resource: { resourceType: 'Patient', identifier: resource.identifier } });
		}
	}
	return { twin: { ...detailed, entry: twinEntries }, fetched };
}

describe.each(DETAILED)('%s', (name) => {
	const detailed = fixtureJson<{ entry: Entry[] }>(`${name}.json`);
	const { twin, fetched } = lightweightTwin(detailed);

	it('its lightweight twin is lightweight', () => {
		expect(parseSchedulingNotification(twin, OPTIONS).detailLevel).toBe('lightweight');
	});

	it('the twin with the fetched resources gives every field of the detailed notification', () => {
		const fromFetched = parseSchedulingNotification(withFetchedResources(twin, fetched, BASE), OPTIONS);
		expect(fromFetched).toEqual(parseSchedulingNotification(detailed, OPTIONS));
	});

	it('leaves the notification itself unchanged', () => {
		const before = JSON.stringify(twin);
		withFetchedResources(twin, fetched, BASE);
		expect(JSON.stringify(twin)).toBe(before);
	});
});

it('replaces the entry that holds a read resource (same type and id) and keeps its fullUrl', () => {
	const bundle = {
		resourceType: 'Bundle',
		entry: [{ fullUrl: 'https://ehr.example/Appointment/a1', resource: { resourceType: 'Appointment', id: 'a1' } }],
	};
	const read = { resourceType: 'Appointment', id: 'a1', status: 'booked' };
	const merged = withFetchedResources(bundle, [{ reference: 'Appointment/a1', resource: read }], BASE);
	expect(merged.entry).toEqual([{ fullUrl: 'https://ehr.example/Appointment/a1', resource: read }]);
});

it('replaces the entry whose fullUrl is the reference the resource was found by (a conditional Patient)', () => {
	const reference = 'Patient?identifier=urn:redox:org:MR|0001';
	const bundle = { resourceType: 'Bundle', entry: [{ fullUrl: reference, resource: { resourceType: 'Patient', identifier: [] } }] };
	const read = { resourceType: 'Patient', id: 'p9', name: [{ family: 'Doe' }] };
	expect(withFetchedResources(bundle, [{ reference, resource: read }], BASE).entry).toEqual([{ fullUrl: reference, resource: read }]);
});

it('gives a resource found by a relative reference its URL on the FHIR base it was read from', () => {
	const bundle = { resourceType: 'Bundle', entry: [] };
	const read = { resourceType: 'Location', id: 'l1' };
	expect(withFetchedResources(bundle, [{ reference: 'Location/l1', resource: read }], BASE).entry).toEqual([
		{ fullUrl: `${BASE}/Location/l1`, resource: read },
	]);
});
