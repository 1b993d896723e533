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
 * Values:
 * - `pending:<client name>:<uuid>` while the delivery that claimed it is not yet accepted (the
 *   value is this claim's own, so that settling a claim never touches a claim taken over by
 *   another process after ours lapsed; the name is that of the claiming process, see below: a
 *   claim whose process is gone is taken over once it is `orphanedClaimMs` old);
 * - `running:<client name>` while an n8n process (a worker, in queue mode) runs the execution:
 *   the trigger's `execute()` marks it when the execution starts, and settles it when the
 *   execution ends (see delivery/execution-tracking.ts). The name is the CLIENT SETNAME of that
 *   process's Redis connections: a repeat that finds no client of that name connected knows the
 *   process died mid-run (n8n then writes the execution as failed), and claims it anew;
 * - `done` once accepted, or once the execution succeeded (kept for the duplicate window).
 */
import { randomUUID } from 'crypto';
import { sleep } from 'n8n-workflow';

import type { ClaimResult, DeliveryOutcome, DeliveryStore } from './delivery-store';
import { isErrorReply, type RedisReply } from './redis/resp';
import { RedisUnavailableError } from './redis/redis-connection';

/** What the store needs of a Redis connection: one command, with a time-out, and its client name. */
export interface RedisCommands {
	command(args: readonly string[], timeoutMs: number): Promise<RedisReply>;
	/** The connection's CLIENT SETNAME, shared by every connection of one n8n process; none if unnamed. */
	readonly clientName?: string;
}

export interface RedisStoreSettings {
	/** Every key of this trigger starts with it (e.g. `redox:dedup:<workflow id>:<node id>:`). */
	prefix: string;
	/** How long a recognised delivery is remembered (the duplicate window). */
	windowMs: number;
	/** How long a pending claim lives if its owner never settles it. */
	pendingTtlMs: number;
	/**
	 * How old a pending claim of a process that is no longer connected (it died) must be before a
	 * repeat takes it over; and how long a claim is kept after n8n answered its delivery with an
	 * error. Not at once: the execution may have been queued just before, and a worker then starts
	 * it (and marks it running) in moments.
	 */
	orphanedClaimMs: number;
	/**
	 * How long a `running:` mark lives if the execution's end never settles it (n8n did not run
	 * the end hooks: one of its own failed before ours, say).
	 */
	runningTtlMs: number;
	/** Per command. */
	commandTimeoutMs: number;
	/** How often `whenSettled` looks again. */
	pollMs: number;
}

const DONE = 'done';
const PENDING = 'pending:';
const RUNNING = 'running:';

/** Deletes KEYS[1] only while it still holds ARGV[1] (our own claim). */
const RELEASE_OWN_CLAIM = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
/** Makes KEYS[1] expire in ARGV[2] ms only while it still holds ARGV[1] (our own claim). */
const SHORTEN_OWN_CLAIM = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
/** Sets KEYS[1] to `done` for ARGV[2] ms only while it still holds ARGV[1] (our own claim). */
const SETTLE_OWN_CLAIM =
	"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2]) else return 0 end";

/** The client name in a `pending:` value; undefined when the claiming process had none. */
function ownerOfClaim(value: string): string | undefined {
	const owner = value.slice(PENDING.length, value.lastIndexOf(':'));
	return owner === '' || owner.includes(':') ? undefined : owner;
}

/** Whether CLIENT LIST's text shows a connection named `name`. */
function isClientConnected(clientList: string, name: string): boolean {
	return clientList.split('\n').some((line) => line.split(' ').includes(`name=${name}`));
}

export class RedisDeliveryStore implements DeliveryStore {
	/** The token of each pending claim this store holds (one store per request). */
	private readonly claims = new Map<string, string>();

	/**
	 * @param keepConnected keeps this process's named connection open until the returned function
	 * is called (see redis-connections.ts `keepConnectedWhile`); by default, nothing.
	 */
	constructor(
		private readonly redis: () => Promise<RedisCommands>,
		private readonly settings: RedisStoreSettings,
		private readonly keepConnected: () => () => void = () => () => undefined,
	) {}

