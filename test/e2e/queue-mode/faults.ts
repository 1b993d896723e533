/**
 * The faults of the queue-mode file that hit the machine's shared services: Redis and PostgreSQL
 * restarted with the commands the machine's own start-up uses (Redis without persistence, as it
 * runs here). Each waits until the service answers again, and the Redis one is safe to call
 * again to bring Redis back whatever happened before.
 */
import { runCommand, sleep, waitFor } from '../../../scripts/harness';
import { isListening, POSTGRES, REDIS } from '../../../scripts/harness/queue-mode';

/** How this machine starts Redis (see the environment's notes): no persistence. */
const REDIS_START = ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', String(REDIS.port), '--save', '', '--appendonly', 'no', '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log'];

/** Starts Redis if nothing answers on its port; waits until it does. */
export async function ensureRedis(): Promise<void> {
	if (await isListening(REDIS.host, REDIS.port)) return;
	await runCommand('redis-server', REDIS_START, { timeoutMs: 30_000 });
	await waitFor(async () => ((await isListening(REDIS.host, REDIS.port)) ? true : undefined), { timeoutMs: 30_000, description: 'Redis to answer' });
}

/** Stops Redis (`SHUTDOWN NOSAVE`: its data is gone), keeps it down for `downMs`, starts it again. */
export async function restartRedis(downMs: number): Promise<void> {
	try {
		await runCommand('redis-cli', ['-h', REDIS.host, '-p', String(REDIS.port), 'shutdown', 'nosave'], { timeoutMs: 30_000 }).catch(() => undefined);
		await waitFor(async () => ((await isListening(REDIS.host, REDIS.port)) ? undefined : true), { timeoutMs: 15_000, description: 'Redis to stop' });
		await sleep(downMs);
	} finally {
		await ensureRedis();
	}
}

/** Restarts the machine's PostgreSQL cluster (`pg_ctlcluster ... restart`); waits until it answers. */
export async function restartPostgres(): Promise<void> {
	const { stdout } = await runCommand('ls', ['/etc/postgresql']);
	const version = stdout.trim().split('\n')[0];
	await runCommand('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], { timeoutMs: 120_000 });
	await waitFor(async () => ((await isListening(POSTGRES.host, POSTGRES.port)) ? true : undefined), { timeoutMs: 60_000, description: 'PostgreSQL to answer' });
}
