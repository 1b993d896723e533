/**
 * Requests cut short on purpose, over a raw TCP socket: a declared Content-Length that never
 * arrives, headers without a body, half a body then a reset. Resolves with whatever came back
 * (often nothing) once the socket is closed or after `waitMs`.
 */
import net from 'node:net';

import type { Abort } from './bad-input-corpus';

export interface RawExchange {
	/** The bytes received, as text (empty when n8n answered nothing). */
	received: string;
	/** The status line's code, when an answer began. */
	status: number | undefined;
}

export function sendAborted(url: string, headers: Record<string, string>, body: Buffer, abort: Abort, waitMs = 2_000): Promise<RawExchange> {
	const target = new URL(url);
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		const socket = net.connect(Number(target.port), target.hostname);
		let settled = false;
		const finish = () => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.destroy();
			const received = Buffer.concat(chunks).toString('utf8');
			const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
			resolve({ received, status: match ? Number(match[1]) : undefined });
		};
		const timer = setTimeout(finish, waitMs);
		socket.on('data', (chunk: Buffer) => chunks.push(chunk));
		socket.on('error', finish);
		socket.on('close', finish);
		socket.on('connect', () => {
			const declared = abort === 'declared-length-not-sent' ? body.length + 100 : body.length;
			const head = [`POST ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, `Content-Length: ${declared}`];
			for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
			socket.write(`${head.join('\r\n')}\r\n\r\n`);
			if (abort === 'headers-only') {
				setTimeout(() => socket.end(), 200);
			} else if (abort === 'declared-length-not-sent') {
				socket.write(body);
				setTimeout(() => socket.end(), 200);
			} else {
				socket.write(body.subarray(0, Math.floor(body.length / 2)));
				setTimeout(() => socket.resetAndDestroy(), 200);
			}
		});
	});
}
