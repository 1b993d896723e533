import { checkTokens } from './auth';

/**
 * How long a verification token read from a credential may be trusted without reading the
 * credential again. Also the longest time an old token keeps working after the credential was
 * changed; a new token works at once (see `RecentTokens.confirmed`).
 */
export const TOKEN_REUSE_MS = 10_000;

/** More credentials than one n8n instance gives Redox triggers; a bound, not a working size. */
const MAX_CREDENTIALS = 1_000;

interface ReadToken {
	token: string;
	readAt: number;
}

/**
 * The verification tokens read recently, by credential id, in this process's memory only.
 *
 * Why: in n8n 2.41.1 every `getCredentials()` from a webhook costs a database query, a decryption
 * and, with the default expression engine, an expression isolate of its own (created and disposed
 * for that one call), which was a third of the trigger's cost per notification.
 *
 * A remembered token only ever says yes: it confirms a request that presents exactly that token,
 * read less than `TOKEN_REUSE_MS` ago. Every other request (no token, another token, an expired
 * entry) makes the caller read the credential afresh, so a token changed in n8n is accepted at
 * once and a wrong token is judged against the credential as it is now.
 */
export class RecentTokens {
	private readonly byCredential = new Map<string, ReadToken>();

	constructor(
		private readonly reuseMs = TOKEN_REUSE_MS,
		private readonly maxCredentials = MAX_CREDENTIALS,
	) {}

	/** The remembered token when it is fresh and every presented token matches it, else undefined. */
	confirmed(credentialId: string, presented: readonly string[], now: number): string | undefined {
		const entry = this.byCredential.get(credentialId);
		if (entry === undefined) return undefined;
		if (now - entry.readAt >= this.reuseMs || now < entry.readAt) {
			this.byCredential.delete(credentialId);
			return undefined;
		}
		return checkTokens(presented, entry.token) === 'ok' ? entry.token : undefined;
	}

	/** Records what the credential holds now (`undefined`: no token, nothing to remember). */
	remember(credentialId: string, token: string | undefined, now: number): void {
		this.byCredential.delete(credentialId);
		if (token === undefined || token === '') return;
		if (this.byCredential.size >= this.maxCredentials) this.forgetExpired(now);
		if (this.byCredential.size >= this.maxCredentials) {
			// Oldest first: a Map iterates in insertion order.
			const oldest = this.byCredential.keys().next();
			if (oldest.done !== true) this.byCredential.delete(oldest.value);
		}
		this.byCredential.set(credentialId, { token, readAt: now });
	}

	get size(): number {
		return this.byCredential.size;
	}

	private forgetExpired(now: number): void {
		for (const [credentialId, entry] of this.byCredential) {
			if (now - entry.readAt >= this.reuseMs) this.byCredential.delete(credentialId);
		}
	}
}
