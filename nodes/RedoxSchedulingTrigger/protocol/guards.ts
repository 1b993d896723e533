import type { IDataObject } from 'n8n-workflow';

/** Type guards for values that come from the network. */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNonEmptyString(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0;
}

/** Parsed JSON objects are what n8n calls an IDataObject. */
export function isDataObject(value: unknown): value is IDataObject {
	return isPlainObject(value);
}
