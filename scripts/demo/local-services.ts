/**
 * Stand-ins for the services the example workflows talk to, on 127.0.0.1: an SMTP server that
 * keeps (and can print) every mail, and an HTTP receiver that keeps every request and answers
 * Slack incoming-webhook posts with `ok`. Used by the examples' end-to-end test and by
 * `npm run demo` (the Redox API stand-in is scripts/stand-ins/redox-api.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	/** SMTP envelope: what the server was really asked to deliver. */
	envelopeFrom: string | null;
	envelopeTo: string[];
	from: string;
	to: string;
	subject: string;
	text: string;
	receivedAt: Date;
}

export interface MailServer {
	port: number;
	mails: ReceivedMail[];
	/** Resolves once `count` mails have arrived (rejects after `timeoutMs`). */
	waitForMails(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
	close(): Promise<void>;
}

function addressText(value: { text: string } | Array<{ text: string }> | undefined): string {
	if (!value) return '';
	return Array.isArray(value) ? value.map((v) => v.text).join(', ') : value.text;
}

/** Resolves when `condition()` holds, polling every 50 ms. */
async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/**
 * An SMTP server without TLS and with optional authentication (any user and password pass), as
 * n8n's SMTP credential reaches it with `secure: false` and STARTTLS disabled.
 */
export async function startMailServer(
	options: { port?: number; onMail?: (mail: ReceivedMail) => void } = {},
): Promise<MailServer> {
	const mails: ReceivedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onAuth(_auth, _session, callback) {
			callback(null, { user: 'demo' });
		},
		onData(stream, session, callback) {
			simpleParser(stream)
				.then((parsed) => {
					const mail: ReceivedMail = {
						envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
						envelopeTo: session.envelope.rcptTo.map((r) => r.address),
						from: addressText(parsed.from),
						to: addressText(parsed.to),
						subject: parsed.subject ?? '',
						text: parsed.text ?? '',
						receivedAt: new Date(),
					};
					mails.push(mail);
					options.onMail?.(mail);
					callback();
				})
				.catch((error: Error) => callback(error));
		},
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.server.address() as AddressInfo).port;
	return {
		port,
		mails,
		async waitForMails(count, timeoutMs = 20_000) {
			await until(() => mails.length >= count, timeoutMs, `${count} mails (have ${mails.length})`);
			return mails.slice(0, count);
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
	/** The body parsed as JSON, when it is JSON. */
	json: unknown;
	receivedAt: Date;
}

export interface HttpReceiver {
	port: number;
	baseUrl: string;
	/** Slack incoming-webhook URL served by the receiver. */
	slackWebhookUrl: string;
	requests: ReceivedRequest[];
	waitForRequests(filter: (r: ReceivedRequest) => boolean, count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
	close(): Promise<void>;
}

export const SLACK_WEBHOOK_PATH = '/slack/services/T00000000/B00000000/local-receiver';

/**
 * An HTTP server that records every request. `POST <SLACK_WEBHOOK_PATH>` answers `ok` (as Slack
 * does); anything else 404.
 */
export async function startHttpReceiver(
	options: { port?: number; onRequest?: (request: ReceivedRequest) => void } = {},
): Promise<HttpReceiver> {
	const requests: ReceivedRequest[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			let json: unknown;
			try {
				json = body ? JSON.parse(body) : undefined;
			} catch {
				json = undefined;
			}
			const path = req.url ?? '/';
			const request: ReceivedRequest = {
				method: req.method ?? 'GET',
				path,
				headers: req.headers,
				body,
				json,
				receivedAt: new Date(),
			};
			requests.push(request);
			options.onRequest?.(request);
			if (request.method === 'POST' && path === SLACK_WEBHOOK_PATH) {
				res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
			} else {
				res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const baseUrl = `http://127.0.0.1:${port}`;
	return {
		port,
		baseUrl,
		slackWebhookUrl: `${baseUrl}${SLACK_WEBHOOK_PATH}`,
		requests,
		async waitForRequests(filter, count, timeoutMs = 20_000) {
			await until(() => requests.filter(filter).length >= count, timeoutMs, `${count} matching requests`);
			return requests.filter(filter);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
