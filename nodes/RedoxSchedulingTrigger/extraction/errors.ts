/** Why a request body is not a usable Redox scheduling notification. */
export type RedoxNotificationErrorCode =
	| 'INVALID_JSON'
	| 'NOT_A_BUNDLE'
	| 'NOT_A_MESSAGE'
	| 'MISSING_MESSAGE_HEADER'
	| 'UNKNOWN_EVENT'
	| 'MISSING_APPOINTMENT';

/**
 * Thrown by `parseSchedulingNotification` for input it cannot use. The message is written by us,
 * in plain words, and never quotes the body: it must be safe to show and to log (no patient data).
 */
export class RedoxNotificationError extends Error {
	readonly code: RedoxNotificationErrorCode;

	constructor(code: RedoxNotificationErrorCode, message: string) {
		super(message);
		this.name = 'RedoxNotificationError';
		this.code = code;
	}
}

/** True for a RedoxNotificationError (what `parseSchedulingNotification` throws for an unusable body). */
export function isRedoxNotificationError(value: unknown): value is RedoxNotificationError {
	return value instanceof RedoxNotificationError;
}
