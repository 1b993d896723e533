/** The token cache against the stand-in's token endpoint, which checks every request as Redox does. */
import { isRedoxApiError, RedoxApiError } from '../../nodes/redox-api/errors';
import { TokenCache } from '../../nodes/redox-api/token-cache';
import { startRedoxStandIn, type RedoxStandIn } from '../../scripts/stand-ins/redox-api';
import { credentialFor, fetchTransport, secretsOf } from './helpers';

let standIn: RedoxStandIn;

beforeEach(async () => {
	standIn = await startRedoxStandIn({ keys: [] });
});
afterEach(async () => {
	expect(standIn.violations).toEqual([]);
	await standIn.close();
});

/** A clock the test moves; the stand-in keeps real time, so tokens stay valid there. */
function testClock() {
	let offset = 0;
	return { now: () => Date.now() + offset, advance: (seconds: number) => (offset += seconds * 1000) };
}

function options(now: () => number = Date.now) {
	return { transport: fetchTransport, timeoutMs: 2_000, deadline: now() + 10_000, now };
}

function registered(algorithm: 'RS384' | 'ES384' | 'HS384') {
	const { credential, key } = credentialFor(standIn.baseUrl, algorithm);
	standIn.registerKey(key);
	return credential;
}

async function failureOf(promise: Promise<unknown>): Promise<RedoxApiError> {
	const caught = await promise.then(
		() => null,
		(error: unknown) => error,
	);
	if (!isRedoxApiError(caught)) throw new Error('expected a RedoxApiError');
	return caught;
}

describe('TokenCache', () => {
	it.each(['RS384', 'ES384', 'HS384'] as const)('gets a %s token the stand-in accepts, and reuses it', async (algorithm) => {
		const cache = new TokenCache();
		const credential = registered(algorithm);
		const first = await cache.accessToken(credential, options());
		const second = await cache.accessToken(credential, options());
		expect(second).toBe(first);
		expect(standIn.issuedTokenCount).toBe(1);
		expect(standIn.tokenRequests[0]).toMatchObject({ clientId: credential.clientId, algorithm, status: 200 });
	});

	it('renews a 300 s token once less than 60 s remain', async () => {
		const cache = new TokenCache();
		const credential = registered('RS384');
		const clock = testClock();
		const first = await cache.accessToken(credential, options(clock.now));
		clock.advance(239);
		expect(await cache.accessToken(credential, options(clock.now))).toBe(first);
		clock.advance(2);
		expect(await cache.accessToken(credential, options(clock.now))).not.toBe(first);
		expect(standIn.issuedTokenCount).toBe(2);
	});

	it('renews a short-lived token once less than a third of its life remains', async () => {
		standIn.expiresIn = 30;
		const cache = new TokenCache();
		const credential = registered('ES384');
		const clock = testClock();
		const first = await cache.accessToken(credential, options(clock.now));
		clock.advance(19);
		expect(await cache.accessToken(credential, options(clock.now))).toBe(first);
		clock.advance(1.5);
		expect(await cache.accessToken(credential, options(clock.now))).not.toBe(first);
		expect(standIn.issuedTokenCount).toBe(2);
	});

	it('makes one token request for concurrent callers (single flight)', async () => {
		const cache = new TokenCache();
		const credential = registered('HS384');
		standIn.setDelay('token', 100);
		const tokens = await Promise.all(Array.from({ length: 20 }, () => cache.accessToken(credential, options())));
		expect(new Set(tokens).size).toBe(1);
		expect(standIn.tokenRequests).toHaveLength(1);
	});

	it('never shares a token between two credentials, nor with an edited credential', async () => {
		const cache = new TokenCache();
		const one = registered('RS384');
		const two = registered('RS384');
		const edited = { ...one, environment: 'Staging' as const };
		const tokens = [await cache.accessToken(one, options()), await cache.accessToken(two, options()), await cache.accessToken(edited, options())];
		expect(new Set(tokens).size).toBe(3);
		expect(standIn.tokenRequests.map((record) => record.clientId)).toEqual([one.clientId, two.clientId, one.clientId]);
	});

	it('does not remember a refusal: the next call asks again, and Redox\'s description is shown without secrets', async () => {
		const cache = new TokenCache();
		const { credential, key } = credentialFor(standIn.baseUrl, 'RS384');
		const refusal = await failureOf(cache.accessToken(credential, options()));
		expect(refusal.kind).toBe('authentication');
		expect(refusal.message).toContain('Public key not found, check client_id, kid and Redox dashboard settings');
		for (const secret of secretsOf(credential)) expect(refusal.message).not.toContain(secret);
		standIn.violations.length = 0;
		standIn.registerKey(key);
		expect(await cache.accessToken(credential, options())).toEqual(expect.any(String));
		expect(standIn.tokenRequests.map((record) => record.status)).toEqual([400, 200]);
	});

	it('retries once when the token endpoint is unavailable, then gives up without caching the failure', async () => {
		const cache = new TokenCache();
		const credential = registered('ES384');
		standIn.failNext('token', 1, 503);
		expect(await cache.accessToken(credential, options())).toEqual(expect.any(String));
		const other = registered('HS384');
		standIn.failNext('token', 2, 429);
		const failure = await failureOf(cache.accessToken(other, options()));
		expect(failure.kind).toBe('unavailable');
		expect(failure.message).toMatch(/token endpoint is unavailable \(HTTP 429\)/);
		expect(await cache.accessToken(other, options())).toEqual(expect.any(String));
		// Every retry is a new JWT: no jti was sent twice (the stand-in would have said so).
		expect(standIn.tokenRequests.map((record) => record.status)).toEqual([503, 200, 429, 429, 200]);
	});

	it('says the token endpoint is down when it closes connections, and when it is too slow', async () => {
		const cache = new TokenCache();
		const credential = registered('RS384');
		standIn.setTokenEndpointDown(true);
		expect((await failureOf(cache.accessToken(credential, options()))).message).toMatch(/could not be reached/);
		standIn.setTokenEndpointDown(false);
		standIn.setDelay('token', 1_000);
		const slow = await failureOf(cache.accessToken(credential, { ...options(), timeoutMs: 200 }));
		expect(slow).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/did not answer in time/) });
	});
});
