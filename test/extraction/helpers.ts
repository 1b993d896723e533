/**
 * Shared by the extraction tests: the fixtures, the contract's key lists, a shape checker, and a
 * small builder of message Bundles for the rule tables.
 */
import { parseSchedulingNotification } from '../../nodes/RedoxSchedulingTrigger/extraction';
import type { ParseOptions, SchedulingNotification } from '../../nodes/RedoxSchedulingTrigger/extraction';

import { fixtureJson } from '../helpers/fixtures';

export { FIXTURES_DIR, VALID_FIXTURES, fixtureJson, fixtureText } from '../helpers/fixtures';
/** The options `expected/` was made with (fixtures README). */
export const FIXTURE_OPTIONS = { timezone: 'America/New_York', locale: 'en-US' } as const;

export function expectedResult(name: string, detail: 'detailed' | 'lightweight'): Record<string, unknown> {
	return fixtureJson(`expected/${name}.${detail}.json`);
}

/** The result as a plain record, for key-by-key comparison. */
export function asRecord(notification: SchedulingNotification): Record<string, unknown> {
	return { ...notification };
}

/** parseSchedulingNotification with the detailed result typed as a record. */
export function parse(body: unknown, options?: ParseOptions): Record<string, unknown> {
	return asRecord(parseSchedulingNotification(body, options));
}

// ----- the contract's keys and their types --------------------------------------------------

type Kind = 'string?' | 'number?' | 'boolean' | 'event' | 'detailLevel' | 'identifiers' | 'procedures' | 'participants' | 'strings';

export const LIGHTWEIGHT_KEYS: Readonly<Record<string, Kind>> = {
	event: 'event',
	eventUri: 'string?',
	eventCode: 'string?',
	messageId: 'string?',
	bundleId: 'string?',
	timestamp: 'string?',
	sourceName: 'string?',
	sourceEndpoint: 'string?',
	appointmentReference: 'string?',
	appointmentId: 'string?',
	appointmentUrl: 'string?',
	patientReference: 'string?',
	patientId: 'string?',
	patientIdentifierSystem: 'string?',
	patientIdentifiers: 'identifiers',
	detailLevel: 'detailLevel',
};

export const DETAILED_KEYS: Readonly<Record<string, Kind>> = {
	appointmentStatus: 'string?',
	appointmentStart: 'string?',
	appointmentEnd: 'string?',
	appointmentStartLocal: 'string?',
	appointmentEndLocal: 'string?',
	appointmentStartText: 'string?',
	appointmentDurationMinutes: 'number?',
	appointmentType: 'string?',
	serviceType: 'string?',
	specialty: 'string?',
	appointmentReason: 'string?',
	appointmentDescription: 'string?',
	appointmentComment: 'string?',
	patientInstruction: 'string?',
	cancellationReason: 'string?',
	rescheduled: 'boolean',
	previousStart: 'string?',
	previousVisitNumber: 'string?',
	patientFullName: 'string?',
	patientFirstName: 'string?',
	patientLastName: 'string?',
	patientBirthDate: 'string?',
	patientGender: 'string?',
	patientMrn: 'string?',
	patientPhone: 'string?',
	patientEmail: 'string?',
	patientAddress: 'string?',
	locationId: 'string?',
	locationName: 'string?',
	locationAddress: 'string?',
	providerId: 'string?',
	providerName: 'string?',
	providerNpi: 'string?',
	procedureCode: 'string?',
	procedureName: 'string?',
	procedures: 'procedures',
	participants: 'participants',
	relatedReferences: 'strings',
};

const PARTICIPANT_KINDS = [
	'patient',
	'practitioner',
	'location',
	'related-person',
	'device',
	'practitioner-role',
	'healthcare-service',
	'other',
];

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullableString(value: unknown): boolean {
	return value === null || typeof value === 'string';
}

function listOfShape(value: unknown, keys: string[], check?: (item: Record<string, unknown>) => boolean): boolean {
	return (
		Array.isArray(value) &&
		value.every(
			(item) =>
				isObject(item) &&
				keys.every((key) => key in item) &&
				keys.every((key) => key === 'kind' || isNullableString(item[key])) &&
				(check === undefined || check(item)),
		)
	);
}

function fits(kind: Kind, value: unknown): boolean {
	switch (kind) {
		case 'string?':
			return isNullableString(value);
		case 'number?':
			return value === null || (typeof value === 'number' && Number.isFinite(value));
		case 'boolean':
			return typeof value === 'boolean';
		case 'event':
			return value === 'booked' || value === 'cancelled' || value === 'updated';
		case 'detailLevel':
			return value === 'lightweight' || value === 'detailed';
		case 'identifiers':
			return listOfShape(value, ['system', 'value', 'type']);
		case 'procedures':
			return listOfShape(value, ['code', 'system', 'display']);
		case 'participants':
			return listOfShape(value, ['kind', 'reference', 'display', 'status'], (item) =>
				PARTICIPANT_KINDS.includes(String(item.kind)),
			);
		case 'strings':
			return Array.isArray(value) && value.every((item) => typeof item === 'string');
	}
}

