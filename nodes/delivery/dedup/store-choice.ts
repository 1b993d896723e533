/**
 * Which duplicate memory a request of a trigger uses: this n8n process's memory (the default),
 * or the Redis store that every n8n process shares (the "Duplicate Memory" option).
 */
import type { ICredentialDataDecryptedObject, INode, IWebhookFunctions } from 'n8n-workflow';

import type { Acknowledge, DeliveryOptions } from '../options';
import type { DeliveryStore } from './delivery-store';
import { processMemoryStore } from './duplicate-guard';
import { DUPLICATE_WINDOW_MS, PENDING_TIMEOUT_MS } from './process-memory-store';
import type { RedisSettings } from './redis/redis-connection';
import { keepConnectedWhile, redisConnection } from './redis/redis-connections';
import { RedisDeliveryStore } from './redis-delivery-store';
import { REDIS_CREDENTIAL_TYPE, redisSettingsOf } from './redis-store-settings';

/** Per Redis command, connecting included: a Redis that does not answer by then is unavailable. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
/**
 * How long a claim stays pending when its process dies before settling it. With the Redis memory
 * a claim is pending until the execution's first step marks it running (with "immediately": the
 * execution waits in n8n's queue meanwhile) or, with "after the workflow", until the workflow's
 * answer: as long as the process memory's (PENDING_TIMEOUT_MS, 5 minutes). A job that waits in
 * the queue longer than that may run beside a repeat that came after the claim lapsed.
 */
export const REDIS_PENDING_TTL_MS = PENDING_TIMEOUT_MS;
/**
 * A pending claim of a process that died (a webhook process killed mid-request) is taken over by
 * a repeat once it is this old: by then an execution that process queued has started on a worker
 * (and its mark replaced the claim), unless n8n's queue is that far behind.
 */
export const ORPHANED_CLAIM_MS = 30_000;

/**
 * How long Redis settings read from a credential are used without reading it again: n8n 2.41.1
 * spends a database query, a decryption and an expression isolate on every getCredentials() from
 * a webhook (~45 ms of CPU per notification in `npm run bench`). A changed credential takes
 * effect within this long.
 */
export const SETTINGS_REUSE_MS = 10_000;
/** More Redis credentials than one n8n gives Redox triggers; a bound, not a working size. */
const MAX_REMEMBERED_SETTINGS = 1_000;
const recentSettings = new Map<string, { settings: RedisSettings; readAt: number }>();

/** What the Redis store needs of a node's context: a webhook's (a request) or an execution's (a worker). */
export interface StoreContext {
	getNode(): INode;
	getWorkflow(): { id?: string };
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

/** The Redis settings of the node's credential, read at most once per SETTINGS_REUSE_MS per credential. */
async function redisSettingsFor(context: StoreContext, now: number): Promise<RedisSettings> {
	const credentialId = context.getNode().credentials?.[REDIS_CREDENTIAL_TYPE]?.id;
	const recent = typeof credentialId === 'string' ? recentSettings.get(credentialId) : undefined;
	if (recent && now >= recent.readAt && now - recent.readAt < SETTINGS_REUSE_MS) return recent.settings;
	const settings = redisSettingsOf(await context.getCredentials(REDIS_CREDENTIAL_TYPE));
	if (typeof credentialId === 'string' && credentialId !== '') {
		if (recentSettings.size >= MAX_REMEMBERED_SETTINGS) recentSettings.clear();
		recentSettings.set(credentialId, { settings, readAt: now });
	}
	return settings;
}

/** The store a request uses, by the trigger's options. */
export async function deliveryStoreFor(context: IWebhookFunctions, now: number, options: DeliveryOptions): Promise<DeliveryStore> {
	if (options.duplicateMemory !== 'redis') return processMemoryStore(context, now);
	return await redisStoreFor(context, now, options.acknowledge);
}

/** The Redis store of the trigger `context` belongs to (its "Duplicate Memory" credential). */
export async function redisStoreFor(context: StoreContext, now: number, acknowledge: Acknowledge): Promise<RedisDeliveryStore> {
	const settings = await redisSettingsFor(context, now);
	return new RedisDeliveryStore(
		() => redisConnection(settings, REDIS_COMMAND_TIMEOUT_MS),
		{
			// One key space per trigger node, as the process memory has one memory per trigger.
			prefix: `redox:dedup:${context.getWorkflow().id}:${context.getNode().id}:`,
			windowMs: DUPLICATE_WINDOW_MS,
			pendingTtlMs: REDIS_PENDING_TTL_MS,
			orphanedClaimMs: ORPHANED_CLAIM_MS,
			// With "after the workflow" a running mark is answered 409 (Redox holds its queue), so it
			// must not outlive a lost end by more than a pending claim does; with "immediately" it is
			// answered as a duplicate, and lapsing early would let a repeat run beside the execution.
			runningTtlMs: acknowledge === 'afterWorkflow' ? PENDING_TIMEOUT_MS : DUPLICATE_WINDOW_MS,
			commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
			pollMs: 50,
		},
		() => keepConnectedWhile(settings, REDIS_COMMAND_TIMEOUT_MS),
	);
}
