/**
 * RESP2, the Redis wire protocol, as much of it as the duplicate store needs: commands go out as
 * arrays of bulk strings; replies come back as simple strings, errors, integers, bulk strings
 * (possibly null) and arrays. Pure: bytes in, values out.
 */

/** An error reply (`-ERR ...`): kept as a value, the caller decides whether it throws. */
export interface RedisErrorReply {
	error: string;
}

export type RedisReply = string | number | null | RedisErrorReply | RedisReply[];

export function isErrorReply(reply: RedisReply): reply is RedisErrorReply {
	return typeof reply === 'object' && reply !== null && !Array.isArray(reply);
}

/** `*<n>\r\n` then `$<len>\r\n<bytes>\r\n` per argument. */
export function encodeCommand(args: readonly string[]): Buffer {
	const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
	for (const arg of args) {
		const bytes = Buffer.from(arg, 'utf8');
		parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
	}
	return Buffer.concat(parts);
}

/** Thrown for bytes that are not RESP2: the connection cannot be trusted after that. */
export class RespProtocolError extends Error {}

interface Parsed {
	value: RedisReply;
	end: number;
}

/** Parses one reply at `start`; `undefined` when the buffer does not hold all of it yet. */
function parseAt(buffer: Buffer, start: number): Parsed | undefined {
	const lineEnd = buffer.indexOf('\r\n', start);
	if (lineEnd === -1) return undefined;
	const type = String.fromCharCode(buffer[start]);
	const line = buffer.toString('utf8', start + 1, lineEnd);
	const next = lineEnd + 2;
	switch (type) {
		case '+':
			return { value: line, end: next };
		case '-':
			return { value: { error: line }, end: next };
		case ':':
			return { value: Number(line), end: next };
		case '$': {
			const length = Number(line);
			if (!Number.isInteger(length) || length < -1) throw new RespProtocolError('Bad bulk length');
			if (length === -1) return { value: null, end: next };
			if (buffer.length < next + length + 2) return undefined;
			return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
		}
		case '*': {
			const count = Number(line);
			if (!Number.isInteger(count) || count < -1) throw new RespProtocolError('Bad array length');
			if (count === -1) return { value: null, end: next };
			const items: RedisReply[] = [];
			let at = next;
			for (let i = 0; i < count; i += 1) {
				const item = parseAt(buffer, at);
				if (!item) return undefined;
				items.push(item.value);
				at = item.end;
			}
			return { value: items, end: at };
		}
		default:
			throw new RespProtocolError(`Unexpected reply type ${JSON.stringify(type)}`);
	}
}

/** Collects bytes as they arrive and hands out every complete reply, in order. */
export class RespReader {
	private pending: Buffer = Buffer.alloc(0);

	push(chunk: Buffer): RedisReply[] {
		this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
		const replies: RedisReply[] = [];
		let at = 0;
		for (;;) {
			const parsed = at < this.pending.length ? parseAt(this.pending, at) : undefined;
			if (!parsed) break;
			replies.push(parsed.value);
			at = parsed.end;
		}
		this.pending = this.pending.subarray(at);
		return replies;
	}
}
