import { queryToken, readHandshake } from '../../nodes/delivery/handshake';
import { fixtureJson } from '../helpers/fixtures';

describe('readHandshake', () => {
	it("reads Redox's POST body", () => {
		const body = fixtureJson<Record<string, string>>('handshake-post.json');
		expect(readHandshake(body)).toEqual({ challenge: body.challenge, token: body['verification-token'] });
	});

	it('reads a handshake without a token field (token then comes from the headers)', () => {
		expect(readHandshake({ challenge: 'c-1' })).toEqual({ challenge: 'c-1', token: undefined });
	});

	it.each([
		['a FHIR resource with a challenge property', { resourceType: 'Bundle', challenge: 'x' }],
		['an empty challenge', { challenge: '' }],
		['a non-string challenge', { challenge: 42 }],
		['an array', [{ challenge: 'x' }]],
		['null', null],
		['a string', 'challenge'],
	])('is not a handshake: %s', (_label, body) => {
		expect(readHandshake(body)).toBeUndefined();
	});

	it('ignores a non-string token field', () => {
		expect(readHandshake({ challenge: 'c', 'verification-token': ['a'] })).toEqual({ challenge: 'c', token: undefined });
	});
});

describe('queryToken', () => {
	it('reads the verification-token query parameter', () => {
		expect(queryToken({ 'verification-token': 'abc', challenge: 'c' })).toBe('abc');
	});

	it('ignores repeated parameters (arrays) and missing ones', () => {
		expect(queryToken({ 'verification-token': ['a', 'b'] })).toBeUndefined();
		expect(queryToken({})).toBeUndefined();
		expect(queryToken(undefined)).toBeUndefined();
	});
});
