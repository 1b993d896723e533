/**
 * Shared set-up of the reliability scenarios: the package tarball, an n8n with the settings the
 * scenarios share, and Redox workflows published and live.
 */
import fs from 'node:fs';
import path from 'node:path';

import {
	closeConnections,
	httpRequest,
	launchN8n,
	packPackage,
	redoxTriggerWorkflow,
	redoxWebhookPath,
	REDOX_CREDENTIAL_TYPE,
	REDOX_NODE_NAME,
	waitForWebhook,
	type LaunchedN8n,
	type N8nInstanceOptions,
	type WorkflowInput,
	type WorkflowNode,
} from '../../../scripts/harness';

/**
 * The package to install: `RELIABILITY_TARBALL` (a tarball made earlier with `npm run
 * pack:tarball`, e.g. to run the three files on one build), else a fresh `packPackage()`.
 */
export async function reliabilityTarball(): Promise<{ tarball: string; cleanup: () => void }> {
	const given = process.env.RELIABILITY_TARBALL;
	if (given) {
		if (!fs.existsSync(given)) throw new Error(`RELIABILITY_TARBALL ${given} does not exist`);
		return { tarball: path.resolve(given), cleanup: () => undefined };
	}
	const tarball = await packPackage();
	return { tarball, cleanup: () => fs.rmSync(path.dirname(tarball), { recursive: true, force: true }) };
}

/**
 * Settings every reliability n8n gets: no pruning (the load scenario keeps more than n8n's
 * default 10,000 executions, and pruning would make executions vanish while we count them).
 * Execution data is saved as n8n saves it by default (success and error, all of it).
 */
export const RELIABILITY_ENV: Record<string, string> = {
	EXECUTIONS_DATA_PRUNE: 'false',
};

export async function launchReliabilityN8n(options: N8nInstanceOptions & { tarball: string }): Promise<LaunchedN8n> {
	return await launchN8n({ ...options, env: { ...RELIABILITY_ENV, ...options.env } });
}

/**
 * The n8n of one reliability file: `start()` it in beforeAll (the tarball, an n8n with the
 * shared settings, the Redox credential), reach it with `launched()` in the tests, `stop()` it
 * in afterAll.
 */
export class ReliabilityN8n {
	private n8n: LaunchedN8n | undefined;
	private cleanupTarball: () => void = () => undefined;

	async start(options: N8nInstanceOptions, token: string): Promise<{ n8n: LaunchedN8n; credential: { id: string; name: string } }> {
		const { tarball, cleanup } = await reliabilityTarball();
		this.cleanupTarball = cleanup;
		this.n8n = await launchReliabilityN8n({ ...options, tarball });
		return { n8n: this.n8n, credential: await createRedoxCredential(this.n8n, token) };
	}

	launched(): LaunchedN8n {
		if (!this.n8n) throw new Error('n8n did not start');
		return this.n8n;
	}

	async stop(): Promise<void> {
		closeConnections();
		await this.n8n?.instance.dispose();
		this.cleanupTarball();
	}
}

export interface LiveWorkflow {
	id: string;
	url: string;
}

export interface RedoxFlowOptions {
	name: string;
	webhookId: string;
	credential: { id: string; name: string };
	parameters?: Record<string, unknown>;
	/** Nodes after the trigger, connected in a chain from it. */
	downstream?: WorkflowNode[];
}

/** A workflow: the Redox trigger, then `downstream` nodes in a chain. */
export function redoxFlow(options: RedoxFlowOptions): WorkflowInput {
	const workflow = redoxTriggerWorkflow({
		name: options.name,
		webhookId: options.webhookId,
		credential: options.credential,
		parameters: options.parameters,
	});
	const chain = [REDOX_NODE_NAME, ...(options.downstream ?? []).map((node) => node.name)];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < chain.length; i += 1) {
		connections[chain[i]] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
	}
	return { ...workflow, nodes: [...workflow.nodes, ...(options.downstream ?? [])], connections };
}

/** Creates, publishes and waits until the production URL is live. */
export async function publishRedoxFlow(n8n: LaunchedN8n, options: RedoxFlowOptions): Promise<LiveWorkflow> {
	const { id } = await n8n.api.createWorkflow(redoxFlow(options));
	await n8n.api.publishWorkflow(id);
	const url = n8n.instance.webhookUrl(redoxWebhookPath(options.webhookId));
	await waitForWebhook(url, ['POST']);
	return { id, url };
}

export async function createRedoxCredential(n8n: LaunchedN8n, token: string): Promise<{ id: string; name: string }> {
	const credential = await n8n.api.createCredential({ name: 'Redox reliability', type: REDOX_CREDENTIAL_TYPE, data: { verificationToken: token } });
	return { id: credential.id, name: credential.name };
}

/** Whether n8n says it is ready (GET /healthz/readiness answers 200). */
export async function isReady(baseUrl: string): Promise<boolean> {
	try {
		return (await httpRequest(`${baseUrl}/healthz/readiness`, { timeoutMs: 5_000 })).status === 200;
	} catch {
		return false;
	}
}

/** An HTTP Request node (typeVersion 4.2) POSTing `{"messageId": <the item's messageId>}` as JSON. */
export function deliveryNode(name: string, url: string): WorkflowNode {
	return {
		id: `node-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [240, 0],
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: { parameters: [{ name: 'messageId', value: '={{ $json.messageId }}' }] },
			options: {},
		},
	};
}

/** A log line for the figures of a run (they go into RELIABILITY.md). */
export function report(scenario: string, figures: Record<string, unknown>): void {
	console.log(`[reliability] ${scenario}: ${JSON.stringify(figures)}`);
}
