/**
 * Where things are, and the library under test. The benchmarks run from `bench/.out/` (compiled
 * from `bench/src/`), so every path is resolved from the repository root, never from the cwd.
 */
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';


export const REPO_ROOT = resolve(__dirname, '../..');
export const BENCH_DIR = join(REPO_ROOT, 'bench');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const FIXTURES_DIR = join(REPO_ROOT, 'fixtures');
export const BENCHMARKS_MD = join(REPO_ROOT, 'BENCHMARKS.md');

/** The library's options and output as the benchmarks use them (the contract has the full shape). */
export interface ParseOptions {
	detail?: 'lightweight' | 'detailed';
	timezone?: string;
	locale?: string;
}
export type Notification = Record<string, unknown> & { messageId: string | null };
export type ParseFn = (body: unknown, options?: ParseOptions) => Notification;

/**
 * The package's programmatic entry as users get it: `dist/index.js` (run `npm run build` first).
 * `BENCH_LIBRARY=<file>` points at another build, e.g. to compare two versions of the library.
 */
export function libraryPath(): string {
	return process.env.BENCH_LIBRARY ? resolve(process.env.BENCH_LIBRARY) : join(REPO_ROOT, 'dist/index.js');
}

export function loadParser(): ParseFn {
	const file = libraryPath();
	if (!existsSync(file)) {
		throw new Error(`${file} does not exist: run \`npm run build\` first (npm run bench does)`);
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const library = require(file) as { parseSchedulingNotification?: unknown };
	if (typeof library.parseSchedulingNotification !== 'function') {
		throw new Error(`${file} does not export parseSchedulingNotification`);
	}
	return library.parseSchedulingNotification as ParseFn;
}

export function fixtureText(name: string): string {
	return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}

export function fixtureJson<T = unknown>(name: string): T {
	return JSON.parse(fixtureText(name)) as T;
}
