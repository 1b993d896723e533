/**
 * The machine's Redis (127.0.0.1:6379) for the unit tests of the shared duplicate store: whether
 * it answers (decided before jest declares the tests), settings for it, a key prefix unique to
 * the run, and the removal of the run's keys.
 */
import { randomBytes } from 'node:crypto';

import type { RedisSettings } from '../../nodes/delivery/dedup/redis/redis-connection';
import { deleteRedisKeys, queueServicesSync, REDIS } from '../../scripts/harness/queue-mode/services';

export const redisAvailable = queueServicesSync().redis;

export const LOCAL_REDIS: RedisSettings = {
	host: REDIS.host,
	port: REDIS.port,
	database: 0,
	user: '',
	password: '',
	tls: false,
	allowUnverifiedCertificate: false,
};

/** A prefix no other run uses: `redox_test_<hex>_`. */
export function uniquePrefix(): string {
	return `redox_test_${randomBytes(6).toString('hex')}_`;
}

export { deleteRedisKeys };

/**
 * Declares `body` when Redis answers; otherwise one test that says which tests did not run and
 * why, and that fails under CI=true (CI machines start Redis, so its absence there is a fault).
 */
export function describeWithRedis(name: string, testNames: readonly string[], body: () => void): void {
	if (redisAvailable) {
		describe(name, body);
		return;
	}
	describe(`${name} (not run)`, () => {
		it(`needs Redis on ${REDIS.host}:${REDIS.port}`, () => {
			console.warn(
				`[redis] NOT RUN: Redis on ${REDIS.host}:${REDIS.port} did not answer, so these tests did not run:\n` +
					testNames.map((test) => `  - ${test}`).join('\n'),
			);
			expect(process.env.CI).not.toBe('true');
		});
	});
}
