/**
 * The fixtures in `fixtures/` are the repository's own copy of the team's reference set, kept
 * beside the repository in a checkout of the team's workspace. Where that reference set exists,
 * the copy must be identical to it; a lone clone has only the copy, and this test says so.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, resolve } from 'path';

const COPY = resolve(__dirname, '../fixtures');
const REFERENCE = resolve(__dirname, '../..', 'shared', 'fixtures');

function filesBelow(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = join(dir, name);
		return statSync(full).isDirectory() ? filesBelow(full) : [full];
	});
}

describe('fixtures/', () => {
	it('holds the valid, invalid and expected fixtures the tests use', () => {
		const names = filesBelow(COPY).map((file) => relative(COPY, file));
		expect(names).toEqual(expect.arrayContaining(['booked-detailed.json', 'invalid/not-json.txt', 'expected/invalid.json']));
	});

	const referencePresent = existsSync(REFERENCE);
	it(`is identical to the team's reference set${referencePresent ? '' : ' (not beside this clone: nothing to compare)'}`, () => {
		if (!referencePresent) return;
		const reference = filesBelow(REFERENCE).map((file) => relative(REFERENCE, file)).sort();
		const copy = filesBelow(COPY).map((file) => relative(COPY, file)).sort();
		expect(copy).toEqual(reference);
		for (const name of reference) {
			expect({ name, text: readFileSync(join(COPY, name), 'utf8') }).toEqual({
				name,
				text: readFileSync(join(REFERENCE, name), 'utf8'),
			});
		}
	});
});
