import { InternalCallError } from '../internal/internal-call-error';

/**
 * Errors that mean "a dependency (MongoDB, Kafka, S3, another app) cannot be reached right now", as opposed to a
 * bug: clients get 503 with Retry-After for these, and may retry (with the same Idempotency-Key).
 */
const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
]);

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLite's transient states as FerretDB reports them (a `MongoServerError` with SQLite's message):
 * a statement that kept meeting a schema changed by another connection (SQLITE_SCHEMA: collections
 * and their indexes being created, e.g. a first archival of many groups), or a lock held past the busy
 * timeout (SQLITE_BUSY). The same request moments later succeeds.
 */
const TRANSIENT_STORE_MESSAGES = /database schema has changed|database is locked/;

/** True when the error is one of the store's transient states (the same statement moments later succeeds). */
export const isTransientStoreState = (error: unknown): boolean =>
  (error as { name?: unknown } | null)?.name === 'MongoServerError' && TRANSIENT_STORE_MESSAGES.test(String((error as Error).message));

/** Seconds a client should wait before retrying after a dependency outage. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** True when the error, or an error it wraps (`cause`, kafkajs `originalError`), is a dependency outage. */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  if (error instanceof InternalCallError) return error.kind === 'transient';
  const { name, code, cause, originalError } = error as { name?: unknown; code?: unknown; cause?: unknown; originalError?: unknown };
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (isTransientStoreState(error)) return true;
  return isDependencyUnavailable(cause, depth + 1) || isDependencyUnavailable(originalError, depth + 1);
}
