/**
 * The example workflows of examples/, and how the end-to-end test and the demo adapt them to a
 * local machine without touching the committed files: the Slack webhook URL and the CSV folder
 * point at local stand-ins. Credentials are not rewritten: n8n 2.41.1 links a workflow's
 * credential to the one of the same name and type when the id is unknown (the Redox API
 * credential holds the Redox host, so a local Redox stand-in needs no change to the workflow).
 */
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from './paths';

export const examplesDir = path.join(repoRoot, 'examples');

/** The example files, without `.json`. */
export const EXAMPLE_NAMES = [
	'booked-email',
	'front-desk-slack',
	'front-desk-slack-webhook',
	'scheduling-sheet',
	'scheduling-log-file',
	'lightweight-fhir-lookup',
] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

export interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
	webhookId?: string;
}

export interface ExampleWorkflow {
	/** For `n8n import:workflow`; the public API does not take it (see adaptExample). */
	id?: string;
	name: string;
	nodes: ExampleNode[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

/** The credential names the examples use as placeholders (create credentials with these names). */
export const CREDENTIAL_NAMES = {
	redoxWebhookApi: 'Redox Webhook',
	smtp: 'Clinic SMTP',
	slackApi: 'Slack (front desk)',
	googleSheetsOAuth2Api: 'Google Sheets',
	redoxApi: 'Redox API',
} as const;

export const REDOX_TRIGGER_NAME = 'Redox Scheduling Trigger';
/** Where the file example writes, as committed. */
export const EXAMPLE_LOG_FOLDER = '/home/node/.n8n-files/redox-scheduling-log';
/** The Slack incoming-webhook URL placeholder, as committed. */
export const EXAMPLE_SLACK_WEBHOOK_URL = 'https://hooks.slack.com/services/REPLACE/WITH/YOUR-WEBHOOK-URL';

export function loadExample(name: ExampleName): ExampleWorkflow {
	return JSON.parse(fs.readFileSync(path.join(examplesDir, `${name}.json`), 'utf8')) as ExampleWorkflow;
}

export function findNode(workflow: ExampleWorkflow, name: string): ExampleNode {
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`"${workflow.name}" has no node named "${name}"`);
	return node;
}

export function triggerNode(workflow: ExampleWorkflow): ExampleNode {
	return findNode(workflow, REDOX_TRIGGER_NAME);
}

/** The production webhook path of the example's trigger: `<webhookId>/webhook`. */
export function webhookPath(workflow: ExampleWorkflow): string {
	const { webhookId } = triggerNode(workflow);
	if (!webhookId) throw new Error(`"${workflow.name}" has a trigger without webhookId`);
	return `${webhookId}/webhook`;
}

export interface LocalOverrides {
	/** Replaces the Slack incoming-webhook URL of "Post to Slack". */
	slackWebhookUrl?: string;
	/** Replaces the CSV folder of "Write CSV file". */
	logFolder?: string;
	/** A new webhookId for the trigger (so that one n8n can hold several copies). */
	webhookId?: string;
	/** A new workflow name. */
	name?: string;
}

function replaceOnce(text: string, search: string, replacement: string, where: string): string {
	if (!text.includes(search)) throw new Error(`${where} does not contain ${search}`);
	return text.split(search).join(replacement);
}

/**
 * A deep copy of the example with local URLs and folders, ready for n8n's public API (which
 * assigns the id itself); the committed file stays as it is.
 */
export function adaptExample(example: ExampleWorkflow, overrides: LocalOverrides): ExampleWorkflow {
	const workflow = JSON.parse(JSON.stringify(example)) as ExampleWorkflow;
	delete workflow.id;
	if (overrides.name) workflow.name = overrides.name;
	if (overrides.webhookId) triggerNode(workflow).webhookId = overrides.webhookId;
	for (const node of workflow.nodes) {
		const p = node.parameters;
		if (overrides.slackWebhookUrl && node.name === 'Post to Slack' && p.url === EXAMPLE_SLACK_WEBHOOK_URL) {
			p.url = overrides.slackWebhookUrl;
		}
		if (overrides.logFolder && node.name === 'Write CSV file') {
			p.fileName = replaceOnce(String(p.fileName), EXAMPLE_LOG_FOLDER, overrides.logFolder.replace(/\/+$/, ''), node.name);
		}
	}
	return workflow;
}
