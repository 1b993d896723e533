import { readFileSync } from 'fs';
import { resolve } from 'path';

/** The shared fixtures live beside the project root: ../shared/fixtures (as in CI). */
export const FIXTURES_DIR = resolve(__dirname, '../../../shared/fixtures');

/** The valid notification fixtures, by name (the file is `<name>.json`). */
export const VALID_FIXTURES = [
	'booked-detailed',
	'booked-lightweight',
	'cancelled-detailed',
	'updated-rescheduled-detailed',
	'updated-lightweight',
] as const;

export function fixtureText(file: string): string {
	return readFileSync(resolve(FIXTURES_DIR, file), 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(file: string): T {
	return JSON.parse(fixtureText(file)) as T;
}
