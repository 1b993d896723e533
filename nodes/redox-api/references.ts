/**
 * Which request a FHIR reference from a notification becomes. A notification is untrusted
 * input, so a reference only ever names WHAT to read; WHERE is always the credential's FHIR
 * base: an absolute URL on any other origin is read as `<Type>/<id>` from the configured base,
 * and the URL itself is never requested.
 */

/** A read `<Type>/<id>`, or a search `<Type>?<params>` (Redox's conditional references). */
export type ReferenceTarget =
	| { kind: 'read'; type: string; id: string }
	| { kind: 'search'; type: string; params: Array<[string, string]> };

/** FHIR resource type names: a capital letter, then letters. */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
/** FHIR ids: letters, digits, `-` and `.`, 1 to 64 of them (so no `/`, `..` path tricks). */
const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The target of `Type/id`, `Type/id/_history/n`, `Type?query`, or an absolute URL ending in
 * one of those (on the configured base or not). `null` for what cannot be fetched: `#contained`,
 * `urn:uuid:`, malformed values.
 */
export function referenceTarget(reference: string): ReferenceTarget | null {
	const trimmed = reference.trim();
	if (trimmed === '' || trimmed.startsWith('#') || /^urn:/i.test(trimmed)) return null;
	const { path, query } = splitReference(trimmed);
	if (path === null) return null;
	const segments = path.split('/').filter((segment) => segment !== '');
	if (segments.length >= 4 && segments[segments.length - 2] === '_history') segments.splice(-2, 2);

	if (query !== null) {
		const type = segments[segments.length - 1];
		if (type === undefined || !RESOURCE_TYPE.test(type)) return null;
		const params = [...new URLSearchParams(query)].filter(([name]) => name !== '');
		return params.length > 0 ? { kind: 'search', type, params } : null;
	}
	const [type, id] = segments.slice(-2);
	if (type === undefined || id === undefined || !RESOURCE_TYPE.test(type) || !RESOURCE_ID.test(id)) return null;
	return { kind: 'read', type, id };
}

/** The path and query of a relative or absolute http(s) reference, decoded. */
function splitReference(reference: string): { path: string | null; query: string | null } {
	if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) {
		let url: URL;
		try {
			url = new URL(reference);
		} catch {
			return { path: null, query: null };
		}
		if (url.protocol !== 'https:' && url.protocol !== 'http:') return { path: null, query: null };
		return { path: safeDecode(url.pathname), query: url.search === '' ? null : url.search.slice(1) };
	}
	const queryAt = reference.indexOf('?');
	if (queryAt === -1) return { path: reference, query: null };
	return { path: reference.slice(0, queryAt), query: reference.slice(queryAt + 1) };
}

function safeDecode(path: string): string | null {
	try {
		return decodeURIComponent(path);
	} catch {
		return null;
	}
}

