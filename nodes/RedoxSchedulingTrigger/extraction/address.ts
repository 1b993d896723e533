/** Address: which one to show, and how to write it on one line. */
import { isRecord, listOf, type JsonRecord } from './guards';

/** The first address with `use` equal to `preferredUse`, else the first address. */
export function chooseAddress(addresses: unknown, preferredUse: string | null): JsonRecord | null {
	let first: JsonRecord | null = null;
	for (const address of listOf(addresses)) {
		if (!isRecord(address)) continue;
		if (preferredUse !== null && address.use === preferredUse) return address;
		first ??= address;
	}
	return first;
}

/**
 * One line: `text`, else the `line` entries, `city`, `state postalCode` and `country`, the
 * non-empty ones joined by `, ` (e.g. `12 Main St, Suite 4, Madison, WI 53703, US`).
 */
export function formatAddress(address: JsonRecord | null): string | null {
	if (address === null) return null;
	if (typeof address.text === 'string' && address.text.trim().length > 0) return address.text;
	let line = '';
	const lines = address.line;
	if (Array.isArray(lines)) for (const part of lines) line = joinPart(line, ', ', part);
	else line = joinPart(line, ', ', lines);
	line = joinPart(line, ', ', address.city);
	line = joinPart(line, ', ', joinPart(trimmed(address.state), ' ', address.postalCode));
	line = joinPart(line, ', ', address.country);
	return line.length === 0 ? null : line;
}

function trimmed(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** `joined` with the part appended after `separator`; blank or non-string parts are skipped. */
function joinPart(joined: string, separator: string, value: unknown): string {
	const part = trimmed(value);
	if (part.length === 0) return joined;
	return joined.length === 0 ? part : joined + separator + part;
}
