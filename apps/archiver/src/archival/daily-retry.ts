/** Bounds of a waiting daily run's polls: quick enough to start soon after a release, cheap enough to repeat. */
export const DAILY_RETRY_MIN_MS = 250;
export const DAILY_RETRY_MAX_MS = 5000;

/**
 * How long a daily run that found the lease taken waits before it tries again. It never gives up
 * the day: it retries until it runs, unless the next scheduled daily run is due before its next try
 * (null), which then archives everything this one would have. A live holder keeps renewing, so its
 * expiry is no promise: the wait is capped and the lease asked again.
 */
export function dailyRetryDelay(now: number, leaseExpiresAt: number, nextScheduledAt?: number): number | null {
  const wait = Math.min(DAILY_RETRY_MAX_MS, Math.max(DAILY_RETRY_MIN_MS, leaseExpiresAt - now + 50));
  if (nextScheduledAt !== undefined && now + wait >= nextScheduledAt) return null;
  return wait;
}
