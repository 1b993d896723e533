/**
 * The duplicate memory shared by every n8n process (queue mode: several webhook processes, or
 * several mains): one Redis key per notification.
 *
 * Why Redis: every queue-mode set-up already runs it (Bull), a webhook node can reach it with the
 * settings of a credential, and it gives what the store needs: an atomic "set if absent"
 * (`SET NX`), expiry (`PX`), and it outlives any n8n process. Not n8n's static data: each
 * process loads it from the database per request and n8n saves the whole object afterwards, so
 * with two processes the last writer wins and ids vanish (measured: half of them). Not n8n's
 * Postgres: a webhook node has no access to n8n's database connection, and n8n's own execution
 * deduplication key is not reachable from a webhook trigger.
 *
 * Values: `pending:<token>` while the delivery that claimed it is not yet accepted (the token is
 * this claim's own, so that releasing a claim never deletes a claim taken over by another
 * process after ours lapsed), `done` once accepted (kept for the duplicate window).
 */
import { randomUUID } from 'crypto';
import { sleep } from 'n8n-workflow';

import type { ClaimResult, DeliveryStore } from './delivery-store';
import { isErrorReply, type RedisReply } from './redis/resp';
import { RedisUnavailableError } from './redis/redis-connection';

/** What the store needs of a Redis connection: one command, with a time-out. */
export interface RedisCommands {
	command(args: readonly string[], timeoutMs: number): Promise<RedisReply>;
}

export interface RedisStoreSettings {
	/** Every key of this trigger starts with it (e.g. `redox:dedup:<workflow id>:<node id>:`). */
	prefix: string;
	/** How long a recognised delivery is remembered (the duplicate window). */
	windowMs: number;
	/** How long a pending claim lives if its owner never settles it (the process died). */
	pendingTtlMs: number;
	/** Per command. */
	commandTimeoutMs: number;
	/** How often `whenSettled` looks again. */
	pollMs: number;
}

const DONE = 'done';
const PENDING = 'pending:';

/** Deletes KEYS[1] only while it still holds ARGV[1] (our own pending claim). */
const RELEASE_OWN_CLAIM = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

export class RedisDeliveryStore implements DeliveryStore {
	/** The token of each pending claim this store holds (one store per request). */
	private readonly claims = new Map<string, string>();

	constructor(
		private readonly redis: () => Promise<RedisCommands>,
		private readonly settings: RedisStoreSettings,
	) {}

	async claim(key: string, _now: number): Promise<ClaimResult> {
		const token = `${PENDING}${randomUUID()}`;
		const redisKey = this.settings.prefix + key;
		// Two attempts: a claim that expires between our SET and GET leaves the key empty.
		for (let attempt = 0; attempt < 2; attempt += 1) {
			const set = await this.run(['SET', redisKey, token, 'NX', 'PX', String(this.settings.pendingTtlMs)]);
			if (set === 'OK') {
				this.claims.set(key, token);
				return 'new';
			}
			const value = await this.run(['GET', redisKey]);
			if (value === DONE) return 'duplicate';
			if (typeof value === 'string' && value.startsWith(PENDING)) return 'in-progress';
		}
		return 'in-progress';
	}

	async settle(key: string, accepted: boolean): Promise<void> {
		const token = this.claims.get(key);
		if (token === undefined) return;
		this.claims.delete(key);
		const redisKey = this.settings.prefix + key;
		const command = accepted ? ['SET', redisKey, DONE, 'PX', String(this.settings.windowMs)] : ['EVAL', RELEASE_OWN_CLAIM, '1', redisKey, token];
		// Settling runs after the answer, where a failure has no one to go to. If Redis is away
		// then, the pending claim lapses after its time to live, and a repeat is processed.
		await this.run(command).then(
			() => undefined,
			() => undefined,
		);
	}

	async whenSettled(key: string, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		const redisKey = this.settings.prefix + key;
		while (Date.now() < deadline) {
			const value = await this.run(['GET', redisKey]);
			if (typeof value !== 'string' || !value.startsWith(PENDING)) return;
			await sleep(Math.min(this.settings.pollMs, Math.max(0, deadline - Date.now())));
		}
	}

	private async run(args: string[]): Promise<RedisReply> {
		const connection = await this.redis();
		const reply = await connection.command(args, this.settings.commandTimeoutMs);
		// The key is a notification id: never in an error message.
		if (isErrorReply(reply)) throw new RedisUnavailableError(`Redis refused ${args[0]}: ${reply.error}`);
		return reply;
	}
}
