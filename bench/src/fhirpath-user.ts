/**
 * What a competent user would write without this package: the same fields pulled out of the
 * bundle with FHIRPath (fhirpath.js and its R4 model), every expression compiled once, and the
 * local times formatted with luxon afterwards. Used by part 2 as the thing to beat, and checked
 * field by field against the library so that both sides do the same work.
 *
 * Written the way the FHIRPath documentation suggests: find each resource once (the message
 * header, the appointment the focus points at, the participants' resources through their
 * references, matched on `fullUrl`), then evaluate field expressions with that resource as the
 * context. Lists of objects (identifiers, participants, procedures) are mapped in JavaScript with
 * one compiled expression per field.
 */
import * as fhirpath from 'fhirpath';
import * as r4 from 'fhirpath/fhir-context/r4';
import { DateTime } from 'luxon';

type Json = Record<string, unknown>;
type Evaluator = (resource: unknown, env?: Record<string, unknown>) => unknown[];

function compile(expression: string, base?: string): Evaluator {
	const path = base ? { base, expression } : expression;
	return fhirpath.compile(path, r4) as unknown as Evaluator;
}

/** FHIRPath "concept text": text, else first coding's display, else its code. */
const CONCEPT_TEXT = 'select(iif(text.exists(), text, coding.first().select(iif(display.exists(), display, code))))';
/** An address as one line: text, else line, city, "state postalCode", country. */
const ADDRESS_LINE =
	"select(iif(text.exists(), text, line.combine(city).combine(state.combine(postalCode).join(' ')).combine(country).where($this != '').join(', ')))";
/** A reference resolved inside the bundle: fullUrl, Type/id, or an absolute URL ending in Type/id. */
const RESOLVE =
	"Bundle.entry.where(fullUrl = %ref or (resource.resourceType + '/' + resource.id) = %ref or %ref.endsWith('/' + resource.resourceType + '/' + resource.id)).resource.first()";

