import { checkTokens, tokenMatches, tokensFromHeaders } from '../../nodes/delivery/auth';

describe('tokensFromHeaders', () => {
	it('reads the verification-token header', () => {
		expect(tokensFromHeaders({ 'verification-token': 'abc' })).toEqual(['abc']);
	});

	it('reads a Bearer token, whatever the case of the scheme', () => {
		expect(tokensFromHeaders({ authorization: 'Bearer abc' })).toEqual(['abc']);
		expect(tokensFromHeaders({ authorization: 'bearer   abc ' })).toEqual(['abc']);
	});

	it('ignores other authorization schemes', () => {
		expect(tokensFromHeaders({ authorization: 'Basic YWJjOmRlZg==' })).toEqual([]);
	});

	it('returns both when both are sent, so a wrong one cannot hide behind a right one', () => {
		expect(tokensFromHeaders({ 'verification-token': 'a', authorization: 'Bearer b' })).toEqual(['a', 'b']);
	});

	it('takes the first value of a repeated header', () => {
		expect(tokensFromHeaders({ 'verification-token': ['first', 'second'] })).toEqual(['first']);
	});

	it('returns nothing without token headers', () => {
		expect(tokensFromHeaders({ 'content-type': 'application/fhir+json' })).toEqual([]);
	});
});

describe('tokenMatches', () => {
	it('accepts the same token', () => {
		expect(tokenMatches('s3cret-token', 's3cret-token')).toBe(true);
	});

	it.each([
		['a different token of the same length', 's3cret-tokeX'],
		['a prefix', 's3cret'],
		['a longer token', 's3cret-token-and-more'],
		['an empty token', ''],
		['a different case', 'S3CRET-TOKEN'],
	])('refuses %s without throwing', (_label, presented) => {
		expect(tokenMatches(presented, 's3cret-token')).toBe(false);
	});

	it('handles multi-byte characters', () => {
		expect(tokenMatches('tökén', 'tökén')).toBe(true);
		expect(tokenMatches('token', 'tökén')).toBe(false);
	});
});

describe('checkTokens', () => {
	it('is missing when nothing is presented', () => {
		expect(checkTokens([], 'secret-123')).toBe('missing');
	});

	it('is ok when every presented token matches', () => {
		expect(checkTokens(['secret-123', 'secret-123'], 'secret-123')).toBe('ok');
	});

	it('is wrong when any presented token differs', () => {
		expect(checkTokens(['secret-123', 'nope'], 'secret-123')).toBe('wrong');
		expect(checkTokens(['nope', 'secret-123'], 'secret-123')).toBe('wrong');
	});
});
