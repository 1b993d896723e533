/**
 * Where a trigger remembers the notifications it has taken in, so that a redelivery starts no
 * second execution. A store is asked per request; what it remembers outlives the request.
 */

/**
 * `new`: the caller now holds a pending claim; `duplicate`: accepted before; `in-progress`:
 * claimed, not settled yet; `running`: accepted, and its execution is running in a live n8n
 * process (only stores that follow executions say so).
 */
export type ClaimResult = 'new' | 'duplicate' | 'in-progress' | 'running';

/**
 * How a claimed delivery ended: `accepted` (answered 2xx, or its execution exists); `refused`
 * (the node answered without starting anything: no execution can exist); `failed` (n8n answered
 * with an error: usually nothing ran, but n8n may have queued the execution before its error, so
 * a store that follows executions holds the claim a moment longer, for a worker to mark it).
 */
export type DeliveryOutcome = 'accepted' | 'refused' | 'failed';

export interface DeliveryStore {
	/** Claims a delivery of `key`. Two claims of one key, from anywhere, never both get `new`. */
	claim(key: string, now: number): Promise<ClaimResult>;
	/** Resolves once a pending claim on `key` has settled either way, or after `timeoutMs`. */
	whenSettled(key: string, timeoutMs: number): Promise<void>;
	/** Ends a pending claim: remembered as received when accepted, forgotten otherwise (see DeliveryOutcome). */
	settle(key: string, outcome: DeliveryOutcome): Promise<void>;
}
