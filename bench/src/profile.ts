/**
 * Where the time goes: `npm run bench:profile -- <case> [seconds]` runs one workload under
 * `node --cpu-prof` in a child process, then prints the functions with the most self time and the
 * self time per source file. Cases:
 *   detailed      JSON.parse + parseSchedulingNotification, booked-detailed, America/New_York
 *   lightweight   the same, booked-lightweight, lightweight
 *   parse-only    JSON.parse of booked-detailed alone (what the others are compared with)
 *   scaling       JSON.parse + extraction of a 100,000-entry bundle
 *   fhirpath      the FHIRPath user implementation on booked-detailed
 * `--no-inline` turns off V8's inlining, so that the time of small functions is not counted in
 * their callers (slower overall, but it shows which function costs what).
 * The .cpuprofile is kept in bench/results/profiles/ (open it in Chrome DevTools).
 */
import { spawnSync } from 'child_process';
import { mkdirSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';

import { generateBundle } from './bundle-generator';
import { summariseProfile } from './cpuprofile';
import { fixtureJson, fixtureText, loadParser, RESULTS_DIR } from './paths';
import { consume } from './stats';

const CASES = ['detailed', 'lightweight', 'parse-only', 'scaling', 'fhirpath'] as const;
type Case = (typeof CASES)[number];

/** The workload, run in the profiled child for `seconds`. */
function workload(name: Case, seconds: number): void {
	const parse = loadParser();
	const detailed = { detail: 'detailed', timezone: 'America/New_York' } as const;
	let step: () => number;
	if (name === 'detailed' || name === 'parse-only') {
		const text = fixtureText('booked-detailed.json');
		step =
			name === 'detailed'
				? () => parse(JSON.parse(text), detailed).messageId?.length ?? 0
				: () => (JSON.parse(text) as { entry: unknown[] }).entry.length;
	} else if (name === 'lightweight') {
		const text = fixtureText('booked-lightweight.json');
		step = () => parse(JSON.parse(text), { detail: 'lightweight' }).messageId?.length ?? 0;
	} else if (name === 'scaling') {
		const text = generateBundle(100_000).text;
		step = () => parse(JSON.parse(text), detailed).messageId?.length ?? 0;
	} else {
		// Loaded only here: fhirpath's parser would otherwise show up in every profile.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { extractWithFhirpath } = require('./fhirpath-user') as typeof import('./fhirpath-user');
		const bundle = fixtureJson('booked-detailed.json');
		step = () => String(extractWithFhirpath(bundle, detailed).messageId).length;
	}
	const end = Date.now() + seconds * 1000;
	while (Date.now() < end) {
		for (let i = 0; i < 50; i++) consume(step());
	}
}

function main(): void {
	const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
	const [name = 'detailed', secondsText = '5'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
	const child = flags.includes('--child');
	const v8Flags = flags.includes('--no-inline') ? ['--no-turbo-inlining'] : [];
	if (!(CASES as readonly string[]).includes(name)) {
		throw new Error(`unknown case "${name}" (known: ${CASES.join(', ')})`);
	}
	const seconds = Number(secondsText) || 5;
	if (child) {
		workload(name as Case, seconds);
		return;
	}
	const dir = join(RESULTS_DIR, 'profiles');
	mkdirSync(dir, { recursive: true });
	const prefix = `${name}-`;
	for (const old of readdirSync(dir)) if (old.startsWith(prefix)) rmSync(join(dir, old));
	const run = spawnSync(
		process.execPath,
		[...v8Flags, '--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${prefix}${Date.now()}.cpuprofile`, __filename, name, String(seconds), '--child'],
		{ stdio: 'inherit' },
	);
	if (run.status !== 0) throw new Error(`profiled run failed (${run.status})`);
	const file = readdirSync(dir).find((entry) => entry.startsWith(prefix));
	if (!file) throw new Error('no profile written');
	console.log(summariseProfile(join(dir, file), 25));
}

main();
