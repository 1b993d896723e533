/** Rescheduling: the `oldDateTime` / `oldVisitNumber` extensions of an updated Appointment. */
import { isRecord, listOf, text, type JsonRecord, type Resource } from './guards';
import type { DetailedFields } from './types';
import { lastPathSegment } from './url';

/**
 * Whether the Appointment was rescheduled, and from what. The extension URL is not published,
 * so it is matched on its last path segment, case-insensitive.
 */
export function rescheduleFields(
	appointment: Resource | null,
): Pick<DetailedFields, 'rescheduled' | 'previousStart' | 'previousVisitNumber'> {
	let rescheduled = false;
	let previousStart: string | null = null;
	let previousVisitNumber: string | null = null;
	for (const extension of listOf(appointment?.extension)) {
		if (!isRecord(extension) || typeof extension.url !== 'string') continue;
		const name = lastPathSegment(extension.url).toLowerCase();
		if (name === 'olddatetime') {
			rescheduled = true;
			previousStart ??= extensionValue(extension);
		} else if (name === 'oldvisitnumber') {
			rescheduled = true;
			previousVisitNumber ??= extensionValue(extension);
		}
	}
	return { rescheduled, previousStart, previousVisitNumber };
}

/** The value of an extension, whichever of the expected `value[x]` forms it uses. */
function extensionValue(extension: JsonRecord): string | null {
	return (
		text(extension.valueDateTime) ??
		text(extension.valueInstant) ??
		text(extension.valueString) ??
		(isRecord(extension.valueIdentifier) ? text(extension.valueIdentifier.value) : null) ??
		text(extension.valueCode)
	);
}
