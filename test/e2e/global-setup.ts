import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { processRegistryEnv } from '../../scripts/harness/paths';

/** Gives this run a folder where every started process leaves a pid file (see processes.ts). */
export default function globalSetup(): void {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-redox-e2e-pids-'));
	process.env[processRegistryEnv] = dir;
}
