/** `relatedReferences`: every reference the Appointment and the MessageHeader's focus make. */
import { isRecord, type Resource } from './guards';

/**
 * Every distinct non-empty string under a property named `reference`, anywhere inside the
 * Appointment (contained resources included) and then `MessageHeader.focus`, depth-first in
 * document order, without those `isSelf` recognises as the Appointment itself.
 */
export function relatedReferences(
	appointment: Resource | null,
	focus: unknown,
	isSelf: (reference: string) => boolean,
): string[] {
	const found: string[] = [];
	const seen = new DistinctStrings();
	// An explicit stack, never recursion: a body may nest tens of thousands of levels deep. It
	// holds the containers still to walk and the `reference` strings met; children are pushed
	// last-first, so they pop in document order.
	const stack: unknown[] = [];
	if (typeof focus === 'object' && focus !== null) stack.push(focus);
	if (appointment !== null) stack.push(appointment);
	const children: unknown[] = [];
	// Parsed JSON is a tree. A JavaScript object body may hold cycles: past this many containers,
	// each is walked at most once so the walk ends.
	let budget = TRACK_VISITS_AFTER;
	let visited: Set<object> | null = null;
	while (stack.length > 0) {
		const value = stack.pop();
		if (typeof value === 'string') {
			if (seen.add(value) && !isSelf(value)) found.push(value);
			continue;
		}
		if (typeof value !== 'object' || value === null) continue;
		if (--budget < 0) {
			visited ??= new Set();
			if (visited.has(value)) continue;
			visited.add(value);
		}
		// Children are buffered in document order, then pushed last-first. The elements of an
		// array property are buffered directly, which saves a push and a pop per array.
		let count = 0;
		if (Array.isArray(value)) {
			count = bufferObjects(value, children, count);
		} else if (isRecord(value)) {
			for (const key in value) {
				const item = value[key];
				if (typeof item !== 'object') {
					if (key !== 'reference' || typeof item !== 'string' || item.length === 0) continue;
					// Nothing of this object buffered yet: the reference is next in document order.
					if (count === 0 && seen.add(item) && !isSelf(item)) found.push(item);
					else if (count > 0) children[count++] = item;
				} else if (Array.isArray(item)) {
					count = bufferObjects(item, children, count);
				} else if (item !== null) {
					children[count++] = item;
				}
			}
		}
		while (count > 0) stack.push(children[--count]);
	}
	return found;
}

const TRACK_VISITS_AFTER = 100_000;

/** Appends the object (and array) items of a list to `buffer` from `count`; the new count. */
function bufferObjects(items: readonly unknown[], buffer: unknown[], count: number): number {
	let next = count;
	for (let i = 0; i < items.length; i++) {
		const item = items[i];
		if (typeof item === 'object' && item !== null) buffer[next++] = item;
	}
	return next;
}

/**
 * A set of strings: a list while small (comparing a few strings is cheaper than hashing long
 * URLs fresh from JSON.parse), a Set once it grows, so the cost stays linear.
 */
class DistinctStrings {
	private list: string[] | null = [];
	private set: Set<string> | null = null;

	/** Adds the value; true when it was not there yet. */
	add(value: string): boolean {
		if (this.list !== null) {
			if (this.list.includes(value)) return false;
			this.list.push(value);
			if (this.list.length > 16) {
				this.set = new Set(this.list);
				this.list = null;
			}
			return true;
		}
		if (this.set === null || this.set.has(value)) return false;
		this.set.add(value);
		return true;
	}
}