const expressions = {
	bundle: {
		id: compile('Bundle.id'),
		timestamp: compile('Bundle.timestamp'),
		header: compile('Bundle.entry.resource.ofType(MessageHeader).first()'),
		resolve: compile(RESOLVE),
		fullUrlOf: compile('Bundle.entry.where(resource.resourceType = %type and resource.id = %id).fullUrl.first()'),
		firstAppointment: compile('Bundle.entry.resource.ofType(Appointment).first()'),
		firstAppointmentFullUrl: compile("Bundle.entry.where(resource.resourceType = 'Appointment').fullUrl.first()"),
		firstPatient: compile('Bundle.entry.resource.ofType(Patient).first()'),
		firstPatientFullUrl: compile("Bundle.entry.where(resource.resourceType = 'Patient').fullUrl.first()"),
		firstLocation: compile('Bundle.entry.resource.ofType(Location).first()'),
		firstPractitioner: compile('Bundle.entry.resource.ofType(Practitioner).first()'),
		procedures: compile('Bundle.entry.resource.ofType(Procedure)'),
	},
	header: {
		id: compile('MessageHeader.id'),
		eventUri: compile('MessageHeader.eventUri'),
		eventCode: compile('MessageHeader.eventCoding.code'),
		timestamp: compile('MessageHeader.timestamp'),
		sourceName: compile('MessageHeader.source.name'),
		sourceEndpoint: compile('MessageHeader.source.endpoint'),
		focus: compile("MessageHeader.focus.reference.where(matches('(^|/)Appointment([/?]|$)')).first()"),
		firstFocus: compile('MessageHeader.focus.reference.first()'),
		focusReferences: compile('MessageHeader.focus.reference'),
	},
	appointment: {
		id: compile('Appointment.id'),
		status: compile('Appointment.status'),
		start: compile('Appointment.start'),
		end: compile('Appointment.end'),
		minutesDuration: compile('Appointment.minutesDuration'),
		appointmentType: compile(`Appointment.appointmentType.${CONCEPT_TEXT}`),
		serviceType: compile(`Appointment.serviceType.first().${CONCEPT_TEXT}`),
		specialty: compile(`Appointment.specialty.first().${CONCEPT_TEXT}`),
		reason: compile(`Appointment.reasonCode.first().${CONCEPT_TEXT}`),
		description: compile('Appointment.description'),
		comment: compile('Appointment.comment'),
		patientInstruction: compile('Appointment.patientInstruction'),
		cancellationReason: compile(`Appointment.cancelationReason.${CONCEPT_TEXT}`),
		oldDateTime: compile("Appointment.extension.where(url.lower().endsWith('olddatetime')).value.first()"),
		oldVisitNumber: compile(
			"Appointment.extension.where(url.lower().endsWith('oldvisitnumber')).select(iif(value.value.exists(), value.value, value)).first()",
		),
		participants: compile('Appointment.participant'),
		patientReference: compile("Appointment.participant.actor.reference.where(matches('(^|/)Patient([/?]|$)')).first()"),
		patientActorIdentifier: compile(
			"Appointment.participant.actor.where(reference.matches('(^|/)Patient([/?]|$)') or type = 'Patient').identifier",
		),
		references: compile('Appointment.descendants().reference'),
	},
	participant: {
		reference: compile('actor.reference.first()', 'Appointment.participant'),
		type: compile('actor.type.first()', 'Appointment.participant'),
		display: compile('actor.display.first()', 'Appointment.participant'),
		status: compile('status.first()', 'Appointment.participant'),
	},
	patient: {
		identifiers: compile('Patient.identifier'),
		mr: compile("Patient.identifier.where(type.coding.where(code = 'MR').exists()).first()"),
		firstIdentifier: compile('Patient.identifier.first()'),
		fullName: compile(
			"Patient.name.where(use = 'official').combine(Patient.name.where(use = 'usual')).combine(Patient.name).first().select(iif(text.exists(), text, given.combine(family).join(' ')))",
		),
		firstName: compile(
			"Patient.name.where(use = 'official').combine(Patient.name.where(use = 'usual')).combine(Patient.name).first().given.first()",
		),
		lastName: compile(
			"Patient.name.where(use = 'official').combine(Patient.name.where(use = 'usual')).combine(Patient.name).first().family",
		),
		birthDate: compile('Patient.birthDate'),
		gender: compile('Patient.gender'),
		phone: compile("Patient.telecom.where(system = 'phone').value.first()"),
		email: compile("Patient.telecom.where(system = 'email').value.first()"),
		address: compile(`Patient.address.where(use = 'home').combine(Patient.address).first().${ADDRESS_LINE}`),
	},
	identifier: {
		system: compile('system', 'Identifier'),
		value: compile('value', 'Identifier'),
		type: compile('type.select(iif(coding.code.exists(), coding.code.first(), text))', 'Identifier'),
	},
	location: {
		id: compile('Location.id'),
		name: compile('Location.name'),
		address: compile(`Location.address.${ADDRESS_LINE}`),
	},
	practitioner: {
		id: compile('Practitioner.id'),
		npi: compile("Practitioner.identifier.where(system = 'http://hl7.org/fhir/sid/us-npi').value.first()"),
		name: compile(
			"Practitioner.name.where(use = 'official').combine(Practitioner.name.where(use = 'usual')).combine(Practitioner.name).first().select(iif(text.exists(), text, prefix.combine(given).combine(family).combine(suffix).join(' ')))",
		),
	},
	practitionerRole: {
		practitioner: compile('PractitionerRole.practitioner.reference'),
	},
	procedure: {
		code: compile('Procedure.code.coding.first().code'),
		system: compile('Procedure.code.coding.first().system'),
		display: compile('Procedure.code.coding.first().display'),
		text: compile(`Procedure.code.${CONCEPT_TEXT}`),
	},
};

/** The first value of a FHIRPath result, or null. */
function one<T = string>(result: unknown[]): T | null {
	return result.length > 0 && result[0] !== undefined ? (result[0] as T) : null;
}

const KINDS: Record<string, string> = {
	Patient: 'patient',
	Practitioner: 'practitioner',
	Location: 'location',
	RelatedPerson: 'related-person',
	Device: 'device',
	PractitionerRole: 'practitioner-role',
	HealthcareService: 'healthcare-service',
};
const TYPE_IN_REFERENCE = /(?:^|\/)([A-Z][A-Za-z]+)(?:\/[^/?]+(?:\/_history\/[^/?]+)?$|\?)/;

function typeOfReference(reference: string | null): string | null {
	if (!reference) return null;
	const match = TYPE_IN_REFERENCE.exec(reference);
	return match ? match[1] : null;
}

function eventOf(eventUri: string | null, eventCode: string | null): string | null {
	const segment = eventUri ? eventUri.slice(eventUri.lastIndexOf('/') + 1).toLowerCase() : '';
	const code = eventCode ? eventCode.toLowerCase() : '';
	if (segment === 'schedulingappointmentbooked' || code === 'scheduling-event-appointment-booked') return 'booked';
	if (/^schedulingappointmentcancell?ed$/.test(segment) || /^scheduling-event-appointment-cancell?ed$/.test(code)) {
		return 'cancelled';
	}
	if (segment === 'schedulingappointmentupdated' || code === 'scheduling-event-appointment-updated') return 'updated';
	return null;
}

