import fs from 'node:fs';
import path from 'node:path';

import { fixturesDir } from './paths';

/** The raw bytes of a fixture, e.g. `booked-detailed.json` or `invalid/not-json.txt`. */
export function readFixture(name: string): Buffer {
	return fs.readFileSync(path.join(fixturesDir, name));
}

/** A fixture's text (UTF-8). */
export function fixtureText(name: string): string {
	return readFixture(name).toString('utf8');
}

/** A fixture parsed as JSON. */
export function fixtureJson<T = Record<string, unknown>>(name: string): T {
	return JSON.parse(readFixture(name).toString('utf8')) as T;
}

/** The valid notification fixtures, by name (the file is `<name>.json`): the one list. */
export const VALID_FIXTURES = [
	'booked-detailed',
	'booked-lightweight',
	'cancelled-detailed',
	'updated-rescheduled-detailed',
	'updated-lightweight',
] as const;
export type ValidFixture = (typeof VALID_FIXTURES)[number];

/**
 * The library's expected result for a valid fixture (`expected/<name>.<detail>.json`, made with
 * timezone America/New_York and locale en-US).
 */
export function expectedResult(name: ValidFixture, detail: 'detailed' | 'lightweight'): Record<string, unknown> {
	return fixtureJson(`expected/${name}.${detail}.json`);
}

/** Every file of `invalid/` with the error code it must raise (from `expected/invalid.json`). */
export function invalidFixtures(): Array<{ file: string; code: string }> {
	const map = fixtureJson<Record<string, string>>('expected/invalid.json');
	return Object.entries(map).map(([file, code]) => ({ file: `invalid/${file}`, code }));
}

interface BundleLike {
	id?: string;
	entry?: Array<{ resource?: { resourceType?: string; id?: string } }>;
}

/**
 * A copy of a notification with its own identity: `Bundle.id` and `MessageHeader.id` get the
 * suffix, so that repeated sends are distinct notifications (the node ignores repeats of a
 * MessageHeader.id by default). Returns the new bundle and its ids.
 */
export function uniqueNotification(
	name: ValidFixture,
	suffix: string,
): { bundle: BundleLike; messageId: string; bundleId: string } {
	const bundle = fixtureJson<BundleLike>(`${name}.json`);
	bundle.id = `${bundle.id ?? name}-${suffix}`;
	const header = bundle.entry?.find((entry) => entry.resource?.resourceType === 'MessageHeader')?.resource;
	if (!header) throw new Error(`${name} has no MessageHeader`);
	header.id = `${header.id ?? name}-${suffix}`;
	return { bundle, messageId: header.id, bundleId: bundle.id };
}
