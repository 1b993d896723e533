/**
 * The `redoxApi` credential test: a real token request, and what Redox answered in plain words.
 * The token itself is dropped at once and never shown.
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { readRedoxApiCredential } from './credential';
import { isRedoxApiError } from './errors';
import { requestAccessToken } from './token-cache';
import { fetchTransport } from './n8n-transport';
import type { Transport } from './transport';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** The whole test stays well inside the 20 s n8n's editor waits. */
const TEST_DEADLINE_MS = 15_000;
const TEST_REQUEST_TIMEOUT_MS = 7_000;

export async function checkRedoxApiCredential(data: unknown, transport: Transport): Promise<CredentialTestResult> {
	try {
		const credential = readRedoxApiCredential(data);
		// Not through the shared cache: a test must ask Redox, not remember an earlier answer.
		await requestAccessToken(credential, { transport, timeoutMs: TEST_REQUEST_TIMEOUT_MS, deadline: Date.now() + TEST_DEADLINE_MS });
		return { status: 'OK', message: 'Redox accepted the credential and issued an access token.' };
	} catch (error) {
		if (isRedoxApiError(error)) return { status: 'Error', message: error.message };
		return { status: 'Error', message: 'The token request failed for an unexpected reason.' };
	}
}

/**
 * The `credentialTest` method every node using `redoxApi` names in `testedBy`. A credential test
 * has no `helpers.httpRequest` in n8n 2.41, and it must make a real token request: Node's fetch.
 */
export async function redoxApiTokenTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await checkRedoxApiCredential(credential.data, fetchTransport());
}
