/**
 * Part 3, scaling: bundles of 100 to 100,000 entries (bundle-generator.ts), each size measured in
 * a fresh child process (scaling-child.ts) so that one size's heap cannot distort the next. The
 * figures are the log-log slope of time against entries, the time per entry relative to the
 * 100-entry bundle, (JSON.parse + extraction) / JSON.parse at each size, and the peak heap growth
 * of a call divided by the body size, at about 15 MiB.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';

import { generateBundle } from './bundle-generator';
import type { ChildInput, ChildOutput } from './scaling-child';
import { logLogSlope } from './stats';

export interface ScalingRow extends ChildOutput {
	/** (fullNs / entries) / (fullNs / entries at the smallest size). */
	perEntryRelative: number;
	peakHeapPerBodyByte: number;
	retainedHeapPerBodyByte: number;
	parseOnlyPeakHeapPerBodyByte: number;
	/** True for the row whose body is about 15 MiB (the heap target's size). */
	heapTargetSize: boolean;
}

export interface ScalingResult {
	rows: ScalingRow[];
	/** Slope of log(time) against log(entries) over 100, 1k, 10k, 100k. */
	slope: number;
	/** The same over 10k → 100k only, where a super-linear step would show first. */
	slopeUpperDecade: number;
	/** JSON.parse alone, same processes: the floor the slope is compared with. */
	parseOnlySlope: number;
	/** The extraction's own time (JSON.parse + extraction minus JSON.parse alone). */
	extractionSlope: number;
	/** The extraction alone, timed on a bundle parsed beforehand (no JSON.parse in the loop). */
	extractionOnlySlope: number;
	heapTarget: { bodyBytes: number; peakHeapPerBodyByte: number; parseOnlyPeakHeapPerBodyByte: number };
	node: string;
}

const DECADES = [100, 1_000, 10_000, 100_000];
const HEAP_TARGET_BYTES = 15 * 1024 * 1024;

/** Entry count whose generated body is about 15 MiB (the generator is deterministic). */
function entriesForHeapTarget(): number {
	const probe = generateBundle(10_000);
	const small = generateBundle(1_000);
	const perEntry = (probe.bytes - small.bytes) / (probe.entries - small.entries);
	return Math.round(small.entries + (HEAP_TARGET_BYTES - small.bytes) / perEntry);
}

function runChild(input: ChildInput): ChildOutput {
	const child = spawnSync(process.execPath, ['--expose-gc', join(__dirname, 'scaling-child.js'), JSON.stringify(input)], {
		encoding: 'utf8',
		maxBuffer: 1 << 20,
	});
	if (child.status !== 0) {
		throw new Error(`scaling child for ${input.entries} entries failed (${child.status}): ${child.stderr}`);
	}
	return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as ChildOutput;
}

export function runScaling(quick: boolean, log: (line: string) => void = () => undefined): ScalingResult {
	const heapEntries = entriesForHeapTarget();
	const sizes = [...DECADES, heapEntries].sort((a, b) => a - b);
	const outputs = sizes.map((entries) => {
		const reps = quick ? (entries >= 50_000 ? 3 : 5) : entries >= 50_000 ? 9 : entries >= 10_000 ? 11 : 15;
		log(`  scaling: ${entries} entries (${reps} repetitions, fresh process)`);
		return runChild({ entries, reps, seed: 1 });
	});
	const base = outputs[0];
	const rows: ScalingRow[] = outputs.map((output) => ({
		...output,
		perEntryRelative: output.fullNs / output.entries / (base.fullNs / base.entries),
		peakHeapPerBodyByte: output.fullHeap.peakBytes / output.bodyBytes,
		retainedHeapPerBodyByte: output.fullHeap.retainedBytes / output.bodyBytes,
		parseOnlyPeakHeapPerBodyByte: output.parseOnlyHeap.peakBytes / output.bodyBytes,
		heapTargetSize: output.entries === heapEntries,
	}));
	const decadeRows = rows.filter((row) => DECADES.includes(row.entries));
	const upper = decadeRows.slice(-2);
	const heapRow = rows.find((row) => row.heapTargetSize) ?? rows[rows.length - 1];
	return {
		rows,
		slope: logLogSlope(
			decadeRows.map((row) => row.entries),
			decadeRows.map((row) => row.fullNs),
		),
		slopeUpperDecade: logLogSlope(
			upper.map((row) => row.entries),
			upper.map((row) => row.fullNs),
		),
		parseOnlySlope: logLogSlope(
			decadeRows.map((row) => row.entries),
			decadeRows.map((row) => row.parseOnlyNs),
		),
		extractionSlope: logLogSlope(
			decadeRows.map((row) => row.entries),
			decadeRows.map((row) => Math.max(1, row.fullNs - row.parseOnlyNs)),
		),
		extractionOnlySlope: logLogSlope(
			decadeRows.map((row) => row.entries),
			decadeRows.map((row) => row.extractionNs),
		),
		heapTarget: {
			bodyBytes: heapRow.bodyBytes,
			peakHeapPerBodyByte: heapRow.peakHeapPerBodyByte,
			parseOnlyPeakHeapPerBodyByte: heapRow.parseOnlyPeakHeapPerBodyByte,
		},
		node: process.version,
	};
}
