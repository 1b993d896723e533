/**
 * "Fetch Missing Details": a lightweight notification made detailed by reading its appointment,
 * patient, location and provider from the Redox FHIR API with the node's Redox API credential.
 */
import { sleep, type IWebhookFunctions } from 'n8n-workflow';

import { errorAnswer, type HttpAnswer } from '../../delivery/answers';
import { fetchAppointmentDetails, type AppointmentDetails } from '../../redox-api/appointment-details';
import { detailsResources, withFetchedResources } from '../../redox-api/details-bundle';
import { readRedoxApiCredential, type RedoxApiCredential } from '../../redox-api/credential';
import { isRedoxApiError, type RedoxApiErrorKind } from '../../redox-api/errors';
import { FhirClient } from '../../redox-api/fhir-client';
import { httpRequestTransport } from '../../redox-api/n8n-transport';
import { isRecord } from '../../common/guards';
import { parseSchedulingNotification } from '../extraction/parse';
import type { ParseOptions, SchedulingNotification } from '../extraction/types';

/**
 * Every request of one notification's fetch is answered by then, so that Redox gets its answer
 * within 20 seconds in all (a per-request time-out and one retry fit inside it).
 */
export const DETAILS_DEADLINE_MS = 15_000;

export type OnDetailsUnavailable = 'retry' | 'continue';

/** The notification made detailed, or why the details could not be had. */
export type DetailsOutcome =
	| { fetched: true; notification: SchedulingNotification; bundle: Record<string, unknown> }
	| { fetched: false; code: 'DETAILS_UNAVAILABLE' | 'NODE_MISCONFIGURED'; message: string };

/** Why the details could not be had, in words that hold no patient data and no secret. */
const FAILURE_BY_KIND: Record<RedoxApiErrorKind, { code: 'DETAILS_UNAVAILABLE' | 'NODE_MISCONFIGURED'; message: string }> = {
	unavailable: {
		code: 'DETAILS_UNAVAILABLE',
		message: 'The Redox FHIR API did not answer in time or is unavailable; the details of this notification could not be read.',
	},
	'not-found': {
		code: 'DETAILS_UNAVAILABLE',
		message: 'The Redox FHIR API does not (yet) have the appointment this notification points to.',
	},
	request: {
		code: 'DETAILS_UNAVAILABLE',
		message: 'The Redox FHIR API refused to give the details of this notification.',
	},
	authentication: {
		code: 'NODE_MISCONFIGURED',
		message: 'Redox refused the access token request of the node\'s Redox API credential. Test the credential in n8n.',
	},
	configuration: {
		code: 'NODE_MISCONFIGURED',
		message: 'The node\'s Redox API credential cannot be used as it is. Test the credential in n8n.',
	},
};

/** The HTTP answer for details that could not be had: Redox delivers the notification again later. */
export function detailsUnavailableAnswer(outcome: Extract<DetailsOutcome, { fetched: false }>): HttpAnswer {
	return errorAnswer(outcome.code === 'DETAILS_UNAVAILABLE' ? 503 : 500, outcome.code, outcome.message);
}

async function redoxApiCredential(context: IWebhookFunctions): Promise<RedoxApiCredential> {
	return readRedoxApiCredential(await context.getCredentials('redoxApi'));
}

/** The resources of the notification's appointment, read through n8n's HTTP helper. */
async function readDetails(
	context: IWebhookFunctions,
	credential: RedoxApiCredential,
	notification: SchedulingNotification,
): Promise<{ details: AppointmentDetails; fhirBase: string }> {
	const client = new FhirClient({
		credential,
		transport: httpRequestTransport(async (options) => await context.helpers.httpRequest(options)),
		deadline: Date.now() + DETAILS_DEADLINE_MS,
		pause: sleep,
	});
	const patientId = notification.patientId;
	const details = await fetchAppointmentDetails(client, {
		appointmentReference: appointmentToRead(notification),
		patientIdentifier: patientId === null ? null : { system: notification.patientIdentifierSystem, value: patientId },
	});
	return { details, fhirBase: client.baseUrl };
}

/** The focus reference when it names the appointment by type, else `Appointment/<id>`. */
function appointmentToRead(notification: SchedulingNotification): string {
	const reference = notification.appointmentReference;
	if (reference !== null && /(^|\/)Appointment\/[^/]+/.test(reference)) return reference;
	return `Appointment/${notification.appointmentId ?? ''}`;
}

/**
 * Reads what a lightweight notification leaves out and runs the extraction again on the
 * notification's Bundle with it, so that the item is field for field the detailed one.
 */
export async function fetchMissingDetails(
	context: IWebhookFunctions,
	notification: SchedulingNotification,
	bundle: unknown,
	parseOptions: ParseOptions,
): Promise<DetailsOutcome> {
	try {
		const credential = await redoxApiCredential(context);
		const { details, fhirBase } = await readDetails(context, credential, notification);
		const detailed = withFetchedResources(isRecord(bundle) ? bundle : {}, detailsResources(details), fhirBase);
		return { fetched: true, notification: parseSchedulingNotification(detailed, parseOptions), bundle: detailed };
	} catch (error) {
		const kind: RedoxApiErrorKind = isRedoxApiError(error) ? error.kind : 'configuration';
		// Only the kind and status: Redox's own text may quote identifiers (patient data).
		context.logger.warn('Redox Scheduling Trigger: the details of a lightweight notification could not be read', {
			kind,
			httpStatus: isRedoxApiError(error) ? error.httpStatus : null,
		});
		return { fetched: false, ...FAILURE_BY_KIND[kind] };
	}
}
