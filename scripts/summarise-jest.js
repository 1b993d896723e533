// Prints one closing line for all jest runs of `npm test`: "tests: N passed, N failed".
const { readFileSync, existsSync } = require('fs');

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
	if (!existsSync(file)) continue;
	const result = JSON.parse(readFileSync(file, 'utf8'));
	passed += result.numPassedTests;
	failed += result.numFailedTests;
	skipped += result.numPendingTests + result.numTodoTests;
	// A suite that failed to run (syntax error, crash in beforeAll) counts as a failure.
	failed += result.numRuntimeErrorTestSuites;
}
const tail = skipped > 0 ? `, ${skipped} skipped` : '';
console.log(`\ntests: ${passed} passed, ${failed} failed${tail}`);
