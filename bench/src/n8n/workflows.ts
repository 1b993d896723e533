/**
 * The workflows compared on the same n8n instance:
 *   (a) our trigger alone (detailed, America/New_York, defaults otherwise: acknowledge at once,
 *       deduplicate on),
 *   (b) n8n's Webhook node alone, answering at once: the floor of what any webhook workflow costs,
 *   (c) n8n's Webhook node → a Code node that pulls the same fields out by hand, as a user would
 *       write it in JavaScript (below; checked against our output before the run),
 *   (b') n8n's Webhook node alone with one option written as an expression (`={{ false }}`): the
 *       control for (a). n8n 2.41.1 skips the expression isolate of the webhook step only for its
 *       own Webhook node with static parameters (live-webhooks.js `webhookPhaseNeedsIsolate`);
 *       this one takes it as every other trigger does, so (a)/(b') is what our node costs against
 *       the same n8n work, and (b')/(b) what that isolate costs.
 * Diagnostic (full mode): (a') our trigger with "Deduplicate" off, to see what the duplicate
 * memory (saved in the workflow's static data) costs.
 */
import { DateTime } from 'luxon';

import type { Harness, WorkflowInput } from './harness';

export const TIMEZONE = 'America/New_York';

/**
 * The Code node's JavaScript: what a user writes to get the appointment fields without this
 * package (n8n gives the Code node luxon's `DateTime`).
 */
