import fs from 'node:fs';

import { processRegistryEnv } from '../../scripts/harness/paths';
import { killRegisteredProcesses } from '../../scripts/harness/processes';

/** Kills whatever a crashed test file left running, then removes the pid folder. */
export default function globalTeardown(): void {
	const dir = process.env[processRegistryEnv];
	if (!dir) return;
	const killed = killRegisteredProcesses(dir);
	if (killed.length) console.error(`e2e teardown killed leftover processes: ${killed.join(', ')}`);
	fs.rmSync(dir, { recursive: true, force: true });
}
