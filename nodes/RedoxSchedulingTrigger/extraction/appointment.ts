/** The Appointment: finding it, naming it, and its own detailed fields. */
import { conceptText, firstConceptText } from './concept';
import { isFiniteNumber, isRecord, listOf, text, type Resource } from './guards';
import { parseReference, type Located, type ReferenceIndex } from './references';
import type { TimeContext } from './time-context';
import { minutesBetween, toLocalTime } from './time';
import type { DetailedFields, LightweightFields } from './types';
import { isHttpUrl } from './url';

/** The appointment a notification is about. */
export interface AppointmentTarget {
	/** The Appointment resource and its entry's `fullUrl`, when the bundle carries one. */
	located: Located | null;
	/**
	 * The first focus reference that points at an Appointment: one that resolves to an
	 * Appointment, or spells the type `Appointment` (`Appointment/<id>`, `.../Appointment/<id>`:
	 * so a lightweight notification's focus on an Appointment the bundle does not carry counts).
	 * `null` when none does.
	 */
	appointmentFocus: string | null;
	/** The output's `appointmentReference`, `appointmentId` and `appointmentUrl`. */
	fields: Pick<LightweightFields, 'appointmentReference' | 'appointmentId' | 'appointmentUrl'>;
}

/**
 * The appointment (output contract): the resource `MessageHeader.focus` resolves to when that
 * resource is an Appointment, else the bundle's first Appointment entry; and its reference, id
 * and URL as the contract defines them. A focus that resolves to another resource (an
 * Encounter, say) does not make an appointment: see isAppointmentMissing.
 */
export function locateAppointment(header: Resource, index: ReferenceIndex): AppointmentTarget {
	let firstFocus: string | null = null;
	let appointmentFocus: string | null = null;
	let located: Located | null = null;
	for (const focus of listOf(header.focus)) {
		if (!isRecord(focus)) continue;
		const reference = text(focus.reference);
		if (reference === null) continue;
		firstFocus ??= reference;
		const resolved = index.resolve(reference, null);
		const resolvesToAppointment = resolved?.resource.resourceType === 'Appointment';
		if (located === null && resolvesToAppointment) located = resolved;
		if (appointmentFocus === null && (resolvesToAppointment || parseReference(reference)?.type === 'Appointment')) {
			appointmentFocus = reference;
		}
		if (located !== null && appointmentFocus !== null) break;
	}
	located ??= index.first('Appointment');

	const resourceId = text(located?.resource.id);
	const fullUrl = located?.fullUrl ?? null;
	const appointmentReference =
		appointmentFocus ?? firstFocus ?? fullUrl ?? (resourceId === null ? null : `Appointment/${resourceId}`);
	return {
		located,
		appointmentFocus,
		fields: {
			appointmentReference,
			appointmentId: resourceId ?? appointmentIdOf(appointmentReference),
			appointmentUrl: isHttpUrl(fullUrl) ? fullUrl : isHttpUrl(appointmentReference) ? appointmentReference : null,
		},
	};
}

/** The id part of `Appointment/<id>` or `.../Appointment/<id>`. */
function appointmentIdOf(reference: string | null): string | null {
	if (reference === null) return null;
	const target = parseReference(reference);
	return target?.type === 'Appointment' ? target.id : null;
}

/** The Appointment's own detailed fields: status, times, concepts and free texts. */
export function appointmentDetailFields(
	appointment: Resource | null,
	clock: TimeContext,
): Pick<
	DetailedFields,
	| 'appointmentStatus'
	| 'appointmentStart'
	| 'appointmentEnd'
	| 'appointmentStartLocal'
	| 'appointmentEndLocal'
	| 'appointmentStartText'
	| 'appointmentDurationMinutes'
	| 'appointmentType'
	| 'serviceType'
	| 'specialty'
	| 'appointmentReason'
	| 'appointmentDescription'
	| 'appointmentComment'
	| 'patientInstruction'
	| 'cancellationReason'
> {
	const start = toLocalTime(appointment?.start, clock, true);
	const end = toLocalTime(appointment?.end, clock, false);
	const minutesDuration = appointment?.minutesDuration;
	return {
		appointmentStatus: text(appointment?.status),
		appointmentStart: text(appointment?.start),
		appointmentEnd: text(appointment?.end),
		appointmentStartLocal: start?.local ?? null,
		appointmentEndLocal: end?.local ?? null,
		appointmentStartText: start?.text ?? null,
		appointmentDurationMinutes: isFiniteNumber(minutesDuration)
			? minutesDuration
			: start !== null && end !== null
				? minutesBetween(start.epochMs, end.epochMs)
				: null,
		appointmentType: conceptText(appointment?.appointmentType),
		serviceType: firstConceptText(appointment?.serviceType),
		specialty: firstConceptText(appointment?.specialty),
		appointmentReason: firstConceptText(appointment?.reasonCode),
		appointmentDescription: text(appointment?.description),
		appointmentComment: text(appointment?.comment),
		patientInstruction: text(appointment?.patientInstruction),
		cancellationReason: conceptText(appointment?.cancelationReason),
	};
}

/**
 * True when there is no appointment (MISSING_APPOINTMENT): the bundle carries no Appointment and
 * no focus points at one. A focus on another resource (`Encounter/9`, carried or not) or one
 * whose type cannot be told (a `urn:uuid:` that resolves to nothing) does not count.
 */
export function isAppointmentMissing(target: AppointmentTarget): boolean {
	return target.located === null && target.appointmentFocus === null;
}

/**
 * A test for references to the appointment itself: the focus that points at it, its entry
 * `fullUrl`, `Appointment/<its id>` in any form, or a reference that resolves to it. Not
 * `appointmentReference` as such: that may be a focus on another resource (an Encounter, when
 * the appointment is the bundle's first Appointment entry), which is a related reference.
 */
export function isAppointmentReference(
	target: AppointmentTarget,
	index: ReferenceIndex,
): (reference: string) => boolean {
	const resource = target.located?.resource ?? null;
	const fullUrl = target.located?.fullUrl ?? null;
	const { appointmentFocus } = target;
	const { appointmentId } = target.fields;
	return (reference) => {
		if (reference === appointmentFocus || reference === fullUrl) return true;
		if (resource !== null) {
			const exact = index.findFullUrl(reference);
			if (exact !== undefined) return index.resourceAt(exact) === resource;
		}
		// A reference that spells another type cannot be the Appointment, and needs no lookup
		// (which in a large bundle would build the by-type-and-id map).
		const spelled = parseReference(reference);
		if (spelled !== null) {
			if (spelled.type !== 'Appointment') return false;
			if (appointmentId !== null && spelled.id === appointmentId) return true;
		}
		return resource !== null && index.resolve(reference, resource)?.resource === resource;
	};
}
