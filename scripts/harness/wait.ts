/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface WaitOptions {
	timeoutMs?: number;
	intervalMs?: number;
	/** Says what was awaited when the wait times out. */
	description?: string;
}

/**
 * Calls `probe` until it returns something other than `undefined`, and returns that. Errors
 * thrown by `probe` count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(
	probe: () => Promise<T | undefined> | T | undefined,
	{ timeoutMs = 30_000, intervalMs = 100, description = 'condition' }: WaitOptions = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() >= deadline) {
			const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
		}
		await sleep(intervalMs);
	}
}
