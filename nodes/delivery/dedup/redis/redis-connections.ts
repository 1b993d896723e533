/**
 * One Redis connection per credential, shared by every request this n8n process serves, opened
 * on first use and opened again on the next use after it failed (Redis restarted, network
 * blip). Concurrent first uses share one connection attempt.
 */
import { createHash, randomUUID } from 'crypto';

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
