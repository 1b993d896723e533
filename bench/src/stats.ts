/**
 * Statistics and timing shared by the benchmarks. Every reported figure is a ratio of two things
 * measured in the same process, in interleaved batches, so that machine speed, CPU frequency and
 * background load cancel out; the spread across batches says how far to trust it.
 */

export interface Summary {
	median: number;
	p25: number;
	p75: number;
	min: number;
	max: number;
	/** Number of samples (batches). */
	n: number;
	/** |median(first half) - median(second half)| / median: drift over the run. */
	drift: number;
}

export function quantile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return Number.NaN;
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export function median(values: readonly number[]): number {
	return quantile([...values].sort((a, b) => a - b), 0.5);
}

export function summarise(samples: readonly number[]): Summary {
	const sorted = [...samples].sort((a, b) => a - b);
	const middle = quantile(sorted, 0.5);
	const half = Math.floor(samples.length / 2);
	const drift =
		samples.length >= 4
			? Math.abs(median(samples.slice(0, half)) - median(samples.slice(half))) / middle
			: Number.NaN;
	return {
		median: middle,
		p25: quantile(sorted, 0.25),
		p75: quantile(sorted, 0.75),
		min: sorted[0],
		max: sorted[sorted.length - 1],
		n: samples.length,
		drift,
	};
}

/** Least-squares slope of log(y) against log(x). */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number {
	const lx = xs.map(Math.log);
	const ly = ys.map(Math.log);
	const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
	const my = ly.reduce((a, b) => a + b, 0) / ly.length;
	let num = 0;
	let den = 0;
	for (let i = 0; i < lx.length; i++) {
		num += (lx[i] - mx) * (ly[i] - my);
		den += (lx[i] - mx) ** 2;
	}
	return num / den;
}

/** Somewhere for benchmark results to go, so that the engine cannot drop the work. */
let sink = 0;
export function consume(value: number): void {
	sink = (sink + value) | 0;
}
export function sinkValue(): number {
	return sink;
}

/** Runs `fn` `iterations` times; returns the elapsed nanoseconds. */
export function timeLoop(fn: () => number, iterations: number): number {
	let local = 0;
	const start = process.hrtime.bigint();
	for (let i = 0; i < iterations; i++) local += fn();
	const elapsed = Number(process.hrtime.bigint() - start);
	consume(local);
	return elapsed;
}

/** How many iterations of `fn` take about `targetNs`, measured after a short warm-up. */
export function calibrate(fn: () => number, targetNs: number): number {
	let iterations = 1;
	for (;;) {
		const elapsed = timeLoop(fn, iterations);
		if (elapsed >= targetNs / 4 || iterations >= 1 << 24) {
			return Math.max(1, Math.round((iterations * targetNs) / Math.max(elapsed, 1)));
		}
		iterations *= 2;
	}
}

/** Runs both functions for about `durationNs` in total, alternating, to get them optimised. */
export function warmUp(fns: Array<() => number>, durationNs: number): void {
	const end = process.hrtime.bigint() + BigInt(Math.round(durationNs));
	while (process.hrtime.bigint() < end) {
		for (const fn of fns) timeLoop(fn, 10);
	}
}

export interface PairedResult {
	/** Per-batch ratio: (time per call of `b`) / (time per call of `a`). */
	ratio: Summary;
	/** Median time per call of each side, in nanoseconds (for reference only: not portable). */
	aNs: number;
	bNs: number;
	aIterations: number;
	bIterations: number;
}

export interface PairedOptions {
	batches: number;
	/** Target duration of one side of a batch. */
	batchNs: number;
	warmUpNs: number;
}

/**
 * Interleaved A/B measurement: each batch times `a` then `b` (or `b` then `a` on odd batches, so
 * neither side always runs first after a GC or a frequency change), and yields one ratio b/a.
 */
export function paired(a: () => number, b: () => number, options: PairedOptions): PairedResult {
	warmUp([a, b], options.warmUpNs);
	const aIterations = calibrate(a, options.batchNs);
	const bIterations = calibrate(b, options.batchNs);
	const ratios: number[] = [];
	const aTimes: number[] = [];
	const bTimes: number[] = [];
	for (let batch = 0; batch < options.batches; batch++) {
		let aNs: number;
		let bNs: number;
		if (batch % 2 === 0) {
			aNs = timeLoop(a, aIterations);
			bNs = timeLoop(b, bIterations);
		} else {
			bNs = timeLoop(b, bIterations);
			aNs = timeLoop(a, aIterations);
		}
		aTimes.push(aNs / aIterations);
		bTimes.push(bNs / bIterations);
		ratios.push(bNs / bIterations / (aNs / aIterations));
	}
	return {
		ratio: summarise(ratios),
		aNs: median(aTimes),
		bNs: median(bTimes),
		aIterations,
		bIterations,
	};
}

export function formatRatio(summary: Summary, digits = 2): string {
	return `${summary.median.toFixed(digits)} (IQR ${summary.p25.toFixed(digits)}–${summary.p75.toFixed(digits)})`;
}

export function formatNs(ns: number): string {
	if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
	if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
	if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
	return `${ns.toFixed(0)} ns`;
}

export function formatBytes(bytes: number): string {
	if (Math.abs(bytes) >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GiB`;
	if (Math.abs(bytes) >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
	if (Math.abs(bytes) >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
	return `${bytes} B`;
}
