import { createHash, randomBytes } from 'node:crypto';

/** Formats 16 bytes as a UUID with the version-7 and RFC 9562 variant bits set. */
function formatV7(bytes: Buffer, timestampMs: number): string {
  bytes.writeUIntBE(Math.max(0, Math.floor(timestampMs)), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A time-ordered id (UUIDv7). */
export const uuidv7 = (now: number = Date.now()): string => formatV7(randomBytes(16), now);

/**
 * A UUIDv7 whose random part is derived from `seed`: the same seed and time always give the same id.
 * Retried requests (Idempotency-Key) derive their item ids this way, so a retry after a crash finds
 * the rows the first attempt wrote instead of writing new ones.
 */
export const deterministicUuidv7 = (seed: string, timestampMs: number): string =>
  formatV7(createHash('sha256').update(seed).digest().subarray(0, 16), timestampMs);

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** An api key: prefix for recognisability, 32 random bytes base64url. */
export const newApiKey = (): string => `osk_${randomBytes(32).toString('base64url')}`;

/** Whether a token has the shape `newApiKey` gives: anything else can be refused without a lookup. */
export const isApiKeyFormat = (token: string): boolean => /^osk_[A-Za-z0-9_-]{43}$/.test(token);
