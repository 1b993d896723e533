// The sample output pinned on an example workflow's Redox Scheduling Trigger (see
// pin-example-samples.js). Shared by the script and its test.
const { readFileSync } = require('fs');
const { resolve } = require('path');

const TRIGGER_TYPE = 'n8n-nodes-redox.redoxSchedulingTrigger';
const FIXTURES_DIR = process.env.REDOX_FIXTURES_DIR ?? resolve(__dirname, '../fixtures');
/** Samples are shown in this zone and locale, whatever the reader's workflow uses. */
const SAMPLE_ZONE = 'America/New_York';

/** The fixture that best shows what the trigger, as configured, outputs. */
function sampleFixture(parameters) {
	if (parameters.detail === 'lightweight') return 'booked-lightweight.json';
	const events = parameters.events ?? ['booked', 'cancelled', 'updated'];
	if (!events.includes('booked') && events.includes('updated')) return 'updated-rescheduled-detailed.json';
	if (!events.includes('booked')) return 'cancelled-detailed.json';
	return 'booked-detailed.json';
}

/** `{ <trigger name>: [{ json }] }` for every simplified Redox trigger in the workflow. */
function samplePinData(workflow, library = require('../dist/index.js')) {
	const pinData = {};
	for (const node of workflow.nodes ?? []) {
		if (node.type !== TRIGGER_TYPE) continue;
		const parameters = node.parameters ?? {};
		if (parameters.simplify === false) continue;
		const fixture = sampleFixture(parameters);
		const body = readFileSync(resolve(FIXTURES_DIR, fixture), 'utf8');
		const json = library.parseSchedulingNotification(body, {
			detail: parameters.detail === 'lightweight' ? 'lightweight' : 'detailed',
			timezone: parameters.options?.timezone || SAMPLE_ZONE,
			locale: parameters.options?.locale || 'en-US',
		});
		// With "Fetch Missing Details" on (detailed mode only), the trigger says whether it read them.
		if (parameters.detail !== 'lightweight' && parameters.fetchDetails === true) json.detailsFetched = true;
		pinData[node.name] = [{ json }];
	}
	return pinData;
}

module.exports = { samplePinData, sampleFixture, TRIGGER_TYPE };
