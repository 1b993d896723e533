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
	'an execution marked running in a live process: a repeat is "running"; once that process is gone, the repeat claims it anew',
	'the end of a running execution: succeeded, a repeat is a duplicate (whatever the key held); failed, a repeat claims it, and a mark replaced since is left alone',
	'settling the webhook\'s pending claim never overwrites the running mark of the execution it started',
	'an unnamed connection cannot mark executions; an odd CLIENT LIST answer counts the runner as alive',
	'a pending claim names its process; a repeat takes it over only once that process is gone and the claim is old enough',
	'a failed delivery (n8n\'s error answer) keeps its claim orphanedClaimMs more, or leaves the running mark a worker set meanwhile; a refused one is released at once',
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
		orphanedClaimMs: 10_000,
		runningTtlMs: 45_000,
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
		await first.settle('m1', 'accepted');
		expect(await storeOn(two).claim('m1', Date.now())).toBe('duplicate');
		expect(await one.command(['PTTL', `${prefix}m1`], 1_000)).toBeGreaterThan(59_000);
	});

	it(TESTS[1], async () => {
		const first = storeOn(one);
		expect(await first.claim('m2', Date.now())).toBe('new');
		expect(await storeOn(two).claim('m2', Date.now())).toBe('in-progress');
		await first.settle('m2', 'refused');
		expect(await one.command(['EXISTS', `${prefix}m2`], 1_000)).toBe(0);
		expect(await storeOn(two).claim('m2', Date.now())).toBe('new');
	});

	it(TESTS[2], async () => {
		const lapsing = storeOn(one, { pendingTtlMs: 100 });
		expect(await lapsing.claim('m3', Date.now())).toBe('new');
		await new Promise((resolve) => setTimeout(resolve, 250));
		const taker = storeOn(two);
		expect(await taker.claim('m3', Date.now())).toBe('new');
		await lapsing.settle('m3', 'refused');
		expect(await storeOn(one).claim('m3', Date.now())).toBe('in-progress');
		await taker.settle('m3', 'accepted');
		expect(await storeOn(one).claim('m3', Date.now())).toBe('duplicate');
	});

	it(TESTS[3], async () => {
		const short = storeOn(one, { windowMs: 100, pendingTtlMs: 100 });
		expect(await short.claim('m4', Date.now())).toBe('new');
		await short.settle('m4', 'accepted');
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
		await first.settle('m6', 'accepted');
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

	/** A store on a connection of its own named like an n8n process's (a worker's). */
	async function runnerStore(): Promise<{ store: RedisDeliveryStore; connection: RedisConnection; name: string }> {
		const name = `n8n-redox-test-${Math.random().toString(16).slice(2)}`;
		const connection = await RedisConnection.open(LOCAL_REDIS, 2_000, name);
		connections.push(connection);
		expect(connection.clientName).toBe(name);
		return { store: storeOn(connection), connection, name };
	}

	it(TESTS[6], async () => {
		const webhook = storeOn(one);
		expect(await webhook.claim('r1', Date.now())).toBe('new');
		await webhook.settle('r1', 'accepted');
		const worker = await runnerStore();
		expect(await worker.store.runnerName()).toBe(worker.name);
		await worker.store.executionStarted('r1', worker.name);
		expect(await one.command(['GET', `${prefix}r1`], 1_000)).toBe(`running:${worker.name}`);
		const runningTtl = await one.command(['PTTL', `${prefix}r1`], 1_000);
		expect(runningTtl).toBeGreaterThan(44_000);
		expect(runningTtl).toBeLessThanOrEqual(45_000);
		expect(await storeOn(two).claim('r1', Date.now())).toBe('running');
		// The worker dies: its connection goes, and n8n will write the execution as failed.
		worker.connection.close();
		await new Promise((resolve) => setTimeout(resolve, 50));
		const repeat = storeOn(two);
		expect(await repeat.claim('r1', Date.now())).toBe('new');
		expect(await one.command(['GET', `${prefix}r1`], 1_000)).toMatch(/^pending:/);
		await repeat.settle('r1', 'accepted');
		expect(await storeOn(one).claim('r1', Date.now())).toBe('duplicate');
	});

	it(TESTS[7], async () => {
		const worker = await runnerStore();
		for (const key of ['r2', 'r3', 'r4']) {
			const webhook = storeOn(one);
			expect(await webhook.claim(key, Date.now())).toBe('new');
			await webhook.settle(key, 'accepted');
			await worker.store.executionStarted(key, worker.name);
		}
		await worker.store.executionEnded('r2', worker.name, true);
		expect(await one.command(['GET', `${prefix}r2`], 1_000)).toBe('done');
		expect(await one.command(['PTTL', `${prefix}r2`], 1_000)).toBeGreaterThan(59_000);
		expect(await storeOn(two).claim('r2', Date.now())).toBe('duplicate');

		await worker.store.executionEnded('r3', worker.name, false);
		expect(await storeOn(two).claim('r3', Date.now())).toBe('new');

		// Another process took the notification over (its own claim): a failed end leaves it alone ...
		await one.command(['SET', `${prefix}r4`, 'pending:someone-else:0b6f4c2e-8f40-4d38-9d7a-1f0e7a0b9c11', 'PX', '30000'], 1_000);
		await worker.store.executionEnded('r4', worker.name, false);
		expect(await one.command(['GET', `${prefix}r4`], 1_000)).toBe('pending:someone-else:0b6f4c2e-8f40-4d38-9d7a-1f0e7a0b9c11');
		// ... a successful one says the truth: processed. So does one whose mark Redis lost (a restart).
		await worker.store.executionEnded('r4', worker.name, true);
		expect(await one.command(['GET', `${prefix}r4`], 1_000)).toBe('done');
		await one.command(['DEL', `${prefix}r4`], 1_000);
		await worker.store.executionEnded('r4', worker.name, true);
		expect(await storeOn(two).claim('r4', Date.now())).toBe('duplicate');
	});

	it(TESTS[8], async () => {
		const worker = await runnerStore();
		const webhook = storeOn(one);
		expect(await webhook.claim('r5', Date.now())).toBe('new');
		// The worker picks the job up before the webhook process settles its claim.
		await worker.store.executionStarted('r5', worker.name);
		await webhook.settle('r5', 'accepted');
		expect(await one.command(['GET', `${prefix}r5`], 1_000)).toBe(`running:${worker.name}`);

		const failing = storeOn(one);
		expect(await failing.claim('r6', Date.now())).toBe('new');
		await worker.store.executionStarted('r6', worker.name);
		await failing.settle('r6', 'refused');
		expect(await one.command(['GET', `${prefix}r6`], 1_000)).toBe(`running:${worker.name}`);
	});

	it(TESTS[9], async () => {
		expect(one.clientName).toBeUndefined();
		expect(await storeOn(one).runnerName()).toBeUndefined();
		// A Redis that will not list its clients (an ACL, say): the runner is taken to be alive.
		const refusing = new RedisDeliveryStore(
			async () => ({
				command: async (args: readonly string[], timeoutMs: number) =>
					args[0] === 'CLIENT' ? { error: 'NOPERM this user has no permissions to run the client command' } : await one.command(args, timeoutMs),
			}),
			settings(),
		);
		await one.command(['SET', `${prefix}r7`, 'running:n8n-redox-gone', 'PX', '30000'], 1_000);
		expect(await refusing.claim('r7', Date.now())).toBe('running');
		expect(await storeOn(two).claim('r7', Date.now())).toBe('new');
	});

	it(TESTS[10], async () => {
		const webhook = await runnerStore();
		expect(await webhook.store.claim('p1', Date.now())).toBe('new');
		const claim = await one.command(['GET', `${prefix}p1`], 1_000);
		expect(claim).toMatch(new RegExp(`^pending:${webhook.name}:[0-9a-f-]{36}$`));
		// Its process is alive: in progress, however old the claim.
		await one.command(['PEXPIRE', `${prefix}p1`, '1000'], 1_000);
		expect(await storeOn(two).claim('p1', Date.now())).toBe('in-progress');
		await one.command(['PEXPIRE', `${prefix}p1`, '30000'], 1_000);
		// The webhook process dies: a young claim stays (an execution it queued may be about to start) ...
		webhook.connection.close();
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await storeOn(two).claim('p1', Date.now())).toBe('in-progress');
		expect(await one.command(['GET', `${prefix}p1`], 1_000)).toBe(claim);
		// ... one older than orphanedClaimMs (30 s to live of 30: 10 s old once 20 s are left) is taken over.
		await one.command(['PEXPIRE', `${prefix}p1`, '19000'], 1_000);
		const repeat = storeOn(two);
		expect(await repeat.claim('p1', Date.now())).toBe('new');
		expect(await one.command(['GET', `${prefix}p1`], 1_000)).not.toBe(claim);
		await repeat.settle('p1', 'accepted');
		expect(await one.command(['GET', `${prefix}p1`], 1_000)).toBe('done');

		// A claim that names no process (an unnamed connection, or one written by an earlier
		// version) cannot be judged: in progress until it lapses.
		for (const [key, value] of [['p2', 'pending::0b6f4c2e-8f40-4d38-9d7a-1f0e7a0b9c11'], ['p3', 'pending:0b6f4c2e-8f40-4d38-9d7a-1f0e7a0b9c11']]) {
			await one.command(['SET', `${prefix}${key}`, value, 'PX', '1000'], 1_000);
			expect(await storeOn(two).claim(key, Date.now())).toBe('in-progress');
		}
		const unnamed = storeOn(one);
		expect(await unnamed.claim('p4', Date.now())).toBe('new');
		expect(await one.command(['GET', `${prefix}p4`], 1_000)).toMatch(/^pending::[0-9a-f-]{36}$/);
	});

	it(TESTS[11], async () => {
		const failed = storeOn(one);
		expect(await failed.claim('f1', Date.now())).toBe('new');
		await failed.settle('f1', 'failed');
		const remaining = await one.command(['PTTL', `${prefix}f1`], 1_000);
		expect(remaining).toBeGreaterThan(9_000);
		expect(remaining).toBeLessThanOrEqual(10_000);
		expect(await storeOn(two).claim('f1', Date.now())).toBe('in-progress');

		const worker = await runnerStore();
		const queued = storeOn(one);
		expect(await queued.claim('f2', Date.now())).toBe('new');
		await worker.store.executionStarted('f2', worker.name);
		await queued.settle('f2', 'failed');
		expect(await one.command(['GET', `${prefix}f2`], 1_000)).toBe(`running:${worker.name}`);
		expect(await one.command(['PTTL', `${prefix}f2`], 1_000)).toBeGreaterThan(44_000);

		const refused = storeOn(one);
		expect(await refused.claim('f3', Date.now())).toBe('new');
		await refused.settle('f3', 'refused');
		expect(await storeOn(two).claim('f3', Date.now())).toBe('new');
	});
});
