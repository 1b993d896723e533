/**
 * A small round-robin HTTP proxy in front of the `n8n webhook` processes, as a load balancer
 * would be: each request goes to the next upstream in turn, on a connection of its own.
 *
 * With `retry: 'connect'`, a request whose upstream refuses the connection (the process is dead)
 * is sent to the next upstream instead, as nginx's `proxy_next_upstream error` does. A request
 * that was already sent when its upstream failed is not retried (a POST is not idempotent, and
 * nginx does not retry it either): its sender gets a 502, as from a load balancer.
 *
 * Every answer carries `x-upstream: <index>` (which process answered) and `x-upstream-tries`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyOptions {
	/** Upstream base URLs, e.g. `http://127.0.0.1:5678`. */
	upstreams: readonly string[];
	/** `'connect'`: a refused connection goes to the next upstream; `'none'`: it is a 502. */
	retry?: 'connect' | 'none';
}

export interface ProxyCounts {
	/** Requests sent to each upstream (retries included). */
	sent: number[];
	/** Requests moved to another upstream after a refused connection. */
	retried: number;
	/** Requests answered 502 by the proxy. */
	failed: number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function forwardHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
	return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

export class RoundRobinProxy {
	readonly counts: ProxyCounts;
	retry: 'connect' | 'none';
	private next = 0;

	private constructor(
		private readonly server: http.Server,
		readonly upstreams: readonly string[],
		retry: 'connect' | 'none',
	) {
		this.retry = retry;
		this.counts = { sent: upstreams.map(() => 0), retried: 0, failed: 0 };
	}

	static async start(options: ProxyOptions): Promise<RoundRobinProxy> {
		const server = http.createServer();
		const proxy = new RoundRobinProxy(server, options.upstreams, options.retry ?? 'connect');
		server.on('request', (request, response) => proxy.handle(request, response));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		return proxy;
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const first = this.next;
			this.next = (this.next + 1) % this.upstreams.length;
			this.forward(request, Buffer.concat(chunks), response, first, 1);
		});
	}

	private forward(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse, index: number, tries: number): void {
		this.counts.sent[index] += 1;
		const target = new URL(request.url ?? '/', this.upstreams[index]);
		let connected = false;
		const upstream = http.request(
			target,
			{ method: request.method, headers: { ...forwardHeaders(request.headers), 'content-length': body.length }, agent: false },
			(answer) => {
				const headers = forwardHeaders(answer.headers);
				response.writeHead(answer.statusCode ?? 502, { ...headers, 'x-upstream': String(index), 'x-upstream-tries': String(tries) });
				answer.pipe(response);
				answer.on('error', () => response.destroy());
			},
		);
		upstream.on('socket', (socket) => socket.once('connect', () => (connected = true)));
		upstream.on('error', (error) => {
			if (response.headersSent) {
				response.destroy();
				return;
			}
			if (!connected && this.retry === 'connect' && tries < this.upstreams.length) {
				this.counts.retried += 1;
				this.forward(request, body, response, (index + 1) % this.upstreams.length, tries + 1);
				return;
			}
			this.counts.failed += 1;
			response
				.writeHead(502, { 'content-type': 'text/plain', 'x-upstream': String(index), 'x-upstream-tries': String(tries) })
				.end(`Bad gateway: ${error.message}`);
		});
		upstream.end(body);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
