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

	it.each(examples)('%s holds no real-looking secret', (file) => {
		const text = readFileSync(join(examplesDir, file), 'utf8');
		expect(text).not.toMatch(/"verificationToken"\s*:\s*"[^"]+"/);
		expect(text).not.toMatch(/xox[bp]-[0-9A-Za-z-]{10,}/);
	});
});
