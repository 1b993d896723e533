/**
 * The entry point: a Redox scheduling notification (FHIR R4 message Bundle) in, the output
 * contract's plain object out. This module decodes the body, checks the options and the
 * Bundle's shape, and throws the contract's error codes; notification.ts builds the output.
 *
 * Error messages never repeat the body, and avoid even the words a body holds as keys or values
 * (`Bundle`, `bundle`, `message`, `MessageHeader`, `booked`, `reference`, ...): a log reader, or
 * a test, must be able to tell that nothing was copied from the request.
 */
import { decodeJsonBody } from '../../common/json-body';
import { isAppointmentMissing, locateAppointment } from './appointment';
import { isRedoxNotificationError, RedoxNotificationError } from './errors';
import { readEvent } from './event';
import { isRecord } from './guards';
import { buildNotification, type Message } from './notification';
import { resolveOptions } from './options';
import type { TimeContext } from './time-context';
import { ReferenceIndex } from './references';
import type { DetailedNotification, LightweightNotification, ParseOptions, SchedulingNotification } from './types';

/**
 * Reads a Redox scheduling notification. `body` is the parsed JSON, or the raw body as a string
 * or Buffer (UTF-8). Throws a RangeError for unusable options, and a RedoxNotificationError
 * (never anything else) for a body it cannot use.
 */
export function parseSchedulingNotification(
	body: unknown,
	options: ParseOptions & { detail: 'lightweight' },
): LightweightNotification;
export function parseSchedulingNotification(
	body: unknown,
	options?: ParseOptions & { detail?: 'detailed' },
): DetailedNotification;
export function parseSchedulingNotification(body: unknown, options?: ParseOptions): SchedulingNotification;
export function parseSchedulingNotification(body: unknown, options?: ParseOptions): SchedulingNotification {
	const { detailed, clock } = resolveOptions(options);
	const outcome = readNotification(body, detailed ? clock : null);
	if (isRedoxNotificationError(outcome)) throw outcome;
	return outcome;
}

/** The notification, or the error that explains why there is none. */
function readNotification(
	body: unknown,
	clock: TimeContext | null,
): SchedulingNotification | RedoxNotificationError {
	try {
		const message = openMessage(decodeNotificationBody(body));
		const event = readEvent(message.header);
		if (event === null) {
			return new RedoxNotificationError(
				'UNKNOWN_EVENT',
				'The notification announces none of the three scheduling changes handled here.',
			);
		}
		const appointment = locateAppointment(message.header, message.index);
		if (isAppointmentMissing(appointment)) {
			return new RedoxNotificationError(
				'MISSING_APPOINTMENT',
				'The notification neither holds nor points to an appointment.',
			);
		}
		return buildNotification(message, event, appointment, clock);
	} catch (error) {
		if (isRedoxNotificationError(error)) return error;
		// Parsed JSON never gets here; a JavaScript object body can (a getter or proxy that
		// throws). That error is not passed on, as its message may quote the body.
		return new RedoxNotificationError('INVALID_JSON', 'The request body could not be read as JSON data.');
	}
}

/**
 * The parsed JSON of a string or byte body; any other value is taken as parsed JSON already.
 * Throws INVALID_JSON for an empty or unparseable body (the package's one rule: common/json-body).
 */
function decodeNotificationBody(body: unknown): unknown {
	const decoded = decodeJsonBody(body);
	if (!decoded.ok) throw new RedoxNotificationError('INVALID_JSON', decoded.message);
	return decoded.value;
}

/** A message Bundle with its MessageHeader and reference index, or the matching error. */
function openMessage(bundle: unknown): Message {
	if (!isRecord(bundle) || bundle.resourceType !== 'Bundle') {
		throw new RedoxNotificationError('NOT_A_BUNDLE', 'The request body is not the kind of FHIR document Redox sends.');
	}
	if (bundle.type !== 'message') {
		throw new RedoxNotificationError('NOT_A_MESSAGE', 'The FHIR document is not a notification: wrong kind of document.');
	}
	if (!Array.isArray(bundle.entry)) {
		throw new RedoxNotificationError('MISSING_MESSAGE_HEADER', 'The notification has no list of entries.');
	}
	const index = new ReferenceIndex(bundle.entry);
	const header = index.first('MessageHeader')?.resource;
	if (header === undefined) {
		throw new RedoxNotificationError('MISSING_MESSAGE_HEADER', 'The notification lacks its header.');
	}
	return { bundle, header, index };
}
