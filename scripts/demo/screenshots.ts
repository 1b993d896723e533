/**
 * Screenshots of the example workflows in the real n8n editor, for the README (docs/images/).
 * Needs the demo running (`npm run demo`) and a Chromium (Debian: `apt-get install chromium`):
 *
 *   bash scripts/demo.sh screenshots            (CHROMIUM_PATH overrides /usr/bin/chromium)
 *
 * Logs in as the demo's owner, opens each example, fits it to the window and saves a PNG; then
 * captures the trigger's panel of the lightweight example (Fetch Missing Details and its Redox API
 * credential) and that credential's dialog; then sends one booked notification and captures its
 * execution with the trigger's output.
 */
import fs from 'node:fs';
import path from 'node:path';

import { chromium, type Page } from 'playwright-core';

import { sendNotification } from '../harness/http';
import { EXAMPLE_NAMES, type ExampleName } from './examples';
import { fixturesDir, repoRoot } from './paths';
import { DEMO_OWNER_EMAIL, DEMO_TOKEN, readState } from './state';

const outDir = path.join(repoRoot, 'docs/images');
const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/**
 * Runs in the page (a string: this project compiles without the DOM's types). Lifts the height
 * limits from the credential dialog's scrolling pane up to the dialog itself.
 */
const UNCLIP_CREDENTIAL_DIALOG = `(() => {
	const container = document.querySelector('[data-test-id="credential-edit-dialog"]');
	if (!container) return;
	const scroller = [container, ...container.querySelectorAll('*')].find(
		(element) => getComputedStyle(element).overflowY === 'auto' && element.scrollHeight > element.clientHeight + 2,
	);
	for (let element = scroller; element && element !== document.body; element = element.parentElement) {
		element.style.height = 'auto';
		element.style.maxHeight = 'none';
		element.style.overflow = 'visible';
		if (element.classList.contains('el-dialog')) break;
	}
})()`;

async function closePopups(page: Page): Promise<void> {
	// The "Production Checklist" card shown on published workflows.
	const checklist = page.getByText('Production Checklist', { exact: true });
	if (await checklist.isVisible().catch(() => false)) {
		await checklist.locator('xpath=..').locator('button').first().click().catch(() => undefined);
	}
	await page.keyboard.press('Escape').catch(() => undefined);
}

async function fitCanvas(page: Page): Promise<void> {
	await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
	await page.waitForTimeout(1_500);
	await closePopups(page);
	await page.click('[data-test-id="zoom-to-fit"]');
	await page.waitForTimeout(800);
}

async function main(): Promise<void> {
	const state = readState();
	if (!state?.baseUrl) throw new Error('Start the demo first (npm run demo).');
	const baseUrl = state.baseUrl;
	fs.mkdirSync(outDir, { recursive: true });
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });
	try {
		const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
		await page.goto(`${baseUrl}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', DEMO_OWNER_EMAIL);
		await page.fill('input[name="password"]', state.ownerPassword);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });

		for (const name of EXAMPLE_NAMES) {
			const workflow = state.workflows[name as ExampleName];
			if (!workflow) continue;
			await page.goto(`${baseUrl}/workflow/${workflow.id}`);
			await fitCanvas(page);
			const file = path.join(outDir, `${name}.png`);
			await page.screenshot({ path: file });
			console.log(`saved ${path.relative(repoRoot, file)}`);
		}

		// The lightweight example's trigger: Fetch Missing Details, its notice and the Redox API
		// credential; then that credential's dialog (n8n shows its secrets masked).
		const lightweight = state.workflows['lightweight-fhir-lookup'];
		if (lightweight) {
			await page.goto(`${baseUrl}/workflow/${lightweight.id}`);
			await fitCanvas(page);
			await page.locator('[data-test-id="canvas-node"]', { hasText: 'Redox Scheduling Trigger' }).first().dblclick();
			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.waitFor({ timeout: 20_000 });
			// n8n shows a "you can pin this output" hint over the output on first open; hide it.
			await page.mouse.move(5, 5);
			await page.addStyleTag({ content: '.n8n-tooltip { visibility: hidden !important; }' });
			await page.waitForTimeout(1_500);
			const file = path.join(outDir, 'fetch-missing-details.png');
			await page.screenshot({ path: file });
			console.log(`saved ${path.relative(repoRoot, file)}`);

			await ndv.locator('[data-test-id="credential-edit-button"]').last().click();
			const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
			await dialog.waitFor({ timeout: 20_000 });
			await page.waitForTimeout(1_500);
			// The dialog is at most 750 px high and scrolls its fields; let it grow, in a taller
			// window, so that one picture shows every field.
			await page.setViewportSize({ width: 1600, height: 1150 });
			await page.evaluate(UNCLIP_CREDENTIAL_DIALOG);
			await page.waitForTimeout(800);
			const credential = path.join(outDir, 'redox-api-credential.png');
			await page.screenshot({ path: credential });
			console.log(`saved ${path.relative(repoRoot, credential)}`);
			await page.keyboard.press('Escape').catch(() => undefined);
			await page.setViewportSize({ width: 1600, height: 900 });
		}

		// One execution, with the trigger's output open.
		const email = state.workflows['booked-email'];
		if (email) {
			const bundle = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'booked-detailed.json'), 'utf8')) as {
				id?: string;
				entry: Array<{ resource: { resourceType: string; id?: string } }>;
			};
			const suffix = `screenshot-${Date.now()}`;
			bundle.id = `${bundle.id}-${suffix}`;
			const header = bundle.entry.find((e) => e.resource.resourceType === 'MessageHeader')?.resource;
			if (header) header.id = `${header.id}-${suffix}`;
			const response = await sendNotification(email.url, bundle, { token: DEMO_TOKEN });
			if (response.status !== 200) throw new Error(`booked-detailed answered ${response.status}: ${response.text}`);
			await page.waitForTimeout(2_000);
			await page.goto(`${baseUrl}/workflow/${email.id}/executions`);
			await fitCanvas(page);
			await page.waitForTimeout(1_000);
			const file = path.join(outDir, 'booked-email-execution.png');
			await page.screenshot({ path: file });
			console.log(`saved ${path.relative(repoRoot, file)}`);
			// Open the trigger's output in the execution preview, as a schema of the fields.
			await page.locator('[data-test-id="canvas-node"]', { hasText: 'Redox Scheduling Trigger' }).first().dblclick();
			await page.waitForSelector('[data-test-id="ndv"]', { timeout: 20_000 });
			await page.click('[data-test-id="radio-button-schema"]').catch(() => undefined);
			await page.waitForTimeout(1_000);
			// Scroll to the detailed fields (time, place, provider, patient).
			await page
				.locator('[data-test-id="ndv"]')
				.getByText('appointmentStatus', { exact: true })
				.first()
				.evaluate((element) => element.scrollIntoView({ block: 'start' }))
				.catch(() => undefined);
			await page.waitForTimeout(800);
			const output = path.join(outDir, 'trigger-output.png');
			await page.screenshot({ path: output });
			console.log(`saved ${path.relative(repoRoot, output)}`);
		}
	} finally {
		await browser.close();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
