/** Small helpers for the URLs found in notifications. */

/** True for an `http:` or `https:` URL (a `urn:uuid:` is not a URL here). */
export function isHttpUrl(value: string | null): value is string {
	return value !== null && /^https?:\/\//i.test(value);
}

/** The last segment of a URL's path: no query, fragment or trailing slash. */
export function lastPathSegment(url: string): string {
	let end = url.length;
	const query = url.indexOf('?');
	if (query >= 0) end = query;
	const fragment = url.indexOf('#');
	if (fragment >= 0 && fragment < end) end = fragment;
	while (end > 0 && url.charCodeAt(end - 1) === 47 /* / */) end--;
	return url.slice(url.lastIndexOf('/', end - 1) + 1, end);
}
