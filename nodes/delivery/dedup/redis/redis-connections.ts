/**
 * One Redis connection per credential, shared by every request this n8n process serves, opened
 * on first use and opened again on the next use after it failed (Redis restarted, network
 * blip). Concurrent first uses share one connection attempt. While this process has executions
 * marked running under its name, a failed connection is opened again at once (see
 * `keepConnectedWhile`).
 */
import { createHash, randomUUID } from 'crypto';
import { sleep } from 'n8n-workflow';

import { RedisConnection, type RedisSettings } from './redis-connection';

const connections = new Map<string, Promise<RedisConnection>>();

/**
 * The CLIENT SETNAME of every connection this n8n process opens: one name per process, kept
 * across reconnections, so that "is the process that started this execution still alive?" is
 * "is a client of this name connected?" (see RedisDeliveryStore's `running:` claims).
 */
export const PROCESS_CLIENT_NAME = `n8n-redox-${randomUUID()}`;

/** The map key: a hash, so the process holds no second copy of the password in clear. */
function keyOf(settings: RedisSettings): string {
	return createHash('sha256').update(JSON.stringify(settings)).digest('hex');
}

export async function redisConnection(settings: RedisSettings, timeoutMs: number): Promise<RedisConnection> {
	const key = keyOf(settings);
	const existing = connections.get(key);
	if (existing) {
		const connection = await existing.catch(() => undefined);
		if (connection?.isOpen) return connection;
		if (connections.get(key) !== existing) return await redisConnection(settings, timeoutMs);
	}
	const opening = RedisConnection.open(settings, timeoutMs, PROCESS_CLIENT_NAME);
	connections.set(key, opening);
	// A failed attempt is forgotten, so that the next use tries again.
	opening.catch(() => connections.get(key) === opening && connections.delete(key));
	return await opening;
}

/** Per connection key: how many executions this process has marked running with it. */
const presence = new Map<string, number>();
/** Connection keys with a reconnecting loop under way. */
const watching = new Set<string>();

/**
 * Keeps this process's connection for `settings` open (opening it again after Redis restarted
 * or the network failed, backing off from 250 ms to 5 s) until the returned function is called.
 *
 * Why: a repeat of a notification that is marked running here asks Redis whether a client of
 * this process's name is connected, and takes "no" for "the process died". A connection
 * re-opened only on its next use would leave a live process looking dead after a Redis restart,
 * for as long as its executions run, and their repeats would run beside them.
 */
export function keepConnectedWhile(settings: RedisSettings, timeoutMs: number): () => void {
	const key = keyOf(settings);
	presence.set(key, (presence.get(key) ?? 0) + 1);
	void reconnectWhilePresent(key, settings, timeoutMs);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const left = (presence.get(key) ?? 1) - 1;
		if (left > 0) presence.set(key, left);
		else presence.delete(key);
	};
}

async function reconnectWhilePresent(key: string, settings: RedisSettings, timeoutMs: number): Promise<void> {
	if (watching.has(key)) return;
	watching.add(key);
	try {
		let backoffMs = 250;
		while (presence.has(key)) {
			const connection = await redisConnection(settings, timeoutMs).catch(() => undefined);
			if (connection) {
				backoffMs = 250;
				await connection.closed;
			} else {
				await sleep(backoffMs);
				backoffMs = Math.min(backoffMs * 2, 5_000);
			}
		}
	} finally {
		watching.delete(key);
	}
}
