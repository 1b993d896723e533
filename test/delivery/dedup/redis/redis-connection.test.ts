import net from 'node:net';

import { RedisConnection, RedisUnavailableError } from '../../../../nodes/delivery/dedup/redis/redis-connection';
import { keepConnectedWhile, PROCESS_CLIENT_NAME, redisConnection } from '../../../../nodes/delivery/dedup/redis/redis-connections';
import { deleteRedisKeys, describeWithRedis, LOCAL_REDIS, uniquePrefix } from '../../../helpers/redis';

const TESTS = [
	'runs commands and pipelines concurrent ones in order',
	'selects the database of the settings',
	'says Redis refused AUTH without repeating the password',
	'fails a command that gets no answer in time, and the connection with it',
	'says there is no Redis where nothing listens',
	'reuses one connection per settings and opens a new one after a failure',
	'while held, a killed connection is opened again at once under the process\'s name; once released, it is not',
];

describeWithRedis('RedisConnection (real Redis on 127.0.0.1:6379)', TESTS, () => {
	const prefix = uniquePrefix();
	const opened: RedisConnection[] = [];
	const open = async (settings = LOCAL_REDIS) => {
		const connection = await RedisConnection.open(settings, 2_000);
		opened.push(connection);
		return connection;
	};

	afterAll(async () => {
		for (const connection of opened) connection.close();
		await deleteRedisKeys(prefix);
	});

	it(TESTS[0], async () => {
		const connection = await open();
		expect(await connection.command(['PING'], 1_000)).toBe('PONG');
		const replies = await Promise.all(
			Array.from({ length: 200 }, (_, i) => connection.command(['SET', `${prefix}k${i}`, `v${i}`, 'PX', '60000', 'GET'], 1_000)),
		);
		expect(replies.every((reply) => reply === null)).toBe(true);
		const values = await Promise.all(Array.from({ length: 200 }, (_, i) => connection.command(['GET', `${prefix}k${i}`], 1_000)));
		expect(values).toEqual(Array.from({ length: 200 }, (_, i) => `v${i}`));
		expect(await connection.command(['INCRBY', `${prefix}n`, '5'], 1_000)).toBe(5);
		expect(await connection.command(['NO-SUCH-COMMAND'], 1_000)).toEqual({ error: expect.stringMatching(/^ERR unknown command/) });
	});

	it(TESTS[1], async () => {
		const zero = await open();
		const three = await open({ ...LOCAL_REDIS, database: 3 });
		await three.command(['SET', `${prefix}db`, 'three', 'PX', '60000'], 1_000);
		expect(await three.command(['GET', `${prefix}db`], 1_000)).toBe('three');
		expect(await zero.command(['GET', `${prefix}db`], 1_000)).toBeNull();
		await three.command(['DEL', `${prefix}db`], 1_000);
	});

	it(TESTS[2], async () => {
		const password = 'not-the-password-0123456789';
		const error = await RedisConnection.open({ ...LOCAL_REDIS, password }, 2_000).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(RedisUnavailableError);
		expect(String(error)).toMatch(/Redis refused AUTH/);
		expect(String(error)).not.toContain(password);
	});

	it(TESTS[3], async () => {
		// A server that accepts the connection and never answers.
		const silent = net.createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const port = (silent.address() as net.AddressInfo).port;
		try {
			const connection = await RedisConnection.open({ ...LOCAL_REDIS, port }, 1_000);
			const error = await connection.command(['PING'], 200).catch((e: unknown) => e);
			expect(String(error)).toMatch(/did not answer PING within 200 ms/);
			expect(connection.isOpen).toBe(false);
			await expect(connection.command(['PING'], 200)).rejects.toThrow(RedisUnavailableError);
		} finally {
			silent.close();
		}
	});

	it(TESTS[4], async () => {
		const free = net.createServer();
		await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
		const port = (free.address() as net.AddressInfo).port;
		await new Promise<void>((resolve) => free.close(() => resolve()));
		await expect(RedisConnection.open({ ...LOCAL_REDIS, port }, 1_000)).rejects.toThrow(/No connection to Redis at 127.0.0.1:\d+/);
	});

	it(TESTS[5], async () => {
		const settings = { ...LOCAL_REDIS, database: 2 };
		const [a, b] = await Promise.all([redisConnection(settings, 1_000), redisConnection(settings, 1_000)]);
		expect(a).toBe(b);
		a.close();
		const c = await redisConnection(settings, 1_000);
		expect(c).not.toBe(a);
		expect(await c.command(['PING'], 1_000)).toBe('PONG');
		opened.push(c);
	});

	it(TESTS[6], async () => {
		// Database 5: settings of their own, so that the connection is this test's.
		const settings = { ...LOCAL_REDIS, database: 5 };
		const admin = await open();
		const ours = async (): Promise<string[]> => {
			const list = await admin.command(['CLIENT', 'LIST'], 1_000);
			const lines = typeof list === 'string' ? list.split('\n') : [];
			return lines.filter((line) => line.includes(`name=${PROCESS_CLIENT_NAME} `) && line.includes(' db=5 ')).map((line) => /\bid=(\d+)/.exec(line)?.[1] ?? '');
		};
		const killOurs = async () => {
			for (const id of await ours()) await admin.command(['CLIENT', 'KILL', 'ID', id], 1_000);
		};
		const waitFor = async (wanted: boolean, ms: number) => {
			const until = Date.now() + ms;
			while (Date.now() < until && (await ours()).length > 0 !== wanted) await new Promise((resolve) => setTimeout(resolve, 50));
			return (await ours()).length > 0;
		};

		const release = keepConnectedWhile(settings, 2_000);
		expect(await waitFor(true, 2_000)).toBe(true);
		const before = await ours();
		await killOurs();
		// Opened again by itself, with no command sent: a repeat asking CLIENT LIST sees the process alive.
		expect(await waitFor(true, 2_000)).toBe(true);
		expect((await ours()).some((id) => before.includes(id))).toBe(false);
		release();
		await killOurs();
		expect(await waitFor(true, 1_000)).toBe(false);
		// The next use opens it as before.
		expect(await (await redisConnection(settings, 2_000)).command(['PING'], 1_000)).toBe('PONG');
		(await redisConnection(settings, 2_000)).close();
	});
});
