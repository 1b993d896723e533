/**
 * `npm run demo:send -- <fixture or path> [--lightweight] [--to <example>] [--token <token>]`: sends a
 * notification to the running demo the way Redox does (POST, `Content-Type: application/fhir+json`,
 * `verification-token`, `application-name: RedoxEngine`), to every published example workflow
 * (or the one named by --to), and prints each answer. A valid bundle gets a fresh Bundle.id and
 * MessageHeader.id each time, so repeats are not taken for Redox's re-deliveries. --lightweight
 * sends what Redox would send a lightweight destination about the same appointment instead.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { httpRequest, sendNotification } from '../harness/http';
import { lightweightTwin, type NotificationBundle } from '../stand-ins/lightweight-twin';
import { EXAMPLE_NAMES, type ExampleName } from './examples';
import { fixturesDir } from './paths';
import { DEMO_TOKEN, readState } from './state';

const USAGE = `Usage: npm run demo:send -- <fixture> [--lightweight] [--to <example>] [--token <token>]
  <fixture>  a name from ${fixturesDir} (booked-detailed, cancelled-detailed,
             updated-rescheduled-detailed, booked-lightweight, updated-lightweight, invalid/not-a-bundle, ...)
             or the path of a file
  --lightweight  send the lightweight twin of the bundle (header, appointment id, patient identifiers)
  --to       one of: ${EXAMPLE_NAMES.join(', ')} (default: every published example)
  --token    the verification token to send (default: ${DEMO_TOKEN}; try a wrong one)`;

function option(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : process.argv[index + 1];
}

function resolveFixture(arg: string): string {
	const candidates = [arg, path.join(fixturesDir, arg), path.join(fixturesDir, `${arg}.json`), path.join(fixturesDir, `${arg}.txt`)];
	const found = candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
	if (!found) throw new Error(`No fixture or file "${arg}" (looked in ${fixturesDir}).\n\n${USAGE}`);
	return found;
}

interface BundleLike {
	resourceType?: unknown;
	id?: unknown;
	entry?: Array<{ resource?: { resourceType?: unknown; id?: unknown } }>;
}

/** A fresh identity for a notification bundle; anything else is sent byte for byte. */
function freshBody(raw: Buffer, lightweight: boolean): { body: Buffer | string; messageId?: string } {
	let parsed: BundleLike;
	try {
		parsed = JSON.parse(raw.toString('utf8')) as BundleLike;
	} catch {
		return { body: raw };
	}
	const header = Array.isArray(parsed?.entry) ? parsed.entry.find((e) => e?.resource?.resourceType === 'MessageHeader')?.resource : undefined;
	if (parsed?.resourceType !== 'Bundle' || !header) return { body: raw };
	if (lightweight) parsed = lightweightTwin(parsed as NotificationBundle);
	const suffix = randomUUID().slice(0, 8);
	parsed.id = `${typeof parsed.id === 'string' ? parsed.id : 'bundle'}-demo-${suffix}`;
	header.id = `${typeof header.id === 'string' ? header.id : 'message'}-demo-${suffix}`;
	return { body: JSON.stringify(parsed), messageId: header.id as string };
}

async function main(): Promise<void> {
	const first = process.argv[2];
	if (!first || first.startsWith('-') || first === 'help') {
		console.log(USAGE);
		process.exit(first ? 0 : 1);
	}
	const state = readState();
	if (!state?.baseUrl) throw new Error('The demo is not running: start it with `npm run demo` first.');
	try {
		await httpRequest(`${state.baseUrl}/healthz`, { timeoutMs: 3_000 });
	} catch {
		throw new Error(`Nothing answers at ${state.baseUrl}: is \`npm run demo\` still running?`);
	}
	const to = option('--to');
	if (to && !EXAMPLE_NAMES.includes(to as ExampleName)) throw new Error(`--to must be one of ${EXAMPLE_NAMES.join(', ')}`);
	const targets = EXAMPLE_NAMES.filter((name) => state.workflows[name]?.published && (!to || name === to));
	if (!targets.length) throw new Error(`No published demo workflow${to ? ` named ${to}` : ''}.`);

	const file = resolveFixture(first);
	const lightweight = process.argv.includes('--lightweight');
	const { body, messageId } = freshBody(fs.readFileSync(file), lightweight);
	const token = option('--token') ?? DEMO_TOKEN;
	console.log(`Sending ${lightweight ? 'the lightweight twin of ' : ''}${path.relative(process.cwd(), file)}${messageId ? ` (MessageHeader.id ${messageId})` : ''} as Redox does:`);
	console.log(`  POST, Content-Type: application/fhir+json, verification-token: ${token}, application-name: RedoxEngine\n`);
	for (const name of targets) {
		const workflow = state.workflows[name];
		if (!workflow) continue;
		const began = Date.now();
		const response = await sendNotification(workflow.url, body, { token });
		console.log(`  ${workflow.title.padEnd(42)} ${response.status} ${response.text}  (${Date.now() - began} ms)`);
	}
	console.log('\nWhat the workflows did prints in the demo\'s terminal; executions are in the editor (Overview → Executions).');
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
