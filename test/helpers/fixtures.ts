/** The Redox fixtures (`fixtures/`), read through the harness's one reader and list. */
export { fixtureJson, fixtureText, fixturesDir as FIXTURES_DIR, VALID_FIXTURES } from '../../scripts/harness';
