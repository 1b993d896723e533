import { N8nRestSession, PublicApi } from './api';
import { N8nInstance, type N8nInstanceOptions } from './instance';

/** A started n8n with its owner set up and a public-API key. */
export interface LaunchedN8n {
	instance: N8nInstance;
	session: N8nRestSession;
	api: PublicApi;
	/** Milliseconds from spawn to readiness, and for the whole launch (folder, install, owner, key). */
	times: { readyMs: number; launchMs: number };
}

/**
 * Creates an instance (installing `options.tarball` if given), starts it, sets up the owner and
 * makes an API key. On failure nothing is left running. Dispose with `launched.instance.dispose()`.
 */
export async function launchN8n(options: N8nInstanceOptions = {}): Promise<LaunchedN8n> {
	const began = Date.now();
	const instance = await N8nInstance.create(options);
	try {
		const { readyMs } = await instance.start();
		const session = await N8nRestSession.setupOwner(instance.baseUrl);
		const api = new PublicApi(instance.baseUrl, await session.createApiKey());
		return { instance, session, api, times: { readyMs, launchMs: Date.now() - began } };
	} catch (error) {
		await instance.dispose();
		throw error;
	}
}
