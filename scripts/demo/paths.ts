/**
 * Where things are, whether this code runs from its TypeScript source (jest) or from the demo's
 * build in `.demo/build/` (`npm run demo`): the repository root is the closest folder above with
 * this package's package.json.
 */
import fs from 'node:fs';
import path from 'node:path';

function findRepoRoot(start: string): string {
	let dir = start;
	for (;;) {
		const manifest = path.join(dir, 'package.json');
		if (fs.existsSync(manifest)) {
			try {
				if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'n8n-nodes-redox') return dir;
			} catch {
				// not ours
			}
		}
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`No n8n-nodes-redox package.json above ${start}`);
		dir = parent;
	}
}

export const repoRoot = findRepoRoot(__dirname);
export const demoDir = path.join(repoRoot, '.demo');
/** The Redox fixtures kept in the repository (`fixtures/`; REDOX_FIXTURES_DIR overrides). */
export const fixturesDir = process.env.REDOX_FIXTURES_DIR ?? path.join(repoRoot, 'fixtures');
