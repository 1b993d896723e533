/**
 * The patient data the shared fixtures carry, as strings to look for where they must not be:
 * names, birth dates, phone numbers, e-mail addresses and addresses (the "detailed" fields that
 * the lightweight setting keeps out of the workflow), and the identifiers (which error answers
 * must not echo either).
 */
import { fixtureJson, VALID_FIXTURES } from '../../../scripts/harness';

interface Resource {
	resourceType?: string;
	name?: Array<{ text?: string; family?: string; given?: string[] }>;
	birthDate?: string;
	telecom?: Array<{ system?: string; value?: string }>;
	address?: Array<{ text?: string; line?: string[]; city?: string; postalCode?: string }>;
	identifier?: Array<{ value?: string }>;
	contained?: Resource[];
}

export interface PatientStrings {
	/** Name, birth date, phone, e-mail, address: never in lightweight execution data. */
	details: string[];
	/** Identifier values (MRN...): lightweight output carries them by contract, errors must not. */
	identifiers: string[];
}

function patientsOf(fixture: string): Resource[] {
	const bundle = fixtureJson<{ entry?: Array<{ resource?: Resource }> }>(`${fixture}.json`);
	const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Resource => r !== undefined);
	const contained = resources.flatMap((r) => r.contained ?? []);
	return [...resources, ...contained].filter((r) => r.resourceType === 'Patient');
}

/** Every patient string of every valid fixture (at least 4 characters, so that they mean something). */
export function fixturePatientStrings(): PatientStrings {
	const details = new Set<string>();
	const identifiers = new Set<string>();
	for (const fixture of VALID_FIXTURES) {
		for (const patient of patientsOf(fixture)) {
			for (const name of patient.name ?? []) {
				for (const part of [name.text, name.family, ...(name.given ?? [])]) if (part) details.add(part);
			}
			if (patient.birthDate) details.add(patient.birthDate);
			for (const telecom of patient.telecom ?? []) if (telecom.value) details.add(telecom.value);
			for (const address of patient.address ?? []) {
				for (const part of [address.text, ...(address.line ?? []), address.city, address.postalCode]) if (part) details.add(part);
			}
			for (const identifier of patient.identifier ?? []) if (identifier.value) identifiers.add(identifier.value);
		}
	}
	const meaningful = (values: Set<string>) => [...values].filter((value) => value.length >= 4);
	return { details: meaningful(details), identifiers: meaningful(identifiers) };
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The strings of `needles` found in `haystack`. Digit-only needles (postal codes, MRNs) must stand
 * alone, so that a number inside an id or a timestamp does not count as a find.
 */
export function stringsFoundIn(haystack: string, needles: readonly string[]): string[] {
	return needles.filter((needle) =>
		/^\d+$/.test(needle) ? new RegExp(`(?<!\\d)${escapeRegExp(needle)}(?!\\d)`).test(haystack) : haystack.includes(needle),
	);
}
