/** HumanName: which name to show, and how to write it. */
import { isRecord, listOf, text, type JsonRecord } from './guards';

/** The first name with `use` `official`, else `usual`, else the first name. */
export function chooseName(names: unknown): JsonRecord | null {
	let usual: JsonRecord | null = null;
	let first: JsonRecord | null = null;
	for (const name of listOf(names)) {
		if (!isRecord(name)) continue;
		if (name.use === 'official') return name;
		if (usual === null && name.use === 'usual') usual = name;
		first ??= name;
	}
	return usual ?? first;
}

/** A patient's full name: `text`, else the given names and family joined by spaces. */
export function fullName(name: JsonRecord | null): string | null {
	if (name === null) return null;
	return text(name.text) ?? joinWords([...words(name.given), text(name.family)]);
}

/** A practitioner's name: `text`, else `prefix given family suffix`. */
export function formalName(name: JsonRecord | null): string | null {
	if (name === null) return null;
	return (
		text(name.text) ??
		joinWords([...words(name.prefix), ...words(name.given), text(name.family), ...words(name.suffix)])
	);
}

/** The first given name. */
export function firstGiven(name: JsonRecord | null): string | null {
	return name === null ? null : (words(name.given)[0] ?? null);
}

/** The family name. */
export function familyName(name: JsonRecord | null): string | null {
	return name === null ? null : text(name.family);
}

/** The non-empty strings of a list of name parts (a lone string counts as a list of one). */
function words(parts: unknown): string[] {
	if (typeof parts === 'string') return parts.length > 0 ? [parts] : [];
	if (!Array.isArray(parts)) return [];
	const found: string[] = [];
	for (const part of parts) {
		if (typeof part === 'string' && part.length > 0) found.push(part);
	}
	return found;
}

function joinWords(parts: Array<string | null>): string | null {
	let joined = '';
	for (const part of parts) {
		if (part === null) continue;
		joined = joined.length === 0 ? part : `${joined} ${part}`;
	}
	return joined.length === 0 ? null : joined;
}
