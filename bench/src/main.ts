/**
 * `npm run bench` (full) and `npm run bench -- --quick` (under two minutes): runs the four parts,
 * prints a table, writes bench/results/latest.json (and <mode>.json) and updates the generated
 * section of BENCHMARKS.md. Every figure is a ratio of two things measured in the same process (or, for
 * n8n, the same instance and the same run), never an absolute time checked against a number.
 *
 *   --quick           fewer batches and notifications
 *   --only=a,b        run only these parts: overhead, fhirpath, scaling, n8n
 *   --skip=a,b        run all but these
 *   --no-write        print only: leave latest.json and BENCHMARKS.md alone
 *   --n8n-profile     run n8n under --cpu-prof and print where its time went (implies --no-write)
 *   --n8n-workflows=trigger,webhook,webhook-isolate,code,trigger-no-dedup   only these workflows in part 4
 *   --n8n-env=NAME=VALUE   extra environment for n8n (repeatable), e.g. another expression engine
 *   --n8n-lazy        quick runs too: part 4 again on an n8n with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true
 * The three --n8n-* options are for diagnosis: they imply --no-write.
 */
import { execSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { cpus, release, totalmem } from 'os';
import { join } from 'path';

import { summariseProfile } from './cpuprofile';
import { LAZY_ACQUIRE_ENV, n8nRows, runN8n, type N8nResult } from './n8n/run';
import { runOverhead, type OverheadResult } from './overhead';
import { libraryPath, REPO_ROOT, RESULTS_DIR } from './paths';
import { markdownTable, status, textTable, updateBenchmarksMd, type Row } from './report';
import { runScaling, type ScalingResult } from './scaling';
import { formatBytes, formatNs, sinkValue, type Summary } from './stats';
import { checkFhirpathAgainstExpected, runVersusFhirpath, type ExpectedCheck, type VersusResult } from './versus-fhirpath';

const PARTS = ['overhead', 'fhirpath', 'scaling', 'n8n'] as const;
type Part = (typeof PARTS)[number];

interface Args {
	quick: boolean;
	n8nProfile: boolean;
	n8nWorkflows?: string[];
	n8nEnv: Record<string, string>;
	/** Also measure a second instance with lazy isolate acquisition (always in full runs). */
	n8nLazy: boolean;
	parts: Part[];
	write: boolean;
}

function parseArgs(argv: string[]): Args {
	const list = (name: string): Part[] | undefined => {
		const arg = argv.find((a) => a.startsWith(`--${name}=`));
		if (!arg) return undefined;
		const names = arg.slice(name.length + 3).split(',').filter(Boolean);
		for (const part of names) {
			if (!(PARTS as readonly string[]).includes(part)) throw new Error(`unknown part "${part}" (known: ${PARTS.join(', ')})`);
		}
		return names as Part[];
	};
	const only = list('only');
	const skip = list('skip') ?? [];
	return {
		quick: argv.includes('--quick'),
		n8nProfile: argv.includes('--n8n-profile'),
		n8nLazy: argv.includes('--n8n-lazy') || !argv.includes('--quick'),
		n8nWorkflows: argv.find((a) => a.startsWith('--n8n-workflows='))?.slice('--n8n-workflows='.length).split(','),
		n8nEnv: Object.fromEntries(
			argv
				.filter((a) => a.startsWith('--n8n-env='))
				.map((a) => a.slice('--n8n-env='.length))
				.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
		),
		parts: (only ?? [...PARTS]).filter((part) => !skip.includes(part)),
		// Diagnostic runs never overwrite the recorded figures.
		write: !argv.some((a) => a === '--no-write' || a === '--n8n-profile' || /^--n8n-(workflows|env)=/.test(a)),
	};
}

function packageVersion(name: string): string {
	try {
		const file = join(REPO_ROOT, 'node_modules', name, 'package.json');
		return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
	} catch {
		return 'not installed';
	}
}

function gitDescription(): string {
	try {
		const commit = execSync('git rev-parse --short HEAD', { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		const dirty = execSync('git status --porcelain -- nodes index.ts', { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		return dirty ? `${commit} + uncommitted changes in nodes/` : commit;
	} catch {
		return 'unknown';
	}
}

function environment() {
	const cpu = cpus();
	return {
		cpu: cpu[0]?.model ?? 'unknown',
		cores: cpu.length,
		memory: formatBytes(totalmem()),
		os: `${process.platform} ${release()}`,
		node: process.version,
		library: libraryPath().startsWith(REPO_ROOT) ? `dist/index.js at ${gitDescription()}` : libraryPath(),
		fhirpath: packageVersion('fhirpath'),
		luxon: packageVersion('luxon'),
		autocannon: packageVersion('autocannon'),
	};
}

const x = (value: number, digits = 2) => value.toFixed(digits);
const iqr = (s: Summary, digits = 2) =>
	`IQR ${x(s.p25, digits)}–${x(s.p75, digits)}, range ${x(s.min, digits)}–${x(s.max, digits)}, halves differ ${(100 * s.drift).toFixed(1)}%`;

function overheadRows(results: OverheadResult[]): Row[] {
	return results.map((result) => ({
		part: '1 overhead',
		figure: `(JSON.parse + extraction) / JSON.parse: ${result.name} (${formatNs(result.bNs)} vs ${formatNs(result.aNs)})`,
		value: x(result.ratio.median),
		spread: `${iqr(result.ratio)}; ${result.ratio.n} batches`,
		target: result.target === undefined ? '' : `≤ ${result.target}`,
		status: result.target === undefined ? '' : status(result.ratio.median, result.target, 'max'),
	}));
}

function fhirpathRows(results: VersusResult[], expected: ExpectedCheck): Row[] {
	const rows: Row[] = [
		{
			part: '2 FHIRPath',
			figure: 'check: FHIRPath side equals fixtures/expected (5 fixtures × 2 modes)',
			value: `${expected.equal}/${expected.compared} fields`,
			spread: '',
			target: 'all',
			status: expected.equal === expected.compared ? 'met' : 'MISSED',
		},
	];
	for (const result of results) {
		rows.push({
			part: '2 FHIRPath',
			figure: `check: ours equals FHIRPath, ${result.name}`,
			value: `${result.check.equal}/${result.check.compared} fields`,
			spread: result.check.differences.map((d) => d.key).join(', '),
			target: 'all',
			status: result.check.equal === result.check.compared ? 'met' : 'MISSED',
		});
		rows.push({
			part: '2 FHIRPath',
			figure: `FHIRPath time / ours: ${result.name} (${formatNs(result.bNs)} vs ${formatNs(result.aNs)})`,
			value: `${x(result.ratio.median, 1)}×`,
			spread: `${iqr(result.ratio, 1)}; ${result.ratio.n} batches`,
			target: result.target === undefined ? '' : `≥ ${result.target}×`,
			status: result.target === undefined ? '' : status(result.ratio.median, result.target, 'min'),
		});
	}
	return rows;
}

function scalingRows(result: ScalingResult): Row[] {
	const rows: Row[] = [
		{
			part: '3 scaling',
			figure: 'log-log slope of (JSON.parse + extraction) CPU time vs entries, 100 → 100k',
			value: x(result.slope, 3),
			spread: `10k → 100k: ${x(result.slopeUpperDecade, 3)}; JSON.parse alone: ${x(result.parseOnlySlope, 3)}; extraction alone (difference): ${x(result.extractionSlope, 3)}`,
			target: '≤ 1.05',
			status: status(result.slope, 1.05, 'max'),
		},
		{
			part: '3 scaling',
			figure: 'log-log slope of the extraction\'s CPU time on an already-parsed bundle vs entries, 100 → 100k',
			value: x(result.extractionOnlySlope, 3),
			spread: 'parseSchedulingNotification(parsed bundle): the library\'s own work, without V8\'s JSON.parse',
			target: '≤ 1.05',
			status: status(result.extractionOnlySlope, 1.05, 'max'),
		},
		{
			part: '3 scaling',
			figure: `peak heap growth / body size, ${formatBytes(result.heapTarget.bodyBytes)} body`,
			value: x(result.heapTarget.peakHeapPerBodyByte),
			spread: `JSON.parse alone: ${x(result.heapTarget.parseOnlyPeakHeapPerBodyByte)}`,
			target: '≤ 3',
			status: status(result.heapTarget.peakHeapPerBodyByte, 3, 'max'),
		},
	];
	for (const row of result.rows) {
		rows.push({
			part: '3 scaling',
			figure: `${row.entries} entries, ${formatBytes(row.bodyBytes)}: time per entry vs 100-entry bundle; (parse+extraction)/parse; peak heap/body`,
			value: x(row.perEntryRelative),
			spread: `${x(row.ratio)}; ${x(row.peakHeapPerBodyByte)} (${formatNs(row.fullNs)} per call; extraction alone ${formatNs(row.extractionNs)})`,
			target: '',
			status: '',
		});
	}
	return rows;
}

/** The `part` column of each part's rows ends with these. */
const PART_LABELS: Record<Part, string> = { overhead: 'overhead', fhirpath: 'FHIRPath', scaling: 'scaling', n8n: 'n8n' };

interface SavedReport {
	mode: string;
	partDates?: Record<string, string>;
	rows: Row[];
	results: Record<string, unknown>;
}

function readPrevious(mode: string): SavedReport | undefined {
	try {
		const file = [`${mode}.json`, 'latest.json'].map((name) => join(RESULTS_DIR, name)).find((path) => existsSync(path));
		if (!file) return undefined;
		const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedReport;
		if (saved.mode !== mode) return undefined;
		// Reports written before partDates existed: every part carries the report's date.
		const withDates = saved as SavedReport & { date?: string; parts?: string[] };
		saved.partDates ??= Object.fromEntries((withDates.parts ?? []).map((part) => [part, withDates.date ?? '']));
		return saved;
	} catch {
		return undefined;
	}
}

/** The n8n main process's profile: the largest of the files (task runners write small ones). */
function n8nProfileSummary(dir: string): string {
	const files = readdirSync(dir)
		.filter((file) => file.endsWith('.cpuprofile'))
		.map((file) => ({ file: join(dir, file), size: statSync(join(dir, file)).size }))
		.sort((a, b) => b.size - a.size);
	if (files.length === 0) return `no profile in ${dir}`;
	return summariseProfile(files[0].file, 30, true);
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const mode = args.quick ? 'quick' : 'full';
	const started = Date.now();
	const log = (line: string) => process.stderr.write(`${line}\n`);
	const env = environment();
	log(`bench (${mode}): ${args.parts.join(', ')} on ${env.cpu} × ${env.cores}, Node ${env.node}`);

	const results: Record<string, unknown> = {};
	const rows: Row[] = [];
	if (args.parts.includes('overhead')) {
		log('part 1: extraction overhead against JSON.parse');
		const overhead = runOverhead(args.quick);
		results.overhead = overhead;
		rows.push(...overheadRows(overhead));
	}
	if (args.parts.includes('fhirpath')) {
		log('part 2: against FHIRPath');
		const expected = checkFhirpathAgainstExpected();
		const versus = runVersusFhirpath(args.quick);
		results.fhirpath = { expectedCheck: expected, cases: versus };
		rows.push(...fhirpathRows(versus, expected));
	}
	if (args.parts.includes('scaling')) {
		log('part 3: scaling with bundle size');
		const scaling = runScaling(args.quick, log);
		results.scaling = scaling;
		rows.push(...scalingRows(scaling));
	}
	if (args.parts.includes('n8n')) {
		log('part 4: real n8n');
		const profileDir = args.n8nProfile ? join(RESULTS_DIR, 'profiles', `n8n-${Date.now()}`) : undefined;
		const n8n = await runN8n({ quick: args.quick, log, profileDir, workflows: args.n8nWorkflows, env: args.n8nEnv });
		if (profileDir) log(n8nProfileSummary(profileDir));
		const diagnostic = profileDir !== undefined || args.n8nWorkflows !== undefined;
		if (args.n8nLazy && !diagnostic) {
			log('part 4, again: a second n8n with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true');
			n8n.lazyAcquire = await runN8n({
				quick: args.quick,
				log,
				workflows: ['trigger', 'webhook', 'code'],
				env: { ...args.n8nEnv, ...LAZY_ACQUIRE_ENV },
			});
		}
		results.n8n = n8n;
		rows.push(...n8nRows(n8n));
	}
	const seconds = (Date.now() - started) / 1000;

	// A run of some parts keeps the other parts' figures from the previous run of the same mode,
	// each part with the date it was measured.
	const date = new Date().toISOString();
	const partDates: Record<string, string> = Object.fromEntries(args.parts.map((part) => [part, date]));
	const previous = args.write ? readPrevious(mode) : undefined;
	if (previous) {
		for (const part of PARTS) {
			if (args.parts.includes(part) || !previous.partDates?.[part]) continue;
			partDates[part] = previous.partDates[part];
			results[part] = previous.results[part];
			rows.push(
				...(part === 'n8n' && previous.results.n8n
					? n8nRows(previous.results.n8n as N8nResult)
					: previous.rows.filter((row) => row.part.endsWith(` ${PART_LABELS[part]}`))),
			);
		}
		rows.sort((a, b) => a.part.localeCompare(b.part));
	}
	const table = textTable(rows);
	const kept = PARTS.filter((part) => partDates[part] && !args.parts.includes(part));
	process.stdout.write(
		`\n${table}\n\n${mode} run: ${seconds.toFixed(0)} s (sink ${sinkValue()})` +
			`${kept.length ? `; figures of ${kept.join(', ')} kept from the previous ${mode} run` : ''}\n`,
	);
	if (!args.write) return;

	const report = { mode, parts: args.parts, date, partDates, seconds, environment: env, rows, results };
	mkdirSync(RESULTS_DIR, { recursive: true });
	// latest.json is the last run of either mode; <mode>.json the last of each (what a later run of
	// some parts of that mode completes).
	for (const name of ['latest.json', `${mode}.json`]) {
		writeFileSync(join(RESULTS_DIR, name), `${JSON.stringify(report, null, 2)}\n`);
	}
	const n8nVersion = (results.n8n as N8nResult | undefined)?.environment;
	const measured = PARTS.filter((part) => partDates[part])
		.map((part) => `${part} ${partDates[part].slice(0, 16).replace('T', ' ')} UTC`)
		.join(', ');
	const machine = [
		`- Date: ${report.date.slice(0, 10)}; command: \`npm run bench${args.quick ? ' -- --quick' : ''}\`` +
			`${args.parts.length < PARTS.length ? ` (parts: ${args.parts.join(', ')})` : ''}; took ${seconds.toFixed(0)} s`,
		`- Parts measured: ${measured}`,
		`- Machine: ${env.cpu}, ${env.cores} cores, ${env.memory}, ${env.os}`,
		`- Benchmarks on Node ${env.node}; library: ${env.library}; fhirpath ${env.fhirpath}, luxon ${env.luxon}, autocannon ${env.autocannon}`,
		...(n8nVersion ? [`- n8n: ${n8nVersion}`] : []),
	];
	updateBenchmarksMd(mode, `${machine.join('\n')}\n\n${markdownTable(rows)}`);
	log(`wrote bench/results/latest.json, bench/results/${mode}.json and the "${mode}" section of BENCHMARKS.md`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
