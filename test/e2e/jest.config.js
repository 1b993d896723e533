/**
 * End-to-end tests against a real n8n 2.41.1 (installed by scripts/n8n-runtime/install.sh).
 * One n8n per test file, files one after the other (2 cores, ~1 GB per n8n).
 *   npm run test:e2e
 */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', isolatedModules: true }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	// First run on a fresh machine installs n8n (minutes) inside beforeAll.
	testTimeout: 120_000,
	maxWorkers: 1,
	verbose: true,
};
