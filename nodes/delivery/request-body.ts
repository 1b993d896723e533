import type { IWebhookFunctions } from 'n8n-workflow';

import { answers } from './answers';
import type { IncomingRequest } from './decide';
import { isRecord } from '../common/guards';

/** raw-body's "too large" error (n8n reads with it, limited to N8N_PAYLOAD_SIZE_MAX). */
function isTooLarge(error: unknown): boolean {
	return isRecord(error) && (error.status === 413 || error.statusCode === 413 || error.type === 'entity.too.large');
}

/**
 * The request body as bytes, as n8n hands it over. For a node of typeVersion 1, n8n has read
 * every body into `rawBody` before the node runs (and answered failures itself). From version 2,
 * n8n reads and parses the body itself only for the types it knows (`application/json`,
 * `text/plain`, form and XML types): `rawBody` is then set, and a body above the payload limit,
 * unparseable JSON or a Content-Encoding that does not decode is answered by n8n before the
 * node runs. For every other type, `application/fhir+json` (what Redox sends) included, the node
 * reads the stream itself with `readRawBody()`, which applies the same limit and decoding; its
 * failures are answered here instead of being thrown (n8n would answer a thrown error with its
 * own 500 and a stack trace).
 *
 * Except for `multipart/form-data`: n8n parses it itself (form fields and files) before the node
 * runs, so the stream has ended and cannot be read again. The parsed fields are used instead;
 * they are not a bundle, so the sender gets a 400.
 */
export async function readRequestBody(context: IWebhookFunctions): Promise<IncomingRequest['rawBody']> {
	const request = context.getRequestObject();
	const alreadyConsumed = request.readable === false;
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function' && !alreadyConsumed) {
		try {
			await request.readRawBody();
		} catch (error) {
			// The reader stops at the limit and pauses the request. Let the rest flow (and be
			// dropped, as Node does for any body nobody reads), so that a sender still writing
			// gets the answer instead of a broken pipe.
			request.resume();
			return { unreadable: isTooLarge(error) ? answers.payloadTooLarge() : answers.unreadableBody() };
		}
	}
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
	const parsed = context.getBodyData();
	return Object.keys(parsed).length > 0 ? JSON.stringify(parsed) : undefined;
}
