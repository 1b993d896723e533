import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { packScript, repoRoot } from './paths';
import { lastLine, runCommand } from './processes';

/**
 * Builds the package (`npm run build`) and packs it (`npm pack`) into a new temporary folder,
 * through scripts/pack.sh. Returns the tarball's absolute path; the caller removes its folder
 * (`path.dirname(tarball)`) when done.
 */
export async function packPackage(): Promise<string> {
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-redox-pack-'));
	const { stdout } = await runCommand('bash', [packScript, dest], { cwd: repoRoot, env: process.env });
	const tarball = lastLine(stdout);
	if (!fs.existsSync(tarball)) throw new Error(`pack.sh printed ${tarball}, which does not exist`);
	return tarball;
}
