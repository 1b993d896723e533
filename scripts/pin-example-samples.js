// Pins a sample output on the Redox Scheduling Trigger of every example workflow, so that the
// editor shows real fields (appointmentStartText, locationName, ...) to map before the first
// notification arrives. The sample is the library's own output for a shared fixture, so it
// follows the output contract; test/examples/pinned-samples.test.ts checks it stays so.
// Pinned data only feeds manual runs in the editor: published workflows use real notifications.
//   npm run build && node scripts/pin-example-samples.js
const { readFileSync, readdirSync, writeFileSync } = require('fs');
const { join, resolve } = require('path');
const { samplePinData } = require('./sample-pin-data');

const examplesDir = resolve(__dirname, '../examples');
for (const file of readdirSync(examplesDir).filter((name) => name.endsWith('.json'))) {
	const path = join(examplesDir, file);
	const workflow = JSON.parse(readFileSync(path, 'utf8'));
	const pinData = samplePinData(workflow);
	if (Object.keys(pinData).length === 0) continue;
	workflow.pinData = { ...(workflow.pinData ?? {}), ...pinData };
	writeFileSync(path, `${JSON.stringify(workflow, null, '\t')}\n`);
	console.log(`${file}: pinned a sample on ${Object.keys(pinData).join(', ')}`);
}
