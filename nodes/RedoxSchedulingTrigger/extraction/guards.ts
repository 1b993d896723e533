/**
 * Type guards for untrusted JSON. Every value read from a notification goes through one of these
 * instead of a cast, so a wrong type in the body becomes a missing value, never an exception.
 */

/** A JSON object (or any non-array object): something whose properties we may read. */
export type JsonRecord = Record<string, unknown>;

/** A FHIR resource: an object with a string `resourceType`. */
export interface Resource extends JsonRecord {
	resourceType: string;
}

const NO_ITEMS: readonly unknown[] = Object.freeze([]);

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a string. */
export function isString(value: unknown): value is string {
	return typeof value === 'string';
}

/** True for a string with at least one character. */
export function isNonEmptyString(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0;
}

/** True for a finite number. */
export function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** True for an object with a string `resourceType`. */
export function isResource(value: unknown): value is Resource {
	return isRecord(value) && typeof value.resourceType === 'string';
}

/**
 * The value as output text: a non-empty string, else `null`. FHIR forbids empty strings, so an
 * empty one is treated as absent (and never shadows a fallback).
 */
export function text(value: unknown): string | null {
	return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * The items of a FHIR list: the array itself, a lone object as a one-item list (some senders
 * drop the brackets), anything else as an empty list.
 */
export function listOf(value: unknown): readonly unknown[] {
	if (Array.isArray(value)) return value;
	return isRecord(value) ? [value] : NO_ITEMS;
}

/** The first item of a FHIR list that is an object, else `null`. */
export function firstRecord(value: unknown): JsonRecord | null {
	const items = listOf(value);
	for (let i = 0; i < items.length; i++) {
		const item = items[i];
		if (isRecord(item)) return item;
	}
	return null;
}

/** True when a FHIR element holds something: not absent, not `null`, not `''`, not `[]`. */
export function hasValue(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return false;
	return !(Array.isArray(value) && value.length === 0);
}
