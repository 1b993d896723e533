/**
 * The test of the "Redox Duplicate Store (Redis) API" credential: connects as the trigger will,
 * and claims and releases a probe key the way the store does (a read-only replica fails here).
 * Says what went wrong in plain words, never the password.
 */
import { randomUUID } from 'crypto';
import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { RedisConnection } from './redis/redis-connection';
import { isErrorReply } from './redis/resp';
import { REDIS_COMMAND_TIMEOUT_MS } from './store-choice';
import { redisSettingsOf } from './redis-store-settings';

export async function testDuplicateStoreCredential(credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const settings = redisSettingsOf(credential.data);
	const opened = await RedisConnection.open(settings, REDIS_COMMAND_TIMEOUT_MS).then(
		(connection) => ({ connection }),
		(error: unknown) => ({ failure: error instanceof Error ? error.message : 'unknown error' }),
	);
	if ('failure' in opened) return { status: 'Error', message: opened.failure };
	const { connection } = opened;
	const probe = `redox:dedup:credential-test:${randomUUID()}`;
	const reply = await connection.command(['SET', probe, 'probe', 'NX', 'PX', '10000'], REDIS_COMMAND_TIMEOUT_MS).then(
		(value) => (isErrorReply(value) ? value.error : value === 'OK' ? undefined : 'unexpected answer'),
		(error: unknown) => (error instanceof Error ? error.message : 'unknown error'),
	);
	await connection.command(['DEL', probe], REDIS_COMMAND_TIMEOUT_MS).then(
		() => undefined,
		() => undefined,
	);
	connection.close();
	if (reply !== undefined) return { status: 'Error', message: `Connected, but Redis cannot store the duplicate memory: ${reply}` };
	return { status: 'OK', message: `Connected to Redis at ${settings.host}:${settings.port} (database ${settings.database}); the duplicate memory can be stored there.` };
}
