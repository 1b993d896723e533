import { readFileSync } from 'fs';
import { resolve } from 'path';

/** The Redox fixtures, kept in the repository (fixtures/, a copy of the team's reference set). */
export const FIXTURES_DIR = resolve(__dirname, '../../fixtures');

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
