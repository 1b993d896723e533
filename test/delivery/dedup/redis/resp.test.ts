import { encodeCommand, isErrorReply, RespProtocolError, RespReader } from '../../../../nodes/delivery/dedup/redis/resp';

describe('RESP2', () => {
	it('encodes a command as an array of bulk strings, lengths in bytes', () => {
		expect(encodeCommand(['SET', 'k', 'é']).toString('utf8')).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
		expect(encodeCommand([]).toString()).toBe('*0\r\n');
	});

	it('reads every reply type', () => {
		const reader = new RespReader();
		const replies = reader.push(Buffer.from('+OK\r\n-ERR bad\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$1\r\na\r\n*1\r\n:1\r\n*-1\r\n$0\r\n\r\n'));
		expect(replies).toEqual(['OK', { error: 'ERR bad' }, 42, 'hello', null, ['a', [1]], null, '']);
		expect(isErrorReply(replies[1])).toBe(true);
		expect(isErrorReply(replies[0])).toBe(false);
	});

	it('waits for the rest of a reply split across chunks, byte by byte', () => {
		const reader = new RespReader();
		const bytes = Buffer.from('*2\r\n$4\r\nab\r\n\r\n:7\r\n+PONG\r\n');
		const replies = [];
		for (const byte of bytes) replies.push(...reader.push(Buffer.from([byte])));
		expect(replies).toEqual([['ab\r\n', 7], 'PONG']);
	});

	it('rejects bytes that are not RESP2', () => {
		expect(() => new RespReader().push(Buffer.from('HTTP/1.1 200 OK\r\n'))).toThrow(RespProtocolError);
		expect(() => new RespReader().push(Buffer.from('$-7\r\n'))).toThrow(RespProtocolError);
	});
});
