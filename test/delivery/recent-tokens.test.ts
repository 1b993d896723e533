import { RecentTokens, TOKEN_REUSE_MS } from '../../nodes/delivery/recent-tokens';

describe('RecentTokens', () => {
	it('confirms a fresh token that the request presents', () => {
		const tokens = new RecentTokens();
		tokens.remember('cred-1', 'secret', 1_000);
		expect(tokens.confirmed('cred-1', ['secret'], 1_000 + TOKEN_REUSE_MS - 1)).toBe('secret');
	});

	it('never confirms another token, no token, or a right token beside a wrong one', () => {
		const tokens = new RecentTokens();
		tokens.remember('cred-1', 'secret', 0);
		expect(tokens.confirmed('cred-1', ['other'], 1)).toBeUndefined();
		expect(tokens.confirmed('cred-1', [], 1)).toBeUndefined();
		expect(tokens.confirmed('cred-1', ['secret', 'other'], 1)).toBeUndefined();
		expect(tokens.confirmed('cred-2', ['secret'], 1)).toBeUndefined();
	});

	it('forgets a token once it is as old as the reuse window, or when the clock goes back', () => {
		const tokens = new RecentTokens();
		tokens.remember('cred-1', 'secret', 10_000);
		expect(tokens.confirmed('cred-1', ['secret'], 10_000 + TOKEN_REUSE_MS)).toBeUndefined();
		expect(tokens.size).toBe(0);
		tokens.remember('cred-1', 'secret', 10_000);
		expect(tokens.confirmed('cred-1', ['secret'], 9_999)).toBeUndefined();
	});

	it('replaces what it knew when the credential is read again, and remembers no empty token', () => {
		const tokens = new RecentTokens();
		tokens.remember('cred-1', 'old', 0);
		tokens.remember('cred-1', 'new', 5);
		expect(tokens.confirmed('cred-1', ['old'], 6)).toBeUndefined();
		expect(tokens.confirmed('cred-1', ['new'], 6)).toBe('new');
		tokens.remember('cred-1', undefined, 7);
		tokens.remember('cred-2', '', 7);
		expect(tokens.size).toBe(0);
	});

	it('holds at most its bound of credentials, dropping expired ones first, then the oldest', () => {
		const tokens = new RecentTokens(100, 3);
		tokens.remember('a', 'ta', 0);
		tokens.remember('b', 'tb', 50);
		tokens.remember('c', 'tc', 60);
		tokens.remember('d', 'td', 120); // 'a' has expired: it goes, the others stay
		expect(tokens.size).toBe(3);
		expect(tokens.confirmed('b', ['tb'], 121)).toBe('tb');
		tokens.remember('e', 'te', 130); // none expired: the oldest ('b') goes
		expect(tokens.size).toBe(3);
		expect(tokens.confirmed('b', ['tb'], 131)).toBeUndefined();
		expect(tokens.confirmed('c', ['tc'], 131)).toBe('tc');
	});
});
