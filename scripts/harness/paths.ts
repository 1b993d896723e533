import path from 'node:path';

/** The repository's root (this file is scripts/harness/paths.ts). */
export const repoRoot = path.resolve(__dirname, '../..');

/** The Redox fixtures kept in the repository (`fixtures/`). `REDOX_FIXTURES_DIR` overrides. */
export const fixturesDir = process.env.REDOX_FIXTURES_DIR ?? path.join(repoRoot, 'fixtures');

export const runtimeInstallScript = path.join(repoRoot, 'scripts/n8n-runtime/install.sh');
export const packScript = path.join(repoRoot, 'scripts/pack.sh');

/** Where the harness keeps track of the processes it starts (set by the e2e global setup). */
export const processRegistryEnv = 'N8N_REDOX_E2E_PIDS';