const isUrl = (value: string | null): boolean => value !== null && /^https?:\/\//i.test(value);

function localTimes(value: string | null, zone: string): { iso: string | null; text: string | null } {
	if (!value || !/T\d/.test(value)) return { iso: null, text: null };
	const time = DateTime.fromISO(value, { setZone: true });
	if (!time.isValid) return { iso: null, text: null };
	const local = time.setZone(zone).startOf('second');
	return {
		iso: local.toISO({ suppressMilliseconds: true }),
		text: local.toLocaleString(
			{
				weekday: 'long',
				year: 'numeric',
				month: 'long',
				day: 'numeric',
				hour: 'numeric',
				minute: '2-digit',
				timeZoneName: 'short',
			},
			{ locale: 'en-US' },
		),
	};
}

export interface UserOptions {
	detail: 'lightweight' | 'detailed';
	timezone: string;
}

/** The user's extraction: FHIRPath for the data, a little JavaScript for the glue. */
export function extractWithFhirpath(bundle: unknown, options: UserOptions): Json {
	const b = expressions.bundle;
	const header = one<Json>(b.header(bundle));
	const h = expressions.header;
	const eventUri = header ? one(h.eventUri(header)) : null;
	const eventCode = header ? one(h.eventCode(header)) : null;
	const focus = header ? (one(h.focus(header)) ?? one(h.firstFocus(header))) : null;

	const resolve = (ref: string | null): Json | null => (ref ? one<Json>(b.resolve(bundle, { ref })) : null);
	const appointment = resolve(focus) ?? one<Json>(b.firstAppointment(bundle));
	const a = expressions.appointment;
	const appointmentFullUrl = appointment
		? one(b.fullUrlOf(bundle, { type: 'Appointment', id: appointment.id }))
		: one(b.firstAppointmentFullUrl(bundle));
	const appointmentReference =
		focus ?? appointmentFullUrl ?? (appointment ? `Appointment/${String(appointment.id)}` : null);
	const appointmentId = appointment
		? one(a.id(appointment))
		: appointmentReference
			? (/Appointment\/([^/?#]+)/.exec(appointmentReference)?.[1] ?? null)
			: null;

	const patientReference =
		(appointment ? one(a.patientReference(appointment)) : null) ?? one(b.firstPatientFullUrl(bundle));
	const patient = resolve(patientReference) ?? one<Json>(b.firstPatient(bundle));
	const p = expressions.patient;
	let identifierObjects: unknown[] = patient ? p.identifiers(patient) : [];
	if (!patient && appointment) identifierObjects = a.patientActorIdentifier(appointment);
	if (identifierObjects.length === 0 && !patient && patientReference?.includes('?identifier=')) {
		const [system, value] = decodeURIComponent(patientReference.split('?identifier=')[1]).split('|');
		identifierObjects = [{ system: value === undefined ? null : system, value: value ?? system }];
	}
	const i = expressions.identifier;
	const patientIdentifiers = identifierObjects.map((identifier) => ({
		system: one(i.system(identifier)),
		value: one(i.value(identifier)),
		type: one(i.type(identifier)),
	}));
	const mr = patient ? one<Json>(p.mr(patient)) : null;
	const mainIdentifier = mr ?? (patient ? one<Json>(p.firstIdentifier(patient)) : (identifierObjects[0] as Json));

	const isDetailedBundle = Boolean(
		(patient && (patient.name || patient.birthDate || patient.telecom || patient.address)) ||
			(appointment &&
				(appointment.start || appointment.status || appointment.appointmentType || appointment.serviceType)) ||
			one(b.firstLocation(bundle)) ||
			one(b.firstPractitioner(bundle)),
	);
	const result: Json = {
		event: eventOf(eventUri, eventCode),
		eventUri,
		eventCode,
		messageId: header ? one(h.id(header)) : null,
		bundleId: one(b.id(bundle)),
		timestamp: one(b.timestamp(bundle)) ?? (header ? one(h.timestamp(header)) : null),
		sourceName: header ? one(h.sourceName(header)) : null,
		sourceEndpoint: header ? one(h.sourceEndpoint(header)) : null,
		appointmentReference,
		appointmentId,
		appointmentUrl: isUrl(appointmentFullUrl) ? appointmentFullUrl : isUrl(appointmentReference) ? appointmentReference : null,
		patientReference,
		patientId: mainIdentifier ? one(i.value(mainIdentifier)) : null,
		patientIdentifierSystem: mainIdentifier ? one(i.system(mainIdentifier)) : null,
		patientIdentifiers,
		detailLevel: options.detail === 'detailed' && isDetailedBundle ? 'detailed' : 'lightweight',
	};
	if (options.detail === 'lightweight') return result;

	const participants = (appointment ? a.participants(appointment) : []).map((participant) => {
		const reference = one(expressions.participant.reference(participant));
		const type = typeOfReference(reference) ?? one(expressions.participant.type(participant));
		const kind = (type && KINDS[type]) ?? KINDS[String(resolve(reference)?.resourceType)] ?? 'other';
		return {
			kind,
			reference,
			display: one(expressions.participant.display(participant)),
			status: one(expressions.participant.status(participant)),
		};
	});
	const firstOfKind = (...kinds: string[]) => participants.find((participant) => kinds.includes(participant.kind));

	const location = resolve(firstOfKind('location')?.reference ?? null) ?? one<Json>(b.firstLocation(bundle));
	let provider = resolve(firstOfKind('practitioner', 'practitioner-role')?.reference ?? null);
	if (provider?.resourceType === 'PractitionerRole') {
		provider = resolve(one(expressions.practitionerRole.practitioner(provider)));
	}
	provider = provider ?? one<Json>(b.firstPractitioner(bundle));

	const start = appointment ? one(a.start(appointment)) : null;
	const end = appointment ? one(a.end(appointment)) : null;
	const startLocal = localTimes(start, options.timezone);
	const endLocal = localTimes(end, options.timezone);
	let duration = appointment ? one<number>(a.minutesDuration(appointment)) : null;
	if (duration === null && start && end) {
		const minutes = DateTime.fromISO(end).diff(DateTime.fromISO(start), 'minutes').minutes;
		duration = Number.isFinite(minutes) ? Math.round(minutes) : null;
	}
	const oldDateTime = appointment ? one(a.oldDateTime(appointment)) : null;
	const oldVisitNumber = appointment ? one(a.oldVisitNumber(appointment)) : null;

	const pr = expressions.procedure;
	const procedureResources = b.procedures(bundle);
	const procedures = procedureResources.map((procedure) => ({
		code: one(pr.code(procedure)),
		system: one(pr.system(procedure)),
		display: one(pr.display(procedure)),
	}));
	const firstProcedure = procedureResources[0];

	const selfReferences = new Set([appointmentReference, appointmentFullUrl, `Appointment/${String(appointmentId)}`]);
	const relatedReferences = [
		...new Set(
			[
				...(appointment ? (a.references(appointment) as string[]) : []),
				...(header ? (h.focusReferences(header) as string[]) : []),
			].filter((reference) => typeof reference === 'string' && !selfReferences.has(reference)),
		),
	];

	const value = <T = string>(resource: Json | null, evaluator: Evaluator): T | null =>
		resource ? one<T>(evaluator(resource)) : null;
	return {
		...result,
		appointmentStatus: value(appointment, a.status),
		appointmentStart: start,
		appointmentEnd: end,
		appointmentStartLocal: startLocal.iso,
		appointmentEndLocal: endLocal.iso,
		appointmentStartText: startLocal.text,
		appointmentDurationMinutes: duration,
		appointmentType: value(appointment, a.appointmentType),
		serviceType: value(appointment, a.serviceType),
		specialty: value(appointment, a.specialty),
		appointmentReason: value(appointment, a.reason),
		appointmentDescription: value(appointment, a.description),
		appointmentComment: value(appointment, a.comment),
		patientInstruction: value(appointment, a.patientInstruction),
		cancellationReason: value(appointment, a.cancellationReason),
		rescheduled: oldDateTime !== null || oldVisitNumber !== null,
		previousStart: oldDateTime,
		previousVisitNumber: oldVisitNumber,
		patientFullName: value(patient, p.fullName),
		patientFirstName: value(patient, p.firstName),
		patientLastName: value(patient, p.lastName),
		patientBirthDate: value(patient, p.birthDate),
		patientGender: value(patient, p.gender),
		patientMrn: mr ? one(i.value(mr)) : null,
		patientPhone: value(patient, p.phone),
		patientEmail: value(patient, p.email),
		patientAddress: value(patient, p.address),
		locationId: value(location, expressions.location.id),
		locationName: value(location, expressions.location.name),
		locationAddress: value(location, expressions.location.address),
		providerId: value(provider, expressions.practitioner.id),
		providerName: value(provider, expressions.practitioner.name),
		providerNpi: value(provider, expressions.practitioner.npi),
		procedureCode: firstProcedure ? one(pr.code(firstProcedure)) : null,
		procedureName: firstProcedure ? one(pr.text(firstProcedure)) : null,
		procedures,
		participants,
		relatedReferences,
	};
}
