/**
 * The downstream system of the "downstream failure" scenario: a local HTTP server that takes
 * `POST /deliver` with `{"messageId": ...}` from n8n's HTTP Request node, can be made to fail
 * (500) or to be slow, and counts attempts and successful deliveries per message id.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export class DeliveryReceiver {
	/** While true, every delivery is answered 500 (and not counted as delivered). */
	failing = false;
	/** Each answer waits this long (to keep a workflow running). */
	delayMs = 0;
	readonly attempts = new Map<string, number>();
	readonly deliveries = new Map<string, number>();

	private constructor(private readonly server: http.Server) {}

	static async start(): Promise<DeliveryReceiver> {
		const server = http.createServer();
		const receiver = new DeliveryReceiver(server);
		server.on('request', (request, response) => receiver.handle(request, response));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		return receiver;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/deliver`;
	}

	/** How many ids were delivered more than once (must stay 0). */
	get deliveredTwice(): string[] {
		return [...this.deliveries].filter(([, count]) => count > 1).map(([id]) => id);
	}

	private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			let messageId = '?';
			try {
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messageId?: unknown };
				if (typeof body.messageId === 'string') messageId = body.messageId;
			} catch {
				// counted under '?'
			}
			this.attempts.set(messageId, (this.attempts.get(messageId) ?? 0) + 1);
			// The state at arrival decides the answer, so a test can switch it while one waits.
			const failing = this.failing;
			setTimeout(() => {
				if (failing) {
					response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"downstream is down"}');
					return;
				}
				this.deliveries.set(messageId, (this.deliveries.get(messageId) ?? 0) + 1);
				response.writeHead(200, { 'content-type': 'application/json' }).end('{"delivered":true}');
			}, this.delayMs);
		});
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
