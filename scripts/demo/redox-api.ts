/**
 * The demo's Redox API: the local stand-in (scripts/stand-ins/redox-api.ts: token endpoint that
 * checks every JWT as Redox does, FHIR API) with an HS384 API key made at start, the resources of
 * the detailed fixtures, and the resources behind the lightweight fixture booked-lightweight.json,
 * so that "Fetch Missing Details" finds what a lightweight notification leaves out.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { servedResources, type NotificationBundle } from '../stand-ins/lightweight-twin';
import { startRedoxStandIn, type FhirResource, type RedoxStandIn } from '../stand-ins/redox-api';
import { fixturesDir } from './paths';

/** The detailed fixtures whose resources the demo's FHIR API serves (their references are absolute). */
export const SERVED_FIXTURES = ['booked-detailed', 'cancelled-detailed'] as const;

export interface DemoRedoxApi {
	standIn: RedoxStandIn;
	/** The `redoxApi` credential's data for this stand-in (client ID and secret made at start). */
	credential: Record<string, string>;
	close(): Promise<void>;
}

function readBundle(name: string): NotificationBundle {
	return JSON.parse(fs.readFileSync(path.join(fixturesDir, `${name}.json`), 'utf8')) as NotificationBundle;
}

const byType = (bundle: NotificationBundle, type: string) => bundle.entry.find((entry) => entry.resource.resourceType === type);

/**
 * What the Redox FHIR API would hold for a lightweight notification: the appointment and patient
 * of `template` (a detailed fixture) under the ids and identifiers the lightweight one names.
 * Invented test data, like the fixtures.
 */
export function resourcesBehind(lightweight: NotificationBundle, template: NotificationBundle): FhirResource[] {
	const focus = byType(lightweight, 'MessageHeader')?.resource.focus;
	const reference = Array.isArray(focus) ? String((focus[0] as { reference?: unknown }).reference ?? '') : '';
	const appointmentId = /Appointment\/([^/?#]+)/.exec(reference)?.[1];
	const patientEntry = byType(lightweight, 'Patient');
	const templateAppointment = byType(template, 'Appointment')?.resource;
	const templatePatient = byType(template, 'Patient');
	if (!appointmentId || !patientEntry?.fullUrl || !templateAppointment || !templatePatient?.fullUrl) {
		throw new Error('The lightweight notification or its template lacks an appointment or a patient');
	}
	const patientReference = templatePatient.fullUrl;
	const appointment = JSON.parse(JSON.stringify(templateAppointment).split(JSON.stringify(patientReference).slice(1, -1)).join(patientEntry.fullUrl)) as FhirResource;
	appointment.id = appointmentId;
	const patient: FhirResource = { ...templatePatient.resource, id: `demo-${appointmentId.slice(0, 8)}`, identifier: patientEntry.resource.identifier };
	const others = servedResources(template).filter((resource) => resource.resourceType !== 'Appointment' && resource.resourceType !== 'Patient');
	return [appointment, patient, ...others];
}

/** Starts the stand-in on `port` (127.0.0.1) with a fresh HS384 API key and the demo's resources. */
export async function startDemoRedoxApi(port: number): Promise<DemoRedoxApi> {
	const clientId = `demo-client-${randomBytes(4).toString('hex')}`;
	const secret = randomBytes(32).toString('base64url');
	const standIn = await startRedoxStandIn({ keys: [{ clientId, algorithm: 'HS384', secret }], port });
	for (const name of SERVED_FIXTURES) standIn.load(servedResources(readBundle(name)));
	standIn.load(resourcesBehind(readBundle('booked-lightweight'), readBundle('booked-detailed')));
	return {
		standIn,
		credential: {
			baseUrl: standIn.baseUrl,
			organization: 'redox-fhir-sandbox',
			environment: 'Development',
			clientId,
			algorithm: 'HS384',
			keyId: '',
			privateKey: '',
			clientSecret: secret,
		},
		close: async () => await standIn.close(),
	};
}

/**
 * Prints what reaches the stand-in (token requests, FHIR requests, rule violations) as it
 * happens; returns a function that stops watching.
 */
export function watchRedoxApi(standIn: RedoxStandIn, print: (line: string) => void): () => void {
	let tokens = 0;
	let fhir = 0;
	let violations = 0;
	const timer = setInterval(() => {
		for (; tokens < standIn.tokenRequests.length; tokens += 1) {
			const request = standIn.tokenRequests[tokens];
			print(`token request ${request.algorithm ?? '?'} jti ${String(request.jti ?? '?').slice(0, 8)}...: ${request.status === 200 ? '200, access token issued' : request.status}`);
		}
		for (; fhir < standIn.fhirRequests.length; fhir += 1) {
			const request = standIn.fhirRequests[fhir];
			if (request.status === 0) break; // still being answered
			print(`${request.method} ${request.path.split('?')[0]} ${request.status}`);
		}
		for (; violations < standIn.violations.length; violations += 1) print(`VIOLATION ${standIn.violations[violations]}`);
	}, 200);
	return () => clearInterval(timer);
}
