/**
 * The one rule for reading a request body as JSON, shared by the delivery core (which must read
 * a handshake before it knows what the body is) and the extraction library (which accepts raw
 * bodies too). Messages are our own words: JSON.parse's message quotes the body.
 */

export type DecodedBody = { ok: true; value: unknown } | { ok: false; message: string };

/** Marks a body JSON.parse rejected (no JSON value can be this symbol). */
const UNPARSEABLE = Symbol('unparseable');

/**
 * The parsed JSON of a string or byte body (UTF-8, a leading byte order mark dropped); any
 * other value is taken as parsed JSON already. Empty and unparseable bodies are `ok: false`.
 */
export function decodeJsonBody(body: unknown): DecodedBody {
	if (typeof body === 'string') return parseJson(body);
	if (body instanceof Uint8Array) return parseJson(decodeUtf8(body));
	if (body instanceof ArrayBuffer) return parseJson(decodeUtf8(new Uint8Array(body)));
	if (body === undefined) return { ok: false, message: 'The request body is empty.' };
	return { ok: true, value: body };
}

function decodeUtf8(bytes: Uint8Array): string {
	// Invalid sequences become U+FFFD; TextDecoder also drops a leading byte order mark.
	return Buffer.isBuffer(bytes) ? bytes.toString('utf8') : new TextDecoder().decode(bytes);
}

function parseJson(raw: string): DecodedBody {
	const json = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
	if (/^\s*$/.test(json)) return { ok: false, message: 'The request body is empty.' };
	let parsed: unknown = UNPARSEABLE;
	try {
		// V8's JSON.parse is iterative: deep nesting does not overflow the stack.
		parsed = JSON.parse(json);
	} catch {
		// Reported below in our own words.
	}
	return parsed === UNPARSEABLE ? { ok: false, message: 'The request body is not valid JSON.' } : { ok: true, value: parsed };
}
