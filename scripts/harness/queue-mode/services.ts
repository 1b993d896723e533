/**
 * The machine's PostgreSQL and Redis, as queue mode needs them: whether they answer, a fresh
 * database per run (created and dropped with `psql`), and the removal of a run's Redis keys.
 * Both run on this machine (127.0.0.1, Postgres with trust auth as user `postgres`).
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';

import { runCommand } from '../processes';

export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' } as const;
export const REDIS = { host: '127.0.0.1', port: 6379 } as const;

/** Whether something accepts TCP connections on host:port within `timeoutMs`. */
export function isListening(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host, port });
		const done = (up: boolean) => {
			socket.destroy();
			resolve(up);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
	});
}

export interface QueueServices {
	postgres: boolean;
	redis: boolean;
}

/** Which of the two services answer on their ports now. */
export async function queueServices(): Promise<QueueServices> {
	const [postgres, redis] = await Promise.all([isListening(POSTGRES.host, POSTGRES.port), isListening(REDIS.host, REDIS.port)]);
	return { postgres, redis };
}

/** Says which service is missing, or undefined when both answer. */
export function missingServices(services: QueueServices): string | undefined {
	const missing = [
		services.postgres ? '' : `PostgreSQL on ${POSTGRES.host}:${POSTGRES.port}`,
		services.redis ? '' : `Redis on ${REDIS.host}:${REDIS.port}`,
	].filter(Boolean);
	return missing.length ? missing.join(' and ') : undefined;
}

async function psql(sql: string): Promise<string> {
	const { stdout } = await runCommand(
		'psql',
		['-h', POSTGRES.host, '-p', String(POSTGRES.port), '-U', POSTGRES.user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-Atc', sql],
		{ timeoutMs: 60_000 },
	);
	return stdout;
}

/** Names of databases and key prefixes made by the harness: letters, digits and `_` only. */
function checkName(name: string): string {
	if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unsafe name ${name}`);
	return name;
}

export async function createDatabase(name: string): Promise<void> {
	await psql(`CREATE DATABASE ${checkName(name)}`);
}

/** Drops the database, ending the connections still open to it (a killed process leaves some). */
export async function dropDatabase(name: string): Promise<void> {
	await psql(`DROP DATABASE IF EXISTS ${checkName(name)} WITH (FORCE)`);
}

/** Runs one SQL query on a run's database; returns the rows as `|`-separated lines. */
export async function queryDatabase(name: string, sql: string): Promise<string[]> {
	const { stdout } = await runCommand(
		'psql',
		['-h', POSTGRES.host, '-p', String(POSTGRES.port), '-U', POSTGRES.user, '-d', checkName(name), '-v', 'ON_ERROR_STOP=1', '-Atc', sql],
		{ timeoutMs: 60_000 },
	);
	return stdout.split('\n').filter(Boolean);
}

/** Deletes every Redis key starting with `prefix` (SCAN, then UNLINK in batches). */
export async function deleteRedisKeys(prefix: string): Promise<number> {
	// No glob characters: the prefix is matched literally.
	if (!/^[A-Za-z0-9_:.-]+$/.test(prefix)) throw new Error(`Unsafe key prefix ${prefix}`);
	const { stdout } = await runCommand('redis-cli', ['-h', REDIS.host, '-p', String(REDIS.port), '--scan', '--pattern', `${prefix}*`], {
		timeoutMs: 60_000,
	});
	const keys = stdout.split('\n').filter(Boolean);
	for (let i = 0; i < keys.length; i += 500) {
		await runCommand('redis-cli', ['-h', REDIS.host, '-p', String(REDIS.port), 'UNLINK', ...keys.slice(i, i + 500)], { timeoutMs: 60_000 });
	}
	return keys.length;
}

// Plain JavaScript for `node -e`: connects to each host:port given and prints which answered.
const PROBE = `
const net = require('node:net');
const targets = process.argv.slice(1);
Promise.all(targets.map((t) => new Promise((resolve) => {
	const [host, port] = t.split(':');
	const socket = net.connect({ host, port: Number(port) });
	const done = (up) => { socket.destroy(); resolve(up); };
	socket.setTimeout(2000, () => done(false));
	socket.once('connect', () => done(true));
	socket.once('error', () => done(false));
}))).then((up) => process.stdout.write(JSON.stringify(up)));
`;

/**
 * `queueServices()` answered synchronously (a child process probes the ports), for test files
 * that must decide which tests to declare before jest runs any of them.
 */
export function queueServicesSync(): QueueServices {
	const result = spawnSync(process.execPath, ['-e', PROBE, `${POSTGRES.host}:${POSTGRES.port}`, `${REDIS.host}:${REDIS.port}`], {
		encoding: 'utf8',
		timeout: 10_000,
	});
	const up: unknown = JSON.parse(result.stdout || '[false,false]');
	return Array.isArray(up) ? { postgres: up[0] === true, redis: up[1] === true } : { postgres: false, redis: false };
}
