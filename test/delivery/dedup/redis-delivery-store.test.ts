import { RedisConnection } from '../../../nodes/delivery/dedup/redis/redis-connection';
import { RedisDeliveryStore, type RedisStoreSettings } from '../../../nodes/delivery/dedup/redis-delivery-store';
import { deleteRedisKeys, describeWithRedis, LOCAL_REDIS, uniquePrefix } from '../../helpers/redis';

const TESTS = [
	'claims a notification once; once accepted, a repeat is a duplicate',
	'a pending claim is in progress for everyone else; released, it can be claimed again',
	'releasing a claim never deletes a claim another store took after ours lapsed',
	'forgets a delivery after the window, and a pending claim after its time to live',
	'whenSettled returns once another store settles the claim, or after the time-out',
	'two stores on two connections claiming one id at the same moment: exactly one wins, 300 times over',
];

describeWithRedis('RedisDeliveryStore (real Redis on 127.0.0.1:6379)', TESTS, () => {
	const prefix = uniquePrefix();
	const connections: RedisConnection[] = [];
	let one: RedisConnection;
	let two: RedisConnection;

	const settings = (overrides: Partial<RedisStoreSettings> = {}): RedisStoreSettings => ({
		prefix,
		windowMs: 60_000,
		pendingTtlMs: 30_000,
		commandTimeoutMs: 2_000,
		pollMs: 20,
		...overrides,
	});
	const storeOn = (connection: RedisConnection, overrides?: Partial<RedisStoreSettings>) =>
		new RedisDeliveryStore(async () => connection, settings(overrides));

	beforeAll(async () => {
		one = await RedisConnection.open(LOCAL_REDIS, 2_000);
		two = await RedisConnection.open(LOCAL_REDIS, 2_000);
		connections.push(one, two);
	});

	afterAll(async () => {
		for (const connection of connections) connection.close();
		await deleteRedisKeys(prefix);
	});

	it(TESTS[0], async () => {
		const first = storeOn(one);
		expect(await first.claim('m1', Date.now())).toBe('new');
		await first.settle('m1', true);
		expect(await storeOn(two).claim('m1', Date.now())).toBe('duplicate');
		expect(await one.command(['PTTL', `${prefix}m1`], 1_000)).toBeGreaterThan(59_000);
	});

	it(TESTS[1], async () => {
		const first = storeOn(one);
		expect(await first.claim('m2', Date.now())).toBe('new');
		expect(await storeOn(two).claim('m2', Date.now())).toBe('in-progress');
		await first.settle('m2', false);
		expect(await one.command(['EXISTS', `${prefix}m2`], 1_000)).toBe(0);
		expect(await storeOn(two).claim('m2', Date.now())).toBe('new');
	});

	it(TESTS[2], async () => {
		const lapsing = storeOn(one, { pendingTtlMs: 100 });
		expect(await lapsing.claim('m3', Date.now())).toBe('new');
		await new Promise((resolve) => setTimeout(resolve, 250));
		const taker = storeOn(two);
		expect(await taker.claim('m3', Date.now())).toBe('new');
		await lapsing.settle('m3', false);
		expect(await storeOn(one).claim('m3', Date.now())).toBe('in-progress');
		await taker.settle('m3', true);
		expect(await storeOn(one).claim('m3', Date.now())).toBe('duplicate');
	});

	it(TESTS[3], async () => {
		const short = storeOn(one, { windowMs: 100, pendingTtlMs: 100 });
		expect(await short.claim('m4', Date.now())).toBe('new');
		await short.settle('m4', true);
		expect(await storeOn(two).claim('m4', Date.now())).toBe('duplicate');
		expect(await short.claim('m5', Date.now())).toBe('new');
		await new Promise((resolve) => setTimeout(resolve, 250));
		expect(await storeOn(two).claim('m4', Date.now())).toBe('new');
		expect(await storeOn(two).claim('m5', Date.now())).toBe('new');
	});

	it(TESTS[4], async () => {
		const first = storeOn(one);
		expect(await first.claim('m6', Date.now())).toBe('new');
		const waiter = storeOn(two);
		const began = Date.now();
		const waiting = waiter.whenSettled('m6', 5_000);
		await new Promise((resolve) => setTimeout(resolve, 100));
		await first.settle('m6', true);
		await waiting;
		expect(Date.now() - began).toBeLessThan(5_000);
		expect(await waiter.claim('m6', Date.now())).toBe('duplicate');

		expect(await storeOn(one).claim('m7', Date.now())).toBe('new');
		const timedOut = Date.now();
		await storeOn(two).whenSettled('m7', 150);
		expect(Date.now() - timedOut).toBeGreaterThanOrEqual(140);
		expect(await storeOn(two).claim('m7', Date.now())).toBe('in-progress');
	});

	it(TESTS[5], async () => {
		const rounds = 300;
		const outcomes = await Promise.all(
			Array.from({ length: rounds }, async (_, i) => {
				const key = `race-${i}`;
				const [a, b] = await Promise.all([storeOn(one).claim(key, Date.now()), storeOn(two).claim(key, Date.now())]);
				return [a, b].sort().join('+');
			}),
		);
		const tally: Record<string, number> = {};
		for (const outcome of outcomes) tally[outcome] = (tally[outcome] ?? 0) + 1;
		expect(tally).toEqual({ 'in-progress+new': rounds });
	});
});
