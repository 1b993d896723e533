/**
 * FHIR references: reading their target (`Type/id`, `.../Type/id`, `Type?identifier=...`) and
 * resolving them to the bundle's resources through an index built once per bundle.
 */
import { isNonEmptyString, isRecord, isResource, listOf, text, type Resource } from './guards';

/** A resource found in the bundle, with its entry's `fullUrl` (`null` when contained). */
export interface Located {
	resource: Resource;
	fullUrl: string | null;
}

/** What a reference names, read from its text alone. */
export interface ReferenceTarget {
	/** The resource type, e.g. `Patient`. */
	type: string;
	/** The logical id of a `Type/id` reference; `null` for a conditional one. */
	id: string | null;
	/** The search part of a conditional reference (after `?`); `null` for `Type/id`. */
	query: string | null;
	/** The reference without its `/_history/n` suffix (the same string when it has none). */
	base: string;
}

/** A `system`/`value` pair read from a conditional reference. */
export interface QueriedIdentifier {
	system: string | null;
	value: string | null;
	/** True for a bare `value` (no `|`): it matches that value in any system. */
	anySystem: boolean;
}

const HASH = 35;
const HISTORY = '_history';

/**
 * The resource type and id (or search) a reference spells out: `Patient/1`,
 * `https://host/fhir/Patient/1`, `Patient?identifier=sys|val`, `.../Patient?...`, with any
 * `/_history/n` ignored. `null` for forms that name no type (`urn:uuid:...`, `#id`).
 */
export function parseReference(reference: string): ReferenceTarget | null {
	if (reference.charCodeAt(0) === HASH) return null;
	const queryAt = reference.indexOf('?');
	if (queryAt >= 0) {
		const type = reference.slice(reference.lastIndexOf('/', queryAt) + 1, queryAt);
		return isTypeName(type) ? { type, id: null, query: reference.slice(queryAt + 1), base: reference } : null;
	}
	let end = reference.length;
	let last = reference.lastIndexOf('/');
	let before = last > 0 ? reference.lastIndexOf('/', last - 1) : -1;
	if (last - before === HISTORY.length + 1 && reference.startsWith(HISTORY, before + 1)) {
		// `.../Type/id/_history/n`: the version is ignored.
		end = before;
		last = end > 0 ? reference.lastIndexOf('/', end - 1) : -1;
		before = last > 0 ? reference.lastIndexOf('/', last - 1) : -1;
	}
	if (last <= 0 || last >= end - 1) return null;
	const type = reference.slice(before + 1, last);
	if (!isTypeName(type)) return null;
	return {
		type,
		id: reference.slice(last + 1, end),
		query: null,
		base: end === reference.length ? reference : reference.slice(0, end),
	};
}

/** The resource type a reference spells out, or `null`. */
export function referenceType(reference: string): string | null {
	return parseReference(reference)?.type ?? null;
}

/** Resource type names are letters starting with a capital (`Patient`, `PractitionerRole`). */
function isTypeName(name: string): boolean {
	const length = name.length;
	if (length === 0 || length > 64) return false;
	const first = name.charCodeAt(0);
	if (first < 65 || first > 90) return false;
	for (let i = 1; i < length; i++) {
		const code = name.charCodeAt(i) | 32; // lower-cased letter
		if (code < 97 || code > 122) return false;
	}
	return true;
}

/** The `identifier=system|value` parameters of a conditional reference, in order. */
export function conditionalIdentifiers(reference: string): QueriedIdentifier[] {
	const query = parseReference(reference)?.query;
	if (!query) return [];
	const found: QueriedIdentifier[] = [];
	for (const parameter of query.split('&')) {
		const equals = parameter.indexOf('=');
		if (equals < 0 || parameter.slice(0, equals) !== 'identifier') continue;
		found.push(splitToken(decodeQueryValue(parameter.slice(equals + 1))));
	}
	return found;
}

/** A FHIR token `system|value` (`|value`: no system; `value`: any system). */
function splitToken(token: string): QueriedIdentifier {
	const bar = token.indexOf('|');
	if (bar < 0) return { system: null, value: text(token), anySystem: true };
	return { system: text(token.slice(0, bar)), value: text(token.slice(bar + 1)), anySystem: false };
}

function decodeQueryValue(value: string): string {
	if (value.indexOf('%') < 0) return value;
	try {
		return decodeURIComponent(value);
	} catch {
		return value; // not valid percent-encoding: take it as written
	}
}

/**
 * Every resource of a bundle, looked up by reference. Nothing is copied from the entries.
 *
 * A lookup scans the entries, and only after SCANS_BEFORE_MAPS scans does the index build the
 * map that kind of lookup needs (by fullUrl, by type and id), in one pass, holding entry
 * positions. A notification needs about ten lookups, so in practice nothing is built: comparing
 * strings during a scan costs little, while a map of thousands of entries is allocated in one
 * large block per call (measured: building the fullUrl map was 80 % of the extraction of a
 * 10,000-entry bundle, and made the extraction's time grow faster than the bundle). The budget
 * keeps the worst case linear: at most SCANS_BEFORE_MAPS + 1 passes per kind of lookup.
 * Bundles of up to SMALL_BUNDLE entries are read once into two short lists and always scanned.
 */
