import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

import * as library from '../../index';
import { FIXTURES_DIR } from '../helpers/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { samplePinData, TRIGGER_TYPE } = require('../../scripts/sample-pin-data.js') as {
	samplePinData: (workflow: unknown, lib: typeof library) => Record<string, unknown>;
	TRIGGER_TYPE: string;
};

process.env.REDOX_FIXTURES_DIR ??= FIXTURES_DIR;
const examplesDir = resolve(__dirname, '../../examples');
const examples = readdirSync(examplesDir).filter((name) => name.endsWith('.json'));

describe('example workflows', () => {
	it('exist', () => {
		expect(examples.length).toBeGreaterThanOrEqual(4);
	});

	it.each(examples)('%s pins the current library output on its trigger (the editor shows real fields to map)', (file) => {
		const workflow = JSON.parse(readFileSync(join(examplesDir, file), 'utf8'));
		const triggers = workflow.nodes.filter((node: { type: string }) => node.type === TRIGGER_TYPE);
		expect(triggers).toHaveLength(1);
		const expected = samplePinData(workflow, library);
		for (const [name, items] of Object.entries(expected)) {
			expect(workflow.pinData?.[name]).toEqual(items);
		}
	});

	it('pins detailsFetched: true where the trigger fetches missing details (the field such items carry)', () => {
		const fetching = examples.filter((file) => {
			const workflow = JSON.parse(readFileSync(join(examplesDir, file), 'utf8'));
			return workflow.nodes.some((node: { type: string; parameters: { fetchDetails?: boolean } }) => node.type === TRIGGER_TYPE && node.parameters.fetchDetails === true);
		});
		expect(fetching).toEqual(['lightweight-fhir-lookup.json']);
		const workflow = JSON.parse(readFileSync(join(examplesDir, fetching[0]), 'utf8'));
		expect(workflow.pinData['Redox Scheduling Trigger'][0].json).toMatchObject({ detailLevel: 'detailed', detailsFetched: true, patientFullName: expect.any(String) });
	});

	it.each(examples)('%s holds no real-looking secret', (file) => {
		const text = readFileSync(join(examplesDir, file), 'utf8');
		expect(text).not.toMatch(/"verificationToken"\s*:\s*"[^"]+"/);
		expect(text).not.toMatch(/xox[bp]-[0-9A-Za-z-]{10,}/);
	});
});
