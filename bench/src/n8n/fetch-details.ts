/**
 * What "Fetch Missing Details" adds to the answer Redox waits for, on a real n8n 2.41.1 with the
 * packed package: one workflow (the trigger with Fetch Missing Details on and an RS384 Redox API
 * credential for the local Redox stand-in), sent in turns a detailed notification (nothing to
 * fetch) and the lightweight twin of the same appointment (appointment, then patient, location
 * and provider read from the stand-in), one request at a time, with the stand-in answering at once
 * and after 100 ms per request. Figures only (p50/p95 of the answer time per kind), no targets.
 *
 *   npm run bench:fetch-details [-- --requests=150]
 */
import { generateKeyPairSync, randomBytes } from 'crypto';
import { join } from 'path';

import { fixtureJson, REPO_ROOT } from '../paths';
import { quantile } from '../stats';
import { loadHarness } from './harness';

/** The parts of scripts/stand-ins used here (loaded from their TypeScript sources, as the harness is). */
interface StandIn {
	baseUrl: string;
	fhirRequests: unknown[];
	tokenRequests: Array<{ status: number }>;
	violations: string[];
	load(resources: unknown[]): void;
	setDelay(scope: 'token' | 'fhir', milliseconds: number): void;
	close(): Promise<void>;
}
interface Bundle {
	id?: string;
	entry: Array<{ fullUrl?: string; resource: { resourceType: string; id?: string; [key: string]: unknown } }>;
}
interface StandIns {
	startRedoxStandIn(options: { keys: unknown[] }): Promise<StandIn>;
	lightweightTwin(bundle: Bundle): Bundle;
	servedResources(bundle: Bundle): unknown[];
	withIdentity(bundle: Bundle, suffix: string): { bundle: Bundle; messageId: string };
}

function loadStandIns(): StandIns {
	loadHarness(); // installs the TypeScript require hook
	/* eslint-disable @typescript-eslint/no-require-imports */
	return {
		...(require(join(REPO_ROOT, 'scripts/stand-ins/redox-api.ts')) as Pick<StandIns, 'startRedoxStandIn'>),
		...(require(join(REPO_ROOT, 'scripts/stand-ins/lightweight-twin.ts')) as Omit<StandIns, 'startRedoxStandIn'>),
	};
	/* eslint-enable @typescript-eslint/no-require-imports */
}

const TOKEN = 'bench-fetch-details-token';
const TIMEZONE = 'America/New_York';
const log = (line: string) => console.log(line);

function figures(samples: number[]): { p50: number; p95: number; mean: number } {
	const sorted = [...samples].sort((a, b) => a - b);
	return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function main(): Promise<void> {
	const requests = Number(process.argv.find((a) => a.startsWith('--requests='))?.slice('--requests='.length) ?? 150);
	const harness = loadHarness();
	const standIns = loadStandIns();
	const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const clientId = `bench-${randomBytes(4).toString('hex')}`;
	const standIn = await standIns.startRedoxStandIn({ keys: [{ clientId, algorithm: 'RS384', kid: 'bench-kid', publicKey }] });
	const detailed = fixtureJson<Bundle>('booked-detailed.json');
	standIn.load(standIns.servedResources(detailed));

	log('packing the package and starting n8n');
	const tarball = await harness.packPackage();
	const launched = await harness.launchN8n({ tarball, name: 'bench-fetch', env: { GENERIC_TIMEZONE: TIMEZONE } });
	try {
		const { api, instance } = launched;
		const webhook = await api.createCredential({ name: 'Redox Webhook', type: harness.REDOX_CREDENTIAL_TYPE, data: { verificationToken: TOKEN } });
		const redoxApi = await api.createCredential({
			name: 'Redox API (bench)',
			type: 'redoxApi',
			data: {
				baseUrl: standIn.baseUrl,
				organization: 'redox-fhir-sandbox',
				environment: 'Development',
				clientId,
				algorithm: 'RS384',
				keyId: 'bench-kid',
				privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
				clientSecret: '',
			},
		});
		const webhookId = `bench-fetch-${randomBytes(4).toString('hex')}`;
		const workflow = harness.redoxTriggerWorkflow({
			webhookId,
			credential: webhook,
			parameters: { detail: 'detailed', fetchDetails: true, options: { timezone: TIMEZONE } },
		});
		workflow.nodes[0].credentials = { ...workflow.nodes[0].credentials, redoxApi: { id: redoxApi.id, name: redoxApi.name } };
		const { id } = await api.createWorkflow(workflow);
		await api.publishWorkflow(id);
		const url = instance.webhookUrl(harness.redoxWebhookPath(webhookId));
		const headers = { 'content-type': 'application/fhir+json', 'verification-token': TOKEN, 'application-name': 'RedoxEngine' };

		let sent = 0;
		const body = (kind: 'detailed' | 'fetch'): string => {
			sent += 1;
			const { bundle } = standIns.withIdentity(detailed, `bench-${sent}`);
			return JSON.stringify(kind === 'fetch' ? standIns.lightweightTwin(bundle) : bundle);
		};
		const time = async (kind: 'detailed' | 'fetch'): Promise<number> => {
			const text = body(kind);
			const began = process.hrtime.bigint();
			const response = await harness.httpRequest(url, { method: 'POST', headers, body: text });
			const ms = Number(process.hrtime.bigint() - began) / 1e6;
			if (response.status !== 200) throw new Error(`${kind} answered ${response.status}: ${response.text.slice(0, 300)}`);
			return ms;
		};
		// The webhook is registered a moment after publishing.
		for (let attempt = 0; ; attempt++) {
			const response = await harness.httpRequest(url, { method: 'POST', headers, body: body('detailed') });
			if (response.status === 200) break;
			if (attempt > 100) throw new Error(`the workflow answered ${response.status}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}

		const lines: string[] = [];
		for (const delay of [0, 100]) {
			standIn.setDelay('fhir', delay);
			standIn.setDelay('token', delay);
			for (let i = 0; i < 20; i++) await time(i % 2 === 0 ? 'detailed' : 'fetch'); // warm-up (and the token)
			const samples = { detailed: [] as number[], fetch: [] as number[] };
			const fhirBefore = standIn.fhirRequests.length;
			for (let i = 0; i < requests; i++) {
				// Alternating order, so that neither kind always follows the other.
				const order: Array<'detailed' | 'fetch'> = i % 2 === 0 ? ['detailed', 'fetch'] : ['fetch', 'detailed'];
				for (const kind of order) samples[kind].push(await time(kind));
			}
			const d = figures(samples.detailed);
			const f = figures(samples.fetch);
			const perFetch = (standIn.fhirRequests.length - fhirBefore) / requests;
			const line =
				`stand-in delay ${String(delay).padStart(3)} ms: detailed p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms | ` +
				`fetch-details p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms | added p50 ${(f.p50 - d.p50).toFixed(1)} ms, ` +
				`p95 ${(f.p95 - d.p95).toFixed(1)} ms (${requests} of each, ${perFetch.toFixed(1)} FHIR requests per fetch)`;
			lines.push(line);
			log(line);
		}
		standIn.setDelay('fhir', 0);
		standIn.setDelay('token', 0);
		log(`token requests ${standIn.tokenRequests.length}, JWT violations ${standIn.violations.length}`);
		log(`\n${lines.join('\n')}`);
	} finally {
		await launched.instance.dispose();
		await standIn.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
