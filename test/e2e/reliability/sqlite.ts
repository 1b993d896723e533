/**
 * Reads n8n's SQLite database directly (read-only), with the Node 24 that runs n8n: its built-in
 * `node:sqlite` module, so no native module is needed on the test side. For what the public API
 * does not show, such as a workflow's static data.
 */
import path from 'node:path';

import { runCommand, type N8nInstance } from '../../../scripts/harness';

const QUERY_SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const [file, sql, ...params] = process.argv.slice(1);
const db = new DatabaseSync(file, { readOnly: true });
try {
	process.stdout.write(JSON.stringify(db.prepare(sql).all(...params)));
} finally {
	db.close();
}
`;

/** Runs one read-only query on the instance's database; returns the rows. */
export async function querySqlite<T = Record<string, unknown>>(instance: N8nInstance, sql: string, params: readonly string[] = []): Promise<T[]> {
	const file = path.join(instance.userFolder, '.n8n', 'database.sqlite');
	const { stdout } = await runCommand(instance.runtime.nodeBin, ['--no-warnings', '-e', QUERY_SCRIPT, file, sql, ...params], {
		timeoutMs: 60_000,
	});
	return JSON.parse(stdout) as T[];
}

/** A workflow's static data as stored (the JSON text), and its size in bytes. */
export async function storedStaticData(instance: N8nInstance, workflowId: string): Promise<{ text: string; bytes: number }> {
	const rows = await querySqlite<{ staticData: string | null }>(instance, 'SELECT staticData FROM workflow_entity WHERE id = ?', [workflowId]);
	const text = rows[0]?.staticData ?? '';
	return { text, bytes: Buffer.byteLength(text) };
}
