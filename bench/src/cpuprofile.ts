/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and lists where the time went: self time per function
 * and per source file (or npm package, for code under node_modules).
 */
import { readFileSync } from 'fs';
import { relative } from 'path';

import { REPO_ROOT } from './paths';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** `node_modules/<package>` (scoped too) for files of a package, the repo-relative path otherwise. */
function sourceOf(url: string, byPackage: boolean): string {
	if (!url) return '(native)';
	const path = url.replace(/^file:\/\//, '');
	if (byPackage) {
		const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
		if (match) return `node_modules/${match[1]}`;
	}
	return path.startsWith(REPO_ROOT) ? relative(REPO_ROOT, path) : path;
}

export function summariseProfile(file: string, top: number, byPackage = false): string {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfUs = new Map<number, number>();
	for (let i = 0; i < profile.samples.length; i++) {
		selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
	}
	const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
	const byFunction = new Map<string, number>();
	const byFile = new Map<string, number>();
	for (const [id, us] of selfUs) {
		const frame = byId.get(id)?.callFrame;
		if (!frame) continue;
		const where = sourceOf(frame.url, byPackage);
		const name = `${frame.functionName || '(anonymous)'}  ${sourceOf(frame.url, false)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
		byFunction.set(name, (byFunction.get(name) ?? 0) + us);
		byFile.set(where, (byFile.get(where) ?? 0) + us);
	}
	const list = (title: string, map: Map<string, number>) =>
		[
			title,
			...[...map]
				.sort((a, b) => b[1] - a[1])
				.slice(0, top)
				.map(([name, us]) => `${((100 * us) / total).toFixed(1).padStart(6)}%  ${name}`),
		].join('\n');
	return [
		list('self time by function', byFunction),
		list(byPackage ? 'self time by package or file' : 'self time by file', byFile),
		`${(total / 1e6).toFixed(1)} s sampled; profile: ${relative(REPO_ROOT, file)}`,
	].join('\n\n');
}
