/**
 * Type guards for values that come from the network (request bodies, headers, FHIR resources,
 * API answers): every untrusted value goes through one of these instead of a cast, so a wrong
 * type becomes a missing value, never an exception. The one set the whole package uses.
 */
import type { IDataObject } from 'n8n-workflow';

/** A JSON object (or any non-array object): something whose properties we may read. */
export type JsonRecord = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parsed JSON objects are what n8n calls an IDataObject. */
export function isDataObject(value: unknown): value is IDataObject {
	return isRecord(value);
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

/** A FHIR resource: an object with a string `resourceType`. */
export interface Resource extends JsonRecord {
	resourceType: string;
}

/** True for an object with a string `resourceType`. */
export function isResource(value: unknown): value is Resource {
	return isRecord(value) && typeof value.resourceType === 'string';
}

const NO_ITEMS: readonly unknown[] = Object.freeze([]);

/**
 * The items of a FHIR list: the array itself, a lone object as a one-item list (some senders
 * drop the brackets), anything else as an empty list.
 */
export function listOf(value: unknown): readonly unknown[] {
	if (Array.isArray(value)) return value;
	return isRecord(value) ? [value] : NO_ITEMS;
}
