/**
 * One TCP (or TLS) connection to Redis, speaking RESP2. Commands are pipelined: each is written
 * at once and its reply is the next one to arrive, in order. A command that gets no reply in
 * time fails, and so does the connection (a late reply would be taken for the next command's);
 * so does every command when the connection drops. The caller opens a new one then.
 *
 * Why a client of our own: a community package installed from n8n's UI gets no runtime
 * dependencies, so no Redis library; the store needs five commands.
 */
import net from 'node:net';
import tls from 'node:tls';

import { encodeCommand, isErrorReply, RespReader, type RedisReply } from './resp';

export interface RedisSettings {
	host: string;
	port: number;
	/** SELECT this database after connecting (0 is Redis's default). */
	database: number;
	/** ACL user (Redis 6+); empty for the default user. */
	user: string;
	/** AUTH with it when not empty. */
	password: string;
	tls: boolean;
	/** With TLS: accept a certificate that does not verify (self-signed). */
	allowUnverifiedCertificate: boolean;
}

/** A failure talking to Redis. Its message never holds the password or a key. */
export class RedisUnavailableError extends Error {}

interface Waiter {
	resolve: (reply: RedisReply) => void;
	reject: (error: Error) => void;
}

export class RedisConnection {
	private readonly reader = new RespReader();
	private readonly waiting: Waiter[] = [];
	private failure: Error | undefined;
	private markClosed: () => void = () => undefined;
	/** Resolves once the connection has failed or been closed (it is never used again then). */
	readonly closed = new Promise<void>((resolve) => {
		this.markClosed = resolve;
	});

	private constructor(private readonly socket: net.Socket) {
		socket.setNoDelay(true);
		// An idle connection kept for the next request must not keep its host process alive.
		socket.unref();
		socket.on('data', (chunk: Buffer) => this.receive(chunk));
		socket.on('error', (error) => this.fail(new RedisUnavailableError(`Redis connection failed: ${error.message}`)));
		socket.on('close', () => this.fail(new RedisUnavailableError('Redis closed the connection')));
	}

	/**
	 * The name this connection gave itself with CLIENT SETNAME (see `open`), or undefined when it
	 * has none (no name asked for, or Redis refused the command).
	 */
	clientName: string | undefined;

	/**
	 * Connects, authenticates and selects the database, within `timeoutMs` for each step. With a
	 * `clientName`, names the connection too (CLIENT SETNAME), so that others can tell from
	 * CLIENT LIST whether it is still connected; a Redis that refuses the name is still used.
	 */
	static async open(settings: RedisSettings, timeoutMs: number, clientName?: string): Promise<RedisConnection> {
		const socket = settings.tls
			? tls.connect({ host: settings.host, port: settings.port, servername: settings.host, rejectUnauthorized: !settings.allowUnverifiedCertificate })
			: net.connect({ host: settings.host, port: settings.port });
		await new Promise<void>((resolve, reject) => {
			const signal = AbortSignal.timeout(timeoutMs);
			const onAbort = () => {
				socket.destroy();
				reject(new RedisUnavailableError(`No connection to Redis at ${settings.host}:${settings.port} within ${timeoutMs} ms`));
			};
			signal.addEventListener('abort', onAbort, { once: true });
			socket.once(settings.tls ? 'secureConnect' : 'connect', () => {
				signal.removeEventListener('abort', onAbort);
				resolve();
			});
			socket.once('error', (error) => {
				signal.removeEventListener('abort', onAbort);
				socket.destroy();
				reject(new RedisUnavailableError(`No connection to Redis at ${settings.host}:${settings.port}: ${error.message}`));
			});
		});
		const connection = new RedisConnection(socket);
		const refused = await connection.introduce(settings, timeoutMs);
		if (refused) {
			connection.close();
			throw refused;
		}
		if (clientName !== undefined) {
			const reply = await connection.command(['CLIENT', 'SETNAME', clientName], timeoutMs).catch(() => undefined);
			if (reply === 'OK') connection.clientName = clientName;
		}
		return connection;
	}

	/** AUTH and SELECT as the settings say; the error when Redis refused or did not answer. */
	private async introduce(settings: RedisSettings, timeoutMs: number): Promise<Error | undefined> {
		const steps: string[][] = [];
		if (settings.password !== '') steps.push(settings.user !== '' ? ['AUTH', settings.user, settings.password] : ['AUTH', settings.password]);
		if (settings.database !== 0) steps.push(['SELECT', String(settings.database)]);
		for (const step of steps) {
			const outcome = await this.command(step, timeoutMs).then(
				(reply) => (isErrorReply(reply) ? new RedisUnavailableError(`Redis refused ${step[0]}: ${reply.error}`) : undefined),
				(error: unknown) => (error instanceof Error ? error : new RedisUnavailableError(`Redis did not answer ${step[0]}`)),
			);
			if (outcome) return outcome;
		}
		return undefined;
	}

	get isOpen(): boolean {
		return this.failure === undefined;
	}

	/** Sends one command; resolves with its reply (error replies included, as values). */
	command(args: readonly string[], timeoutMs: number): Promise<RedisReply> {
		if (this.failure) return Promise.reject(this.failure);
		return new Promise<RedisReply>((resolve, reject) => {
			const signal = AbortSignal.timeout(timeoutMs);
			const onAbort = () => this.fail(new RedisUnavailableError(`Redis did not answer ${args[0]} within ${timeoutMs} ms`));
			signal.addEventListener('abort', onAbort, { once: true });
			this.waiting.push({
				resolve: (reply) => {
					signal.removeEventListener('abort', onAbort);
					resolve(reply);
				},
				reject: (error) => {
					signal.removeEventListener('abort', onAbort);
					reject(error);
				},
			});
			this.socket.write(encodeCommand(args));
		});
	}

	/** As `command`, but an error reply throws (without echoing the command's arguments). */
	async commandOrThrow(args: readonly string[], timeoutMs: number): Promise<RedisReply> {
		const reply = await this.command(args, timeoutMs);
		if (isErrorReply(reply)) throw new RedisUnavailableError(`Redis refused ${args[0]}: ${reply.error}`);
		return reply;
	}

	close(): void {
		this.fail(new RedisUnavailableError('The Redis connection was closed'));
	}

	private receive(chunk: Buffer): void {
		let replies: RedisReply[];
		try {
			replies = this.reader.push(chunk);
		} catch (error) {
			this.fail(new RedisUnavailableError(`Redis sent something that is not RESP2: ${error instanceof Error ? error.message : 'unknown'}`));
			return;
		}
		for (const reply of replies) this.waiting.shift()?.resolve(reply);
	}

	/** Fails every waiting command and closes the socket; later commands fail at once. */
	private fail(error: Error): void {
		this.failure ??= error;
		this.socket.destroy();
		this.markClosed();
		for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
	}
}
