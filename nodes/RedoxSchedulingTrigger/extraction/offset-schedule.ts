/**
 * The offsets of one IANA zone, learnt a stretch of time at a time, so that most instants cost a
 * lookup instead of an `Intl` call (each call was about a tenth of an extraction).
 *
 * For a stretch of SPAN_MS (about 25 days) it asks `Intl` the offset at every hour, and where two
 * samples differ it bisects to the exact millisecond of the change. Zones change their offset a
 * few times a year at most and never twice within an hour, so hourly samples see every change;
 * an instant of a known stretch is then looked up among that stretch's changes (usually none).
 * Learning a stretch costs about 600 `Intl` calls, once: the first notification of a month pays
 * a fraction of a millisecond, the following ones nothing.
 */

/** 2^31 ms, about 24.9 days: the unit in which offsets are learnt. */
const SPAN_MS = 2 ** 31;
const HOUR_MS = 3_600_000;
/** `Intl` accepts instants up to 8.64e15 ms either side of 1970. */
const MAX_DATE_MS = 8.64e15;
/** Stretches remembered per zone: about 200 years; past that the memory starts again. */
const MAX_SPANS = 3_000;

/** Offset in minutes, or `null` when not whole minutes (local mean time before 1900). */
type Offset = number | null;

interface Span {
	/** The offset from the start of the stretch until the first change. */
	first: Offset;
	/** The instants at which the offset changes, in order, and the offset from each on. */
	changes: number[];
	offsets: Offset[];
}

export class OffsetSchedule {
	private readonly spans = new Map<number, Span>();

	/** `offsetFromIntl` gives the zone's offset at an instant (the slow, exact answer). */
	constructor(private readonly offsetFromIntl: (epochMs: number) => Offset) {}

	offsetAt(epochMs: number): Offset {
		const index = Math.floor(epochMs / SPAN_MS);
		const start = index * SPAN_MS;
		// Stretches that reach past what Intl accepts are not learnt: asked directly.
		if (start < -MAX_DATE_MS || start + SPAN_MS > MAX_DATE_MS) return this.offsetFromIntl(epochMs);
		let span = this.spans.get(index);
		if (span === undefined) {
			if (this.spans.size >= MAX_SPANS) this.spans.clear();
			span = this.learn(start);
			this.spans.set(index, span);
		}
		let offset = span.first;
		for (let i = 0; i < span.changes.length && span.changes[i] <= epochMs; i++) offset = span.offsets[i];
		return offset;
	}

	private learn(start: number): Span {
		const span: Span = { first: this.offsetFromIntl(start), changes: [], offsets: [] };
		let before = start;
		let offsetBefore = span.first;
		for (let at = start + HOUR_MS; at <= start + SPAN_MS; at = Math.min(at + HOUR_MS, start + SPAN_MS)) {
			const offset = this.offsetFromIntl(at);
			if (offset !== offsetBefore) {
				span.changes.push(this.changeBetween(before, at, offsetBefore));
				span.offsets.push(offset);
			}
			before = at;
			offsetBefore = offset;
			if (at === start + SPAN_MS) break;
		}
		return span;
	}

	/** The first millisecond in (from, to] whose offset is no longer `offsetAtFrom`. */
	private changeBetween(from: number, to: number, offsetAtFrom: Offset): number {
		let low = from;
		let high = to;
		while (high - low > 1) {
			const middle = low + Math.floor((high - low) / 2);
			if (this.offsetFromIntl(middle) === offsetAtFrom) low = middle;
			else high = middle;
		}
		return high;
	}
}
