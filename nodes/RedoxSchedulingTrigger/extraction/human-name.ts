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
	return text(name.text) ?? nullIfEmpty(appendWords(appendWords('', name.given), name.family));
}

/** A practitioner's name: `text`, else `prefix given family suffix`. */
export function formalName(name: JsonRecord | null): string | null {
	if (name === null) return null;
	const own = text(name.text);
	if (own !== null) return own;
	let joined = appendWords('', name.prefix);
	joined = appendWords(joined, name.given);
	joined = appendWords(joined, name.family);
	return nullIfEmpty(appendWords(joined, name.suffix));
}

/** The first given name. */
export function firstGiven(name: JsonRecord | null): string | null {
	if (name === null) return null;
	const given = name.given;
	if (typeof given === 'string') return text(given);
	if (!Array.isArray(given)) return null;
	for (const part of given) {
		if (typeof part === 'string' && part.length > 0) return part;
	}
	return null;
}

/** The family name. */
export function familyName(name: JsonRecord | null): string | null {
	return name === null ? null : text(name.family);
}

/**
 * `joined` followed by the non-empty strings of a name part, space-separated. A part is a list
 * (`given`, `prefix`, `suffix`) or a lone string (`family`, or a list sent without brackets).
 */
function appendWords(joined: string, parts: unknown): string {
	if (typeof parts === 'string') return appendWord(joined, parts);
	if (!Array.isArray(parts)) return joined;
	let result = joined;
	for (const part of parts) {
		if (typeof part === 'string') result = appendWord(result, part);
	}
	return result;
}

function appendWord(joined: string, word: string): string {
	if (word.length === 0) return joined;
	return joined.length === 0 ? word : `${joined} ${word}`;
}

function nullIfEmpty(value: string): string | null {
	return value.length === 0 ? null : value;
}
