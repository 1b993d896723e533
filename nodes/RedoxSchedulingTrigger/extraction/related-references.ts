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
	const seen = new Set<string>();
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
			if (!seen.has(value)) {
				seen.add(value);
				if (!isSelf(value)) found.push(value);
			}
			continue;
		}
		if (typeof value !== 'object' || value === null) continue;
		if (--budget < 0) {
			visited ??= new Set();
			if (visited.has(value)) continue;
			visited.add(value);
		}
		if (Array.isArray(value)) {
			for (let i = value.length - 1; i >= 0; i--) {
				const item: unknown = value[i];
				if (typeof item === 'object' && item !== null) stack.push(item);
			}
		} else if (isRecord(value)) {
			// Values are read inside the for-in, where V8 loads them fastest, and buffered so
			// they can be pushed last-first.
			let count = 0;
			for (const key in value) {
				const item = value[key];
				if (typeof item === 'object') {
					if (item !== null) children[count++] = item;
				} else if (key === 'reference' && typeof item === 'string' && item.length > 0) {
					children[count++] = item;
				}
			}
			while (count > 0) stack.push(children[--count]);
		}
	}
	return found;
}

const TRACK_VISITS_AFTER = 100_000;
