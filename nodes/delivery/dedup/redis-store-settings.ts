/**
 * From the "Redox Duplicate Store (Redis) API" credential, as n8n hands it over (untrusted shape),
 * to the settings of a Redis connection.
 */
import { isRecord } from '../../common/guards';
import type { RedisSettings } from './redis/redis-connection';

export const REDIS_CREDENTIAL_TYPE = 'redoxDuplicateStoreRedisApi';

function text(value: unknown, fallback: string): string {
	return typeof value === 'string' ? value.trim() || fallback : fallback;
}

function whole(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** Settings from the credential's data; missing or odd fields take n8n's Redis defaults. */
export function redisSettingsOf(data: unknown): RedisSettings {
	const set = isRecord(data) ? data : {};
	return {
		host: text(set.host, 'localhost'),
		port: whole(set.port, 6379),
		database: whole(set.database, 0),
		user: text(set.user, ''),
		password: typeof set.password === 'string' ? set.password : '',
		tls: set.ssl === true,
		allowUnverifiedCertificate: set.disableTlsVerification === true,
	};
}
