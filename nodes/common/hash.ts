import { createHash } from 'crypto';

/** The SHA-256 of a UTF-8 string, as bytes. */
export function sha256(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** The SHA-256 of a UTF-8 string, as lower-case hex. */
export function sha256Hex(text: string): string {
	return sha256(text).toString('hex');
}
