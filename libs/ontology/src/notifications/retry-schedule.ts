/** How deliveries are retried and when an endpoint is given up on (SPEC §5: 24 h, first retry within 10 s). */
export interface RetryPolicy {
  /** The first retry's delay before jitter; later ones double. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** How long a notification is retried before it is marked failed. */
  readonly windowMs: number;
  /** Consecutive failed attempts (across deliveries) after which an endpoint is disabled. */
  readonly disableAfterFailures: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 5_000,
  maxDelayMs: 3_600_000,
  windowMs: 24 * 3_600_000,
  disableAfterFailures: 50,
};

/**
 * The delay after the `attempts`-th failed attempt: exponential, with "equal jitter" (half fixed,
 * half random) so endpoints that failed together do not all retry in the same instant. `random` is
 * in [0, 1). With the defaults the first retry comes 2.5–5 s after the failure.
 */
export const retryDelay = (attempts: number, random: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number => {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random);
};

/** What happens after a failed attempt: retry at a time, or give up once the window is spent. */
export const afterFailure = (
  createdAt: number,
  attempts: number,
  now: number,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): { readonly retryAt: number } | { readonly giveUp: true } => {
  const retryAt = now + retryDelay(attempts, random, policy);
  return retryAt - createdAt > policy.windowMs ? { giveUp: true } : { retryAt };
};

/**
 * An endpoint is disabled when a notification to it was given up on (24 h of failures), or when
 * its last `disableAfterFailures` attempts all failed (an endpoint that is gone, not flapping).
 */
export const shouldDisable = (consecutiveFailures: number, gaveUp: boolean, policy: RetryPolicy = DEFAULT_RETRY_POLICY): boolean =>
  gaveUp || consecutiveFailures >= policy.disableAfterFailures;
