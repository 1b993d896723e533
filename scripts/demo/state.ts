/** What `npm run demo` keeps in `.demo/state.json` between runs, and what `demo:send` reads. */
import fs from 'node:fs';
import path from 'node:path';

import type { ExampleName } from './examples';
import { demoDir } from './paths';

export const DEMO_TOKEN = 'demo-verification-token';
export const DEMO_OWNER_EMAIL = 'demo@example.com';

export interface DemoWorkflowState {
	id: string;
	/** Hash of the JSON last sent to n8n, to skip unchanged updates. */
	hash: string;
	published: boolean;
	/** Production webhook URL of the trigger. */
	url: string;
	title: string;
}

export interface DemoState {
	encryptionKey: string;
	ownerPassword: string;
	apiKey?: string;
	/** Hash of the package sources last packed and installed into the demo's n8n. */
	packageHash?: string;
	credentials: Record<string, { id: string; hash: string }>;
	workflows: Partial<Record<ExampleName, DemoWorkflowState>>;
	/** While the demo runs: where n8n listens. */
	baseUrl?: string;
	pid?: number;
}

export const statePath = path.join(demoDir, 'state.json');

export function readState(): DemoState | undefined {
	if (!fs.existsSync(statePath)) return undefined;
	return JSON.parse(fs.readFileSync(statePath, 'utf8')) as DemoState;
}

export function writeState(state: DemoState): void {
	fs.mkdirSync(demoDir, { recursive: true });
	fs.writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
