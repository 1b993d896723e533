import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

/** Redox verification tokens are long random strings; anything shorter is likely a paste error. */
export const MINIMUM_TOKEN_LENGTH = 8;

/**
 * "Test" for an inbound-only credential: nothing can be called, so the check is local. It says
 * whether the token is usable, never what it is.
 */
export function checkVerificationTokenCredential(
	credential: ICredentialsDecrypted,
): INodeCredentialTestResult {
	const token = credential.data?.verificationToken;
	if (typeof token !== 'string' || token.length === 0) {
		return { status: 'Error', message: 'Enter the verification token of your Redox destination.' };
	}
	if (token.trim() !== token) {
		return { status: 'Error', message: 'The token starts or ends with spaces; paste it again without them.' };
	}
	if (token.length < MINIMUM_TOKEN_LENGTH) {
		return {
			status: 'Error',
			message: `The token is shorter than ${MINIMUM_TOKEN_LENGTH} characters. Use the verification token shown in your Redox destination.`,
		};
	}
	return {
		status: 'OK',
		message: 'Token saved. Redox requests that carry it will be accepted (this test contacts no server).',
	};
}
