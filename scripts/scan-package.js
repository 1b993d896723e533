// n8n's verified-node gate, run locally: the static analysis of @n8n/scan-community-package on
// (a) the sources it lints from the repository (package.json, nodes/, credentials/) and (b) the
// files of the packed package (compiled .js and the published package.json), as its
// `analyzePackageByName` does after the registry, provenance and download steps, which need a
// published version and the network. Part of `npm run lint`.
//
//   node scripts/scan-package.js                   # packs the current build (rebuilds if stale)
//   node scripts/scan-package.js <package.tgz>     # scans that tarball instead of packing
//
// The scanner runs ESLint with inline configuration off: `eslint-disable` comments do not
// silence it, so a rule it applies must really pass.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createRequire } = require('module');
const { pathToFileURL } = require('url');

const root = path.resolve(__dirname, '..');
const scannerPackage = '@n8n/scan-community-package';
const scannerPackageJson = require.resolve(`${scannerPackage}/package.json`);
const scannerDir = path.dirname(scannerPackageJson);

// What the scanner lints in the published package (see `analyzePackageByName`).
const PACKED_FILE_PATTERNS = ['**/*.js', 'package.json'];

// What `npm run build` reads: newer than the build means the build is stale.
const BUILD_INPUTS = ['index.ts', 'nodes', 'credentials', 'tsconfig.json', 'gulpfile.js'];

function newestMtime(entry) {
	if (!fs.existsSync(entry)) return 0;
	const stat = fs.statSync(entry);
	if (!stat.isDirectory()) return stat.mtimeMs;
	// A directory's own mtime changes when a file in it is removed or renamed.
	return fs
		.readdirSync(entry)
		.reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

// Only the compiled .js counts: the build copies icons with their sources' mtimes.
function oldestJsMtime(dir) {
	let oldest = Infinity;
	for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
		const entry = path.join(dir, dirent.name);
		if (dirent.isDirectory()) oldest = Math.min(oldest, oldestJsMtime(entry));
		else if (dirent.name.endsWith('.js')) oldest = Math.min(oldest, fs.statSync(entry).mtimeMs);
	}
	return oldest;
}

function buildIsCurrent() {
	const dist = path.join(root, 'dist');
	if (!fs.existsSync(path.join(dist, 'index.js'))) return false;
	const newestInput = Math.max(...BUILD_INPUTS.map((input) => newestMtime(path.join(root, input))));
	return newestInput <= oldestJsMtime(dist);
}

/** Packs the package as `npm publish` would and unpacks it into `dir/package`. */
function packInto(dir) {
	if (!buildIsCurrent()) {
		process.stderr.write('scan-package: dist/ is missing or older than the sources; building\n');
		execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
	}
	const packed = execFileSync(
		'npm',
		['pack', '--pack-destination', dir, '--json', '--loglevel=error', '--ignore-scripts'],
		{ cwd: root, encoding: 'utf8' },
	);
	return path.join(dir, JSON.parse(packed)[0].filename);
}

function unpack(tarball, dir) {
	const packageDir = path.join(dir, 'package');
	fs.mkdirSync(packageDir);
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	return packageDir;
}

async function loadScanner() {
	// The scanner makes a temporary folder when it is loaded and leaves it behind unless its
	// `tmp` library is told to clean up on exit.
	createRequire(scannerPackageJson)('tmp').setGracefulCleanup();
	return import(pathToFileURL(path.join(scannerDir, 'scanner', 'scanner.mjs')).href);
}

async function main() {
	const tarballArg = process.argv[2];
	const { version } = JSON.parse(fs.readFileSync(scannerPackageJson, 'utf8'));
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await loadScanner();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-redox-scan-'));
	try {
		const tarball = tarballArg ? path.resolve(tarballArg) : packInto(work);
		const legs = [
			{ what: 'sources', dir: root, patterns: SOURCE_FILE_PATTERNS },
			{ what: `packed package (${path.basename(tarball)})`, dir: unpack(tarball, work), patterns: PACKED_FILE_PATTERNS },
		];
		let failed = false;
		for (const leg of legs) {
			const result = await analyzePackage(leg.dir, leg.patterns);
			if (result.passed) {
				const note = result.message ? ` (${result.message})` : '';
				console.log(`n8n scanner ${version}: ${leg.what} passed${note}`);
				continue;
			}
			failed = true;
			console.error(`n8n scanner ${version}: ${leg.what} FAILED: ${result.message}`);
			if (result.details) console.error(result.details);
		}
		if (failed) {
			console.error(
				`${scannerPackage} (n8n's gate for verified community nodes) rejects this package. ` +
					'It ignores eslint-disable comments: fix the code, do not silence the rule.',
			);
			process.exitCode = 1;
		}
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error('scan-package: the scan could not run:', error);
	process.exitCode = 1;
});