/**
 * What is wrong with a result's shape for the given detail: a missing key, a value of the wrong
 * type, a detailed key in lightweight mode. Empty when the result honours the contract.
 */
export function shapeProblems(result: unknown, detail: 'detailed' | 'lightweight'): string[] {
	if (!isObject(result)) return ['not an object'];
	const problems: string[] = [];
	const expected = detail === 'detailed' ? { ...LIGHTWEIGHT_KEYS, ...DETAILED_KEYS } : LIGHTWEIGHT_KEYS;
	for (const [key, kind] of Object.entries(expected)) {
		if (!(key in result)) problems.push(`missing ${key}`);
		else if (!fits(kind, result[key])) problems.push(`${key} is not ${kind}: ${JSON.stringify(result[key])}`);
	}
	if (detail === 'lightweight') {
		for (const key of Object.keys(DETAILED_KEYS)) if (key in result) problems.push(`detailed key ${key}`);
		if (result.detailLevel !== 'lightweight') problems.push('detailLevel is not lightweight');
	}
	return problems;
}

// ----- appointmentStartText -------------------------------------------------------------------

/** Narrow and ordinary no-break spaces as plain spaces. */
export function normaliseSpaces(value: string): string {
	return value.replace(/[\u00a0\u202f\u2009]/g, ' ');
}

/**
 * The fixtures README's comparison for `appointmentStartText`: every word of the expected text
 * (weekday, month name, day, year, `h:mm`, AM/PM, zone abbreviation) appears in the actual one,
 * the zone possibly as a `GMT-5`-style offset instead; the joining words (`at`) may differ.
 */
export function startTextProblems(actual: unknown, expected: string): string[] {
	if (typeof actual !== 'string') return [`not a string: ${JSON.stringify(actual)}`];
	const text = normaliseSpaces(actual);
	const words = normaliseSpaces(expected)
		.split(/[\s,]+/)
		.filter((word) => word.length > 0 && word !== 'at');
	const zone = words[words.length - 1];
	return words
		.filter((word) => !new RegExp(`(^|[\\s,])${escapeRegExp(word)}($|[\\s,])`).test(text))
		.filter((word) => !(word === zone && /GMT[+-]\d/.test(text)))
		.map((word) => `"${word}" missing from "${actual}"`);
}

function escapeRegExp(value: string): string {
	return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ----- bodies ------------------------------------------------------------------------------------

/** Every string in a JSON value (keys and values), found without recursion. */
export function stringsIn(value: unknown): string[] {
	const found: string[] = [];
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const item = stack.pop();
		if (typeof item === 'string') found.push(item);
		else if (Array.isArray(item)) stack.push(...item);
		else if (isObject(item)) {
			for (const [key, child] of Object.entries(item)) {
				found.push(key);
				stack.push(child);
			}
		}
	}
	return found;
}

// ----- a builder of message Bundles for the rule tables ---------------------------------------

export const BOOKED_URI = 'https://fhir.redoxengine.com/EventDefinition/SchedulingAppointmentBooked';
export const BASE = 'https://api.redoxengine.com/fhir/R4/org/Development';

export interface Entry {
	fullUrl?: string;
	resource: Record<string, unknown>;
}

/** A MessageHeader with a booked `eventUri`, a source, and `focus` on the given references. */
export function header(focus: string[] = ['Appointment/apt-1'], extra: Record<string, unknown> = {}): Entry {
	return {
		resource: {
			resourceType: 'MessageHeader',
			id: 'mh-1',
			eventUri: BOOKED_URI,
			source: { name: 'Test EHR', endpoint: 'endpoint-1' },
			focus: focus.map((reference) => ({ reference })),
			...extra,
		},
	};
}

/** An Appointment entry (`Appointment/apt-1` at `${BASE}/Appointment/apt-1`), with extra fields. */
export function appointment(extra: Record<string, unknown> = {}, fullUrl: string | null = `${BASE}/Appointment/apt-1`): Entry {
	const resource = { resourceType: 'Appointment', id: 'apt-1', ...extra };
	return fullUrl === null ? { resource } : { fullUrl, resource };
}

/** An entry for a resource, at `${BASE}/<Type>/<id>` unless told otherwise. */
export function entry(resource: Record<string, unknown>, fullUrl?: string | null): Entry {
	const url = fullUrl === undefined ? `${BASE}/${String(resource.resourceType)}/${String(resource.id)}` : fullUrl;
	return url === null ? { resource } : { fullUrl: url, resource };
}

/** A message Bundle of these entries. */
export function bundle(...entries: Entry[]): Record<string, unknown> {
	return {
		resourceType: 'Bundle',
		id: 'bundle-1',
		type: 'message',
		timestamp: '2026-11-24T15:02:41Z',
		entry: entries,
	};
}

/** A participant whose actor has these fields. */
export function participant(actor: Record<string, unknown>, status = 'accepted'): Record<string, unknown> {
	return { actor, status };
}
