/**
 * One size of the scaling benchmark, in a fresh process started with --expose-gc (see
 * scaling.ts). Prints one JSON line: body size, peak and retained heap growth, and the CPU time
 * of JSON.parse alone and of JSON.parse + parseSchedulingNotification, interleaved.
 *
 * Peak heap: V8's GC profiler records the heap's used size just before every collection, which is
 * where the used size peaks between collections; the peak of a call is the largest of those and
 * of the used size at its end, minus the used size after a full GC before it. The body text is
 * already in memory before the call (as it is in n8n), so it is not part of the growth.
 */
import { GCProfiler, getHeapStatistics } from 'v8';

import { generateBundle } from './bundle-generator';
import { loadParser, type ParseOptions } from './paths';
import { consume, median } from './stats';

export interface ChildInput {
	entries: number;
	reps: number;
	seed: number;
}

export interface HeapGrowth {
	/** Largest used heap during the call, minus the used heap before it. */
	peakBytes: number;
	/** Used heap after a full GC with the results still referenced, minus the used heap before. */
	retainedBytes: number;
	collections: number;
}

export interface ChildOutput {
	entries: number;
	bodyBytes: number;
	parseOnlyHeap: HeapGrowth;
	fullHeap: HeapGrowth;
	/** Median CPU nanoseconds per call. */
	parseOnlyNs: number;
	fullNs: number;
	/** Median CPU nanoseconds of the extraction alone, on a bundle parsed once beforehand. */
	extractionNs: number;
	/** Median over repetitions of (full / parse-only) measured back to back. */
	ratio: number;
	iterations: number;
	reps: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const collect = gc;

const used = (): number => getHeapStatistics().used_heap_size;

function measureHeap(work: () => unknown): HeapGrowth {
	collect();
	collect();
	const before = used();
	const profiler = new GCProfiler();
	profiler.start();
	const keep = work();
	const end = used();
	const { statistics } = profiler.stop();
	let peak = end;
	for (const event of statistics) peak = Math.max(peak, event.beforeGC.heapStatistics.usedHeapSize);
	collect();
	const retained = used() - before;
	consume(keep === undefined ? 0 : 1);
	return { peakBytes: peak - before, retainedBytes: retained, collections: statistics.length };
}

/**
 * CPU time (all threads of this process: GC helpers included) of `iterations` calls, in
 * nanoseconds. Sizes run in separate processes minutes apart; on a shared machine their wall times
 * would compare the machine's load as much as the sizes, CPU time does not count time spent
 * waiting for a core.
 */
function cpuLoop(fn: () => number, iterations: number): number {
	let local = 0;
	const start = process.cpuUsage();
	for (let i = 0; i < iterations; i++) local += fn();
	const used = process.cpuUsage(start);
	consume(local);
	return (used.user + used.system) * 1000;
}

function main(): void {
	const input = JSON.parse(process.argv[2]) as ChildInput;
	const parse = loadParser();
	const options: ParseOptions = { detail: 'detailed', timezone: 'America/New_York' };
	const { text, bytes, entries } = generateBundle(input.entries, input.seed);

	// Warm up on a small bundle, so that the code is optimised before the real one is timed and
	// compiled code does not count in the heap figures.
	const small = generateBundle(200, input.seed + 1).text;
	for (let i = 0; i < 300; i++) consume(parse(JSON.parse(small), options).messageId?.length ?? 0);


	const parseOnly = (): number => (JSON.parse(text) as { entry: unknown[] }).entry.length;
	const full = (): number => parse(JSON.parse(text), options).messageId?.length ?? 0;
	// Timing first, in a process that has never been forced to collect (a forced GC shrinks the
	// young generation, and the calls after it pay for many more scavenges than in a running
	// process); the warm-up lets the young generation grow to its running size.
	const warmUpEnd = Date.now() + 1000;
	while (Date.now() < warmUpEnd) {
		cpuLoop(parseOnly, 1);
		cpuLoop(full, 1);
	}
	// Enough calls per repetition for about 25 ms of JSON.parse, at least one.
	const single = cpuLoop(parseOnly, 10) / 10;
	const iterations = Math.max(1, Math.round(25e6 / Math.max(single, 1000)));
	const parseTimes: number[] = [];
	const fullTimes: number[] = [];
	const ratios: number[] = [];
	for (let rep = 0; rep < input.reps; rep++) {
		let a: number;
		let b: number;
		if (rep % 2 === 0) {
			a = cpuLoop(parseOnly, iterations);
			b = cpuLoop(full, iterations);
		} else {
			b = cpuLoop(full, iterations);
			a = cpuLoop(parseOnly, iterations);
		}
		parseTimes.push(a / iterations);
		fullTimes.push(b / iterations);
		ratios.push(b / a);
	}
	// The extraction alone, on one parsed bundle (what a caller that has parsed the body pays):
	// no JSON.parse, so none of the garbage collector's work on a fresh tree of this size.
	const parsed = JSON.parse(text) as unknown;
	const extractionOnly = (): number => parse(parsed, options).messageId?.length ?? 0;
	const extractionIterations = Math.max(1, Math.round(25e6 / Math.max(cpuLoop(extractionOnly, 10) / 10, 1000)));
	const extractionTimes: number[] = [];
	for (let rep = 0; rep < input.reps; rep++) {
		extractionTimes.push(cpuLoop(extractionOnly, extractionIterations) / extractionIterations);
	}
	// Then the heap: forced GCs from here on.
	const parseOnlyHeap = measureHeap(() => JSON.parse(text));
	const fullHeap = measureHeap(() => {
		const bundle = JSON.parse(text) as unknown;
		return [bundle, parse(bundle, options)];
	});

	const output: ChildOutput = {
		entries,
		bodyBytes: bytes,
		parseOnlyHeap,
		fullHeap,
		parseOnlyNs: median(parseTimes),
		fullNs: median(fullTimes),
		extractionNs: median(extractionTimes),
		ratio: median(ratios),
		iterations,
		reps: input.reps,
	};
	process.stdout.write(`${JSON.stringify(output)}\n`);
}

main();