export class ReferenceIndex {
	/** Number of entries, with or without a resource. */
	readonly size: number;

	private readonly entries: readonly unknown[];
	private readonly small: boolean;
	private byFullUrl: Map<string, number> | null = null;
	private byTypeAndId: Map<string, Map<string, number>> | null = null;
	private byConditionalFullUrl: Map<string, number> | null = null;
	private byIdentifier: Map<string, number> | null = null;
	private containedOf: Resource | null = null;
	private containedById: Map<string, Resource> | null = null;
	private allResources: Resource[] | null = null;
	private scansLeft = SCANS_BEFORE_MAPS;
	/** Small bundles only: the resource and fullUrl of each entry, read once. */
	private readonly smallResources: Array<Resource | null> = [];
	private readonly smallFullUrls: Array<string | null> = [];

	constructor(entries: readonly unknown[]) {
		this.entries = entries;
		this.size = entries.length;
		this.small = entries.length <= SMALL_BUNDLE;
		if (this.small) {
			for (let position = 0; position < this.size; position++) {
				this.smallResources.push(this.readResource(position));
				this.smallFullUrls.push(this.readFullUrl(position));
			}
		}
	}

	/** The resource of the entry at `position`, or `null` when it holds none. */
	resourceAt(position: number): Resource | null {
		return this.small ? this.smallResources[position] : this.readResource(position);
	}

	/** The `fullUrl` of the entry at `position` when it holds a resource, else `null`. */
	private fullUrlAt(position: number): string | null {
		return this.small ? this.smallFullUrls[position] : this.readFullUrl(position);
	}

	private readResource(position: number): Resource | null {
		const entry = this.entries[position];
		if (!isRecord(entry)) return null;
		const resource = entry.resource;
		return isResource(resource) ? resource : null;
	}

	private readFullUrl(position: number): string | null {
		const entry = this.entries[position];
		if (!isRecord(entry) || !isResource(entry.resource)) return null;
		return isNonEmptyString(entry.fullUrl) ? entry.fullUrl : null;
	}

	/** The first entry holding a resource of this type (a scan: called a fixed number of times). */
	first(type: string): Located | null {
		for (let position = 0; position < this.size; position++) {
			if (this.resourceAt(position)?.resourceType === type) return this.at(position);
		}
		return null;
	}

	/**
	 * Every resource of the bundle's entries, in order (entries without one are skipped). Listed
	 * on first use only: the extraction itself walks the entries without copying them.
	 */
	get resources(): readonly Resource[] {
		if (this.allResources === null) {
			const all: Resource[] = [];
			for (let position = 0; position < this.size; position++) {
				const resource = this.resourceAt(position);
				if (resource !== null) all.push(resource);
			}
			this.allResources = all;
		}
		return this.allResources;
	}

	/** Every resource of this type, in bundle order. */
	resourcesOfType(type: string): Resource[] {
		const found: Resource[] = [];
		for (let position = 0; position < this.size; position++) {
			const resource = this.resourceAt(position);
			if (resource?.resourceType === type) found.push(resource);
		}
		return found;
	}

	/** True when some resource of the bundle passes the test. */
	someResource(test: (resource: Resource) => boolean): boolean {
		for (let position = 0; position < this.size; position++) {
			const resource = this.resourceAt(position);
			if (resource !== null && test(resource)) return true;
		}
		return false;
	}

	/**
	 * The resource a reference points at: an entry's `fullUrl`; `Type/id` or a URL ending in
	 * `/Type/id`; a conditional `Type?identifier=sys|val` (as a `fullUrl` or by identifier);
	 * `#id` in `container`'s `contained`. `/_history/n` is ignored. `null` when none matches.
	 */
	resolve(reference: string, container: Resource | null): Located | null {
		if (reference.length === 0) return null;
		if (reference.charCodeAt(0) === HASH) return this.resolveContained(reference, container);
		let position = this.findFullUrl(reference);
		if (position === undefined) {
			const target = parseReference(reference);
			if (target === null) return null;
			if (target.base !== reference) position = this.findFullUrl(target.base);
			if (position === undefined) {
				position =
					target.query === null
						? this.findTypeAndId(target.type, target.id ?? '')
						: this.findConditional(target.type, target.query);
			}
		}
		return position === undefined ? null : this.at(position);
	}

	/** True when a lookup should scan the entries rather than build or use a map. */
	private scanInstead(map: Map<string, unknown> | null): boolean {
		if (this.small) return true;
		if (map !== null || this.scansLeft === 0) return false;
		this.scansLeft--;
		return true;
	}

