import type { IWebhookFunctions } from 'n8n-workflow';

import { tokensFromHeaders, type RequestHeaders } from './auth';
import { RecentTokens } from './recent-tokens';

/** The credential every Redox trigger takes its verification token from. */
export const WEBHOOK_CREDENTIAL_TYPE = 'redoxWebhookApi';

/** One per n8n process, shared by every Redox trigger in it (keyed by credential id). */
const recentTokens = new RecentTokens();

async function readVerificationToken(context: IWebhookFunctions): Promise<string | undefined> {
	try {
		const credential = await context.getCredentials(WEBHOOK_CREDENTIAL_TYPE);
		return typeof credential.verificationToken === 'string' ? credential.verificationToken : undefined;
	} catch {
		// No credential selected on the node: answered as "no token configured".
		return undefined;
	}
}

/**
 * The token this request must present: the one remembered from a read of the node's credential
 * in the last few seconds when the request presents exactly that, else read from the credential
 * now (see `RecentTokens` for why, and why that is safe).
 */
export async function verificationTokenFor(
	context: IWebhookFunctions,
	headers: RequestHeaders,
	now: number,
): Promise<string | undefined> {
	const credentialId = context.getNode().credentials?.[WEBHOOK_CREDENTIAL_TYPE]?.id;
	if (typeof credentialId !== 'string' || credentialId === '') return await readVerificationToken(context);

	const confirmed = recentTokens.confirmed(credentialId, tokensFromHeaders(headers), now);
	if (confirmed !== undefined) return confirmed;
	const token = await readVerificationToken(context);
	recentTokens.remember(credentialId, token, now);
	return token;
}