export const CODE_NODE_JS = String.raw`// Redox scheduling notification (FHIR R4 message Bundle) -> the fields we need.
const bundle = $input.first().json.body;
const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
const byRef = new Map();
for (const entry of entries) {
  const r = entry.resource;
  if (!r) continue;
  if (entry.fullUrl) byRef.set(entry.fullUrl, r);
  if (r.resourceType && r.id) byRef.set(r.resourceType + '/' + r.id, r);
}
const resolve = (ref) => {
  if (!ref) return undefined;
  if (byRef.has(ref)) return byRef.get(ref);
  const m = ref.match(/([A-Za-z]+\/[^/?#]+)$/);
  return m ? byRef.get(m[1]) : undefined;
};
const resources = entries.map((e) => e.resource).filter(Boolean);
const first = (type) => resources.find((r) => r.resourceType === type);
const text = (c) => (c ? c.text ?? c.coding?.[0]?.display ?? c.coding?.[0]?.code ?? null : null);
const address = (a) =>
  a ? a.text || [...(a.line || []), a.city, [a.state, a.postalCode].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ') : null;
const pickName = (names = []) => names.find((n) => n.use === 'official') || names.find((n) => n.use === 'usual') || names[0];

const header = first('MessageHeader') || {};
const focus = header.focus?.[0]?.reference ?? null;
const appt = resolve(focus) || first('Appointment') || {};
const eventName = (header.eventUri || header.eventCoding?.code || '').split('/').pop().toLowerCase();
const event = eventName.includes('booked') ? 'booked' : eventName.includes('cancel') ? 'cancelled' : eventName.includes('updated') ? 'updated' : null;

const participants = (appt.participant || []).map((p) => {
  const reference = p.actor?.reference ?? null;
  const type = reference?.match(/(?:^|\/)([A-Z][A-Za-z]+)(?:\/[^/?]+$|\?)/)?.[1];
  const kinds = { Patient: 'patient', Practitioner: 'practitioner', Location: 'location', RelatedPerson: 'related-person', PractitionerRole: 'practitioner-role' };
  return { kind: kinds[type] ?? 'other', reference, display: p.actor?.display ?? null, status: p.status ?? null };
});
const actor = (kind) => participants.find((p) => p.kind === kind)?.reference;
const patientReference = actor('patient') ?? entries.find((e) => e.resource?.resourceType === 'Patient')?.fullUrl ?? null;
const patient = resolve(patientReference) || first('Patient') || {};
const practitioner = resolve(actor('practitioner')) || first('Practitioner') || {};
const location = resolve(actor('location')) || first('Location') || {};

const identifiers = patient.identifier || [];
const mrn = identifiers.find((i) => i.type?.coding?.some((c) => c.code === 'MR'));
const main = mrn || identifiers[0];
const name = pickName(patient.name);
const providerName = pickName(practitioner.name);
const home = (patient.address || []).find((a) => a.use === 'home') || patient.address?.[0];
const zone = 'America/New_York';
const local = (value) => (value && value.includes('T') ? DateTime.fromISO(value, { setZone: true }).setZone(zone) : null);
const start = local(appt.start);
const end = local(appt.end);
const procedures = resources.filter((r) => r.resourceType === 'Procedure');

return [{
  json: {
    event,
    messageId: header.id ?? null,
    bundleId: bundle.id ?? null,
    timestamp: bundle.timestamp ?? header.timestamp ?? null,
    sourceName: header.source?.name ?? null,
    appointmentReference: focus,
    appointmentId: appt.id ?? null,
    patientReference,
    patientId: main?.value ?? null,
    patientIdentifierSystem: main?.system ?? null,
    patientIdentifiers: identifiers.map((i) => ({ system: i.system ?? null, value: i.value ?? null, type: i.type?.coding?.[0]?.code ?? i.type?.text ?? null })),
    appointmentStatus: appt.status ?? null,
    appointmentStart: appt.start ?? null,
    appointmentEnd: appt.end ?? null,
    appointmentStartLocal: start ? start.startOf('second').toISO({ suppressMilliseconds: true }) : null,
    appointmentEndLocal: end ? end.startOf('second').toISO({ suppressMilliseconds: true }) : null,
    appointmentStartText: start ? start.toLocaleString({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }) : null,
    appointmentDurationMinutes: appt.minutesDuration ?? (start && end ? Math.round(end.diff(start, 'minutes').minutes) : null),
    appointmentType: text(appt.appointmentType),
    serviceType: text(appt.serviceType?.[0]),
    appointmentReason: text(appt.reasonCode?.[0]),
    patientFullName: name ? name.text || [...(name.given || []), name.family].filter(Boolean).join(' ') : null,
    patientFirstName: name?.given?.[0] ?? null,
    patientLastName: name?.family ?? null,
    patientBirthDate: patient.birthDate ?? null,
    patientGender: patient.gender ?? null,
    patientMrn: mrn?.value ?? null,
    patientPhone: patient.telecom?.find((t) => t.system === 'phone')?.value ?? null,
    patientEmail: patient.telecom?.find((t) => t.system === 'email')?.value ?? null,
    patientAddress: address(home),
    locationId: location.id ?? null,
    locationName: location.name ?? null,
    locationAddress: address(location.address),
    providerId: practitioner.id ?? null,
    providerName: providerName ? providerName.text || [...(providerName.prefix || []), ...(providerName.given || []), providerName.family, ...(providerName.suffix || [])].filter(Boolean).join(' ') : null,
    providerNpi: practitioner.identifier?.find((i) => i.system === 'http://hl7.org/fhir/sid/us-npi')?.value ?? null,
    procedureCode: procedures[0]?.code?.coding?.[0]?.code ?? null,
    procedureName: text(procedures[0]?.code),
    procedures: procedures.map((p) => ({ code: p.code?.coding?.[0]?.code ?? null, system: p.code?.coding?.[0]?.system ?? null, display: p.code?.coding?.[0]?.display ?? null })),
    participants,
  },
}];
`;

/** The Code node of (c), whose output the field check reads. */
export const CODE_NODE_NAME = 'Extract fields';

/** Runs the Code node's JavaScript here, the way the Code node would, for the field check. */
export function runCodeNodeLocally(bundle: unknown): Record<string, unknown> {
	const input = { first: () => ({ json: { body: bundle } }) };
	const run = new Function('$input', 'DateTime', CODE_NODE_JS) as (
		$input: unknown,
		dateTime: typeof DateTime,
	) => Array<{ json: Record<string, unknown> }>;
	return run(input, DateTime)[0].json;
}

/** What the table calls each workflow. */
export const WORKFLOW_LABELS: Record<BenchWorkflow['key'], string> = {
	trigger: '(a) Redox Scheduling Trigger',
	webhook: '(b) Webhook node alone',
	'webhook-isolate': "(b') Webhook node alone, one expression option (takes the webhook-step isolate)",
	code: '(c) Webhook node → Code node (fields by hand)',
	'trigger-no-dedup': "(a') Redox Scheduling Trigger, deduplicate off",
	'trigger-redis': "(a'') Redox Scheduling Trigger, Redis duplicate memory",
};