	/** The position of the entry with this exact `fullUrl` (no parsing, no fallback). */
	findFullUrl(fullUrl: string): number | undefined {
		if (this.small) {
			const position = this.smallFullUrls.indexOf(fullUrl);
			return position < 0 ? undefined : position;
		}
		if (this.scanInstead(this.byFullUrl)) {
			for (let position = 0; position < this.size; position++) {
				const entry = this.entries[position];
				// The cheap test first; a match must still be an entry that holds a resource.
				if (isRecord(entry) && entry.fullUrl === fullUrl && this.fullUrlAt(position) === fullUrl) return position;
			}
			return undefined;
		}
		if (this.byFullUrl === null) {
			this.byFullUrl = new Map();
			for (let position = 0; position < this.size; position++) {
				const url = this.fullUrlAt(position);
				if (url !== null && !this.byFullUrl.has(url)) this.byFullUrl.set(url, position);
			}
		}
		return this.byFullUrl.get(fullUrl);
	}

	/** The resource at a position known to hold one, with its `fullUrl`. */
	private at(position: number): Located | null {
		const resource = this.resourceAt(position);
		return resource === null ? null : { resource, fullUrl: this.fullUrlAt(position) };
	}

	private findTypeAndId(type: string, id: string): number | undefined {
		if (this.scanInstead(this.byTypeAndId)) {
			for (let position = 0; position < this.size; position++) {
				const resource = this.resourceAt(position);
				if (resource !== null && resource.id === id && resource.resourceType === type) return position;
			}
			return undefined;
		}
		if (this.byTypeAndId === null) {
			this.byTypeAndId = new Map();
			for (let position = 0; position < this.size; position++) {
				const resource = this.resourceAt(position);
				if (resource === null || !isNonEmptyString(resource.id)) continue;
				let byId = this.byTypeAndId.get(resource.resourceType);
				if (byId === undefined) {
					byId = new Map();
					this.byTypeAndId.set(resource.resourceType, byId);
				}
				if (!byId.has(resource.id)) byId.set(resource.id, position);
			}
		}
		return this.byTypeAndId.get(type)?.get(id);
	}

	/** A conditional reference: an entry whose conditional `fullUrl` asks the same, else the search. */
	private findConditional(type: string, query: string): number | undefined {
		if (this.byConditionalFullUrl === null) {
			// Relative and absolute forms of the same search are the same key: `Type?query`.
			this.byConditionalFullUrl = new Map();
			for (let position = 0; position < this.size; position++) {
				const url = this.fullUrlAt(position);
				if (url === null || url.indexOf('?') < 0) continue;
				const target = parseReference(url);
				if (target?.query == null) continue;
				const key = `${target.type}?${target.query}`;
				if (!this.byConditionalFullUrl.has(key)) this.byConditionalFullUrl.set(key, position);
			}
		}
		const byFullUrl = this.byConditionalFullUrl.get(`${type}?${query}`);
		if (byFullUrl !== undefined) return byFullUrl;
		// Otherwise run the search: the first `identifier` parameter against the resources.
		const identifier = conditionalIdentifiers(`${type}?${query}`)[0];
		if (identifier?.value == null) return undefined;
		return this.identifierMap().get(identifierKey(type, identifier.system, identifier.value, identifier.anySystem));
	}

	private resolveContained(reference: string, container: Resource | null): Located | null {
		if (container === null) return null;
		// A bare `#` is the container itself (how a contained resource points back at it).
		if (reference.length === 1) return { resource: container, fullUrl: null };
		if (this.containedOf !== container || this.containedById === null) {
			this.containedOf = container;
			this.containedById = new Map();
			for (const item of listOf(container.contained)) {
				if (isResource(item) && isNonEmptyString(item.id) && !this.containedById.has(item.id)) {
					this.containedById.set(item.id, item);
				}
			}
		}
		const resource = this.containedById.get(reference.slice(1));
		return resource === undefined ? null : { resource, fullUrl: null };
	}

	private identifierMap(): Map<string, number> {
		if (this.byIdentifier !== null) return this.byIdentifier;
		const map = new Map<string, number>();
		for (let position = 0; position < this.size; position++) {
			const resource = this.resourceAt(position);
			if (resource === null) continue;
			for (const identifier of listOf(resource.identifier)) {
				if (!isRecord(identifier) || !isNonEmptyString(identifier.value)) continue;
				const system = text(identifier.system);
				for (const key of [
					identifierKey(resource.resourceType, system, identifier.value, false),
					identifierKey(resource.resourceType, null, identifier.value, true),
				]) {
					if (!map.has(key)) map.set(key, position);
				}
			}
		}
		this.byIdentifier = map;
		return map;
	}
}

/** Up to this many entries, lookups always scan the entries (read once into two lists). */
const SMALL_BUNDLE = 16;

/** Lookups of a larger bundle answered by scanning before the index builds maps. */
const SCANS_BEFORE_MAPS = 16;

/** Key of an identifier search: `system|value` (no system: `|value`), or any system (`value`). */
function identifierKey(type: string, system: string | null, value: string, anySystem: boolean): string {
	return anySystem ? `${type}\u0000*\u0000${value}` : `${type}\u0000|${system ?? ''}\u0000${value}`;
}
