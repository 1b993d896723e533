import { readFileSync } from 'fs';
import { join, resolve } from 'path';

/** The shared fixtures live beside the project root: ../shared/fixtures. */
export const FIXTURES_DIR = resolve(__dirname, '../../../shared/fixtures');

export function fixtureText(name: string): string {
	return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}

export function fixtureJson<T = unknown>(name: string): T {
	return JSON.parse(fixtureText(name)) as T;
}

export const VALID_FIXTURES = [
	'booked-detailed.json',
	'booked-lightweight.json',
	'cancelled-detailed.json',
	'updated-rescheduled-detailed.json',
	'updated-lightweight.json',
] as const;