	async claim(key: string, _now: number): Promise<ClaimResult> {
		const token = `${PENDING}${(await this.runnerName()) ?? ''}:${randomUUID()}`;
		const redisKey = this.settings.prefix + key;
		// Three attempts: a claim that expires between our SET and GET leaves the key empty, and
		// the claim of a process that died is removed before the next attempt.
		for (let attempt = 0; attempt < 3; attempt += 1) {
			const set = await this.run(['SET', redisKey, token, 'NX', 'PX', String(this.settings.pendingTtlMs)]);
			if (set === 'OK') {
				this.claims.set(key, token);
				return 'new';
			}
			const value = await this.run(['GET', redisKey]);
			if (value === DONE) return 'duplicate';
			if (typeof value === 'string' && value.startsWith(PENDING)) {
				if (!(await this.isOrphaned(redisKey, value))) return 'in-progress';
				// Its process died before its delivery was accepted, long enough ago that no execution it
				// may have queued is still waiting to start.
				await this.run(['EVAL', RELEASE_OWN_CLAIM, '1', redisKey, value]);
				continue;
			}
			if (typeof value === 'string' && value.startsWith(RUNNING)) {
				if (await this.isRunnerAlive(value.slice(RUNNING.length))) return 'running';
				// Its process died mid-run: the execution will not succeed (n8n writes it as failed).
				await this.run(['EVAL', RELEASE_OWN_CLAIM, '1', redisKey, value]);
			}
		}
		return 'in-progress';
	}

	async settle(key: string, outcome: DeliveryOutcome): Promise<void> {
		const token = this.claims.get(key);
		if (token === undefined) return;
		this.claims.delete(key);
		const redisKey = this.settings.prefix + key;
		// Only our own pending claim: once the execution runs, its `running:` mark is settled by
		// the execution's end instead. After n8n's error answer the claim is kept for
		// `orphanedClaimMs`: had n8n queued the execution before its error, a worker marks it
		// running meanwhile, and the retry is not run beside it.
		const commands: Record<DeliveryOutcome, string[]> = {
			accepted: ['EVAL', SETTLE_OWN_CLAIM, '1', redisKey, token, String(this.settings.windowMs)],
			refused: ['EVAL', RELEASE_OWN_CLAIM, '1', redisKey, token],
			failed: ['EVAL', SHORTEN_OWN_CLAIM, '1', redisKey, token, String(this.settings.orphanedClaimMs)],
		};
		// Settling runs after the answer, where a failure has no one to go to. If Redis is away
		// then, the pending claim lapses after its time to live, and a repeat is processed.
		await this.run(commands[outcome]).then(
			() => undefined,
			() => undefined,
		);
	}

	/**
	 * Marks the delivery of `key` as running in the process whose Redis connection is named
	 * `runner`; the mark lasts `runningTtlMs` unless `executionEnded` settles it.
	 */
	async executionStarted(key: string, runner: string): Promise<void> {
		await this.run(['SET', this.settings.prefix + key, RUNNING + runner, 'PX', String(this.settings.runningTtlMs)]);
	}

	/**
	 * Settles the mark `executionStarted` left: remembered as done when the execution succeeded
	 * (whatever the key holds then: the notification has been processed, even if our mark never
	 * got written or Redis lost it), forgotten when it failed (so that a repeat runs again), unless
	 * another process has replaced our mark since.
	 */
	async executionEnded(key: string, runner: string, succeeded: boolean): Promise<void> {
		const redisKey = this.settings.prefix + key;
		await this.run(succeeded ? ['SET', redisKey, DONE, 'PX', String(this.settings.windowMs)] : ['EVAL', RELEASE_OWN_CLAIM, '1', redisKey, RUNNING + runner]);
	}

	/**
	 * Keeps this process visibly connected while one of its executions is marked running (so that
	 * a repeat does not take a Redis restart for its death); call the result when it has ended.
	 */
	holdPresence(): () => void {
		return this.keepConnected();
	}

	/** The name that marks this process's executions as running (undefined: cannot mark any). */
	async runnerName(): Promise<string | undefined> {
		return (await this.redis()).clientName;
	}

	/** Whether the pending claim `value` on `redisKey` belongs to a process that is gone, and is old enough to take over. */
	private async isOrphaned(redisKey: string, value: string): Promise<boolean> {
		const owner = ownerOfClaim(value);
		if (owner === undefined || (await this.isRunnerAlive(owner))) return false;
		const remainingMs = await this.run(['PTTL', redisKey]);
		return typeof remainingMs === 'number' && remainingMs >= 0 && this.settings.pendingTtlMs - remainingMs >= this.settings.orphanedClaimMs;
	}

	/** Whether a Redis client named `runner` is connected; when Redis will not say, assumed so. */
	private async isRunnerAlive(runner: string): Promise<boolean> {
		const connection = await this.redis();
		const list = await connection.command(['CLIENT', 'LIST'], this.settings.commandTimeoutMs);
		return typeof list !== 'string' || isClientConnected(list, runner);
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
