import { ProblemException } from '../http/problem';

/**
 * - `transient`: no answer (refused, reset, silent) or the app said it cannot serve now (429, 502,
 *   503, 504): try again later. An HTTP caller answers 503 with Retry-After; a consumer leaves the
 *   batch uncommitted so it is retried.
 * - `status`: the app answered a status the route does not expect: the request or the app is wrong.
 * - `permanent`: the answer cannot be used (not JSON, not the declared shape).
 * Neither of the last two improves by retrying: an HTTP caller answers 502, a consumer dead-letters.
 */
export type InternalCallErrorKind = 'transient' | 'status' | 'permanent';

export interface InternalCallFacts {
  readonly status?: number;
  /** The app went silent (it may have applied the request). */
  readonly timedOut?: boolean;
  /** The socket error, e.g. ECONNREFUSED. */
  readonly code?: string;
  readonly retryAfterSeconds?: number;
  /** The body of a non-success answer (problem details, readiness checks), parsed when it is JSON. */
  readonly answer?: unknown;
}

/** Why a call to another app's internal API failed. */
export class InternalCallError extends Error {
  override readonly name = 'InternalCallError';

  constructor(
    readonly app: string,
    readonly kind: InternalCallErrorKind,
    message: string,
    readonly facts: InternalCallFacts = {},
  ) {
    super(message);
  }

  /** Sent again by the client: nothing came back, and the app was not left working on it. */
  get retryable(): boolean {
    return this.kind === 'transient' && !this.facts.timedOut;
  }
}

/** Seconds an HTTP client is asked to wait when an app this request needs cannot answer. */
const RETRY_AFTER_SECONDS = 2;

/** The problem an HTTP caller answers with: 503 with Retry-After for a transient failure, else 502. */
export const internalCallProblem = (error: InternalCallError): ProblemException =>
  error.kind === 'transient'
    ? new ProblemException(
        503,
        `${error.app}_unavailable`,
        `${error.message}; retry shortly`,
        undefined,
        { app: error.app },
        { 'Retry-After': String(error.facts.retryAfterSeconds ?? RETRY_AFTER_SECONDS) },
      )
    : new ProblemException(502, `${error.app}_failed`, error.message, undefined, { app: error.app });