export interface BenchWorkflow {
	key: 'trigger' | 'webhook' | 'webhook-isolate' | 'code' | 'trigger-no-dedup' | 'trigger-redis';
	label: string;
	workflow: WorkflowInput;
	/** Production URL path below /webhook/. */
	path: string;
	contentType: string;
	/** Headers besides Content-Type. */
	headers: Record<string, string>;
}

export function benchWorkflows(
	harness: Harness,
	credential: { id: string; name: string },
	token: string,
	withDiagnostic: boolean,
	/** The Redis duplicate-memory credential, for the (a'') row; none: no such row. */
	redisCredential?: { id: string; name: string },
): BenchWorkflow[] {
	const trigger = (
		key: 'trigger' | 'trigger-no-dedup' | 'trigger-redis',
		webhookId: string,
		options: Record<string, unknown>,
	): BenchWorkflow => {
		const workflow = harness.redoxTriggerWorkflow({
			name: `bench ${key}`,
			webhookId,
			credential,
			parameters: { detail: 'detailed', options: { timezone: TIMEZONE, ...options } },
		});
		if (key === 'trigger-redis' && redisCredential) {
			workflow.nodes[0].credentials = { ...workflow.nodes[0].credentials, redoxDuplicateStoreRedisApi: redisCredential };
		}
		return {
		key,
		label: WORKFLOW_LABELS[key],
		workflow,
		path: harness.redoxWebhookPath(webhookId),
		// What Redox sends.
		contentType: 'application/fhir+json',
		headers: { 'verification-token': token, 'application-name': 'RedoxEngine' },
		};
	};
	const webhookNode = (path: string, webhookId: string, options: Record<string, string>) => ({
		id: `node-${webhookId}`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0] as [number, number],
		webhookId,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options },
	});
	const codeNode = {
		id: 'node-code',
		name: CODE_NODE_NAME,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [220, 0] as [number, number],
		parameters: { jsCode: CODE_NODE_JS },
	};
	/** A workflow starting with n8n's Webhook node at /webhook/<path>, optionally followed by the Code node. */
	const webhookWorkflow = (
		key: 'webhook' | 'webhook-isolate' | 'code',
		webhookId: string,
		{ options = {}, withCode = false }: { options?: Record<string, string>; withCode?: boolean } = {},
	): BenchWorkflow => {
		const path = `bench-${key}`;
		return {
			key,
			label: WORKFLOW_LABELS[key],
			workflow: {
				name: `bench ${key}`,
				nodes: [webhookNode(path, webhookId, options), ...(withCode ? [codeNode] : [])],
				connections: withCode ? { Webhook: { main: [[{ node: codeNode.name, type: 'main', index: 0 }]] } } : {},
				settings: { executionOrder: 'v1' },
			},
			path,
			// n8n parses only JSON content types into the Webhook node's body: a user of the plain
			// Webhook node needs it (Redox's application/fhir+json would arrive empty).
			contentType: 'application/json',
			headers: { 'verification-token': token, 'application-name': 'RedoxEngine' },
		};
	};
	const workflows: BenchWorkflow[] = [
		trigger('trigger', 'b0000000-0000-4000-8000-00000000000a', {}),
		webhookWorkflow('webhook', 'b0000000-0000-4000-8000-00000000000b'),
		// Any expression makes the parameters dynamic; this one changes nothing the node does.
		webhookWorkflow('webhook-isolate', 'b0000000-0000-4000-8000-0000000000b2', { options: { ignoreBots: '={{ false }}' } }),
		webhookWorkflow('code', 'b0000000-0000-4000-8000-00000000000c', { withCode: true }),
	];
	if (withDiagnostic) workflows.push(trigger('trigger-no-dedup', 'b0000000-0000-4000-8000-0000000000ad', { deduplicate: false }));
	if (redisCredential) workflows.push(trigger('trigger-redis', 'b0000000-0000-4000-8000-0000000000ae', { duplicateMemory: 'redis' }));
	return workflows;
}
