/**
 * The project's real-n8n harness (scripts/harness/), used as it is: start n8n 2.41.1 from the
 * cache with our packed tarball installed, owner and API key, workflows through the public API.
 *
 * The harness is TypeScript run by ts-jest for the e2e tests. The benchmarks are compiled to
 * bench/.out/, and compiling the harness there would move its files and break the paths it
 * computes from its own folder, so it is loaded from its sources through a small require hook
 * that strips the types with the project's own TypeScript (no type check; tsc checks it for the
 * tests). The types below are the part of its interface the benchmarks use.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { REPO_ROOT } from '../paths';

export interface HttpResponse {
	status: number;
	text: string;
	json: unknown;
}

export interface Execution {
	id: string;
	workflowId: string;
	status: string;
	startedAt: string | null;
	stoppedAt: string | null;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export interface WorkflowInput {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

export interface PublicApi {
	createCredential(credential: { name: string; type: string; data: Record<string, unknown> }): Promise<{ id: string; name: string }>;
	createWorkflow(workflow: WorkflowInput): Promise<{ id: string }>;
	publishWorkflow(id: string): Promise<unknown>;
	listExecutions(query: { workflowId?: string; status?: string; limit?: number }): Promise<Execution[]>;
	call(method: string, path: string, body?: unknown): Promise<HttpResponse>;
}

export interface N8nInstance {
	readonly baseUrl: string;
	readonly port: number;
	readonly root: string;
	readonly logFile: string;
	readonly runtime: { dir: string; nodeBin: string; n8nBin: string };
	webhookUrl(path: string): string;
	logTail(lines?: number): string;
	dispose(): Promise<void>;
}

export interface LaunchedN8n {
	instance: N8nInstance;
	api: PublicApi;
	times: { readyMs: number; launchMs: number };
}

export interface Harness {
	launchN8n(options: { tarball?: string; name?: string; env?: Record<string, string>; logLevel?: string }): Promise<LaunchedN8n>;
	packPackage(): Promise<string>;
	redoxTriggerWorkflow(options: {
		name?: string;
		webhookId: string;
		credential?: { id: string; name: string };
		parameters?: Record<string, unknown>;
		settings?: Record<string, unknown>;
	}): WorkflowInput;
	redoxWebhookPath(webhookId: string): string;
	httpRequest(url: string, options?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<HttpResponse>;
	REDOX_CREDENTIAL_TYPE: string;
	REDOX_NODE_NAME: string;
}

export const HARNESS_DIR = join(REPO_ROOT, 'scripts/harness');

let installed = false;

/** Lets `require` load the harness's .ts files (types stripped, CommonJS out). */
function installTypeScriptHook(): void {
	if (installed) return;
	installed = true;
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const ts = require('typescript') as typeof import('typescript');
	const extensions = require.extensions as Record<string, (module: NodeJS.Module, filename: string) => void>;
	extensions['.ts'] = (module, filename) => {
		const output = ts.transpileModule(readFileSync(filename, 'utf8'), {
			fileName: filename,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
				sourceMap: false,
			},
		}).outputText;
		(module as NodeJS.Module & { _compile(code: string, file: string): void })._compile(output, filename);
	};
}

export function loadHarness(): Harness {
	installTypeScriptHook();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(join(HARNESS_DIR, 'index.ts')) as Harness;
}
