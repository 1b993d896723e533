/** What each resource/operation of the Redox node does with the FHIR client. */
import type { IDataObject } from 'n8n-workflow';

import { fetchAppointmentDetails } from '../redox-api/appointment-details';
import { RedoxApiError } from '../redox-api/errors';
import type { FhirClient } from '../redox-api/fhir-client';
import { referenceTarget } from '../redox-api/references';
import type { HttpMethod } from '../redox-api/transport';
import { isRecord } from '../RedoxSchedulingTrigger/extraction/guards';
import { isDataObject } from '../common/guards';
import { appointmentItemJson } from './appointment-item';

/** A parameter of the current item, as n8n resolves it. */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

export interface OperationContext {
	client: FhirClient;
	parameter: ParameterReader;
	/** The workflow's time zone, for appointment times when the node names none. */
	workflowTimezone: string;
}

/** The output items' json of one input item. */
export async function runOperation(resource: string, operation: string, context: OperationContext): Promise<IDataObject[]> {
	const key = `${resource}:${operation}`;
	switch (key) {
		case 'appointment:get':
			return [await getAppointment(context)];
		case 'patient:get':
			return [await getPatient(context)];
		case 'patient:search':
			return await searchPatients(context);
		case 'fhirRequest:send':
			return [await sendFhirRequest(context)];
		default:
			throw new RedoxApiError('request', `The operation "${operation}" of "${resource}" is not supported.`);
	}
}

async function getAppointment({ client, parameter, workflowTimezone }: OperationContext): Promise<IDataObject> {
	const options = record(parameter('options', {}));
	const details = await fetchAppointmentDetails(client, { appointmentReference: text(parameter('appointment', '')) });
	return appointmentItemJson(details, client.baseUrl, {
		simplify: parameter('simplify', true) !== false,
		timezone: text(options.timezone).trim() || workflowTimezone,
		locale: text(options.locale).trim() || 'en-US',
	});
}

/**
 * The patient by id, `Patient/<id>`, URL, or Redox's conditional reference
 * (`Patient?identifier=<system>|<value>`, what the trigger's Patient Reference often is): that one
 * is a search (POST `_search`), and the patient is its first match.
 */
async function getPatient({ client, parameter }: OperationContext): Promise<IDataObject> {
	const given = text(parameter('patient', '')).trim();
	const isReference = given.includes('/') || given.includes(':') || given.includes('?');
	const target = referenceTarget(isReference ? given : `Patient/${given}`);
	if (target === null || target.type !== 'Patient') {
		throw new RedoxApiError(
			'request',
			'The patient must be an ID, "Patient/<ID>", a URL ending in one, or a conditional reference "Patient?identifier=<system>|<value>".',
		);
	}
	const patient = await client.fetchTarget(target);
	// The reference is patient data: the message does not repeat it.
	if (patient === null) throw new RedoxApiError('not-found', 'Redox found no patient matching the conditional reference.');
	return isDataObject(patient) ? patient : {};
}

async function searchPatients({ client, parameter }: OperationContext): Promise<IDataObject[]> {
	const identifier = text(parameter('identifier', '')).trim();
	if (identifier === '') throw new RedoxApiError('request', 'Enter the identifier to search for, as "system|value".');
	const patients: IDataObject[] = [];
	for (const patient of await client.search('Patient', [['identifier', identifier]])) {
		if (isDataObject(patient)) patients.push(patient);
	}
	return patients;
}

async function sendFhirRequest({ client, parameter }: OperationContext): Promise<IDataObject> {
	const method = httpMethod(parameter('method', 'GET'));
	const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
	const bodyType = hasBody ? parameter('bodyType', 'none') : 'none';
	const answer = await client.request({
		method,
		path: text(parameter('path', '')).trim(),
		query: pairs(parameter('query', {}), 'parameter'),
		json: bodyType === 'json' ? jsonBody(parameter('body', '{}')) : undefined,
		form: bodyType === 'form' ? pairs(parameter('form', {}), 'field') : undefined,
	});
	if (isDataObject(answer)) return answer;
	// Not a JSON object: an empty answer (a DELETE), text, or a JSON array.
	if (Array.isArray(answer)) return { body: answer.filter(isDataObject) };
	return { body: typeof answer === 'string' && answer !== '' ? answer : null };
}

function httpMethod(value: unknown): HttpMethod {
	const methods: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
	const method = methods.find((candidate) => candidate === value);
	if (method === undefined) throw new RedoxApiError('request', 'Choose GET, POST, PUT, PATCH or DELETE as the method.');
	return method;
}

/** The JSON body: n8n gives a json parameter as text, or as an object from an expression. */
function jsonBody(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const parsed = parseJson(value);
	if (parsed === NOT_JSON) throw new RedoxApiError('request', 'The body is not valid JSON.');
	return parsed;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(value: string): unknown {
	try {
		return JSON.parse(value);
	} catch {
		return NOT_JSON;
	}
}

/** Name/value pairs of a fixedCollection (`{ parameter: [{ name, value }] }`). */
function pairs(collection: unknown, group: string): Array<[string, string]> {
	const rows = isRecord(collection) && Array.isArray(collection[group]) ? collection[group] : [];
	const result: Array<[string, string]> = [];
	for (const row of rows) {
		if (isRecord(row) && typeof row.name === 'string' && row.name !== '') result.push([row.name, text(row.value)]);
	}
	return result;
}

function record(value: unknown): Record<string, unknown> {
	return isRecord(value) ? value : {};
}

function text(value: unknown): string {
	if (typeof value === 'string') return value;
	return typeof value === 'number' ? String(value) : '';
}
