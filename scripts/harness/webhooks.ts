import { httpRequest } from './http';
import { waitFor } from './wait';

/**
 * Whether n8n has a live webhook for `method` at `url`, asked without running it: a CORS
 * preflight (OPTIONS with Origin and Access-Control-Request-Method), which n8n 2.41.1 answers
 * from its webhook registry with `Access-Control-Allow-Methods: OPTIONS, <methods>` (and 500
 * with only `OPTIONS` for a path it does not know).
 */
export async function isWebhookLive(url: string, method = 'POST'): Promise<boolean> {
	const response = await httpRequest(url, {
		method: 'OPTIONS',
		headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
		timeoutMs: 5_000,
	});
	const allowed = String(response.headers['access-control-allow-methods'] ?? '')
		.split(',')
		.map((m) => m.trim().toUpperCase());
	return allowed.includes(method.toUpperCase());
}

/**
 * Waits until n8n serves `url` for every method in `methods`. Needed after publishing: n8n 2.41.1
 * answers `POST /api/v1/workflows/<id>/publish` before it registers the webhooks (a publication
 * outbox applies it a few hundred milliseconds later).
 */
export async function waitForWebhook(url: string, methods: readonly string[] = ['POST'], timeoutMs = 30_000): Promise<void> {
	await waitFor(
		async () => {
			for (const method of methods) if (!(await isWebhookLive(url, method))) return undefined;
			return true;
		},
		{ timeoutMs, intervalMs: 100, description: `${methods.join('/')} ${url} to be registered` },
	);
}
