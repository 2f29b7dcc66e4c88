import type { RateLimit } from '../auth/caller';

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;

/** One fixed UTC window a request counts in, with the key's limit for it. */
export interface RateWindow {
  readonly window: 'second' | 'minute';
  readonly start: number;
  readonly end: number;
  readonly limit: number;
}

/**
 * The windows a request at `now` must find room in: its second, then its minute. Taken in this order,
 * a request refused by its second takes nothing of its minute; one refused by its minute leaves a slot
 * of its second unused, but the minute is used up, so nothing more fits in that second either.
 */
export const windowsAt = (limit: RateLimit, now: number): RateWindow[] => {
  const windows: RateWindow[] = [];
  if (limit.perSecond !== undefined) {
    const start = Math.floor(now / SECOND_MS) * SECOND_MS;
    windows.push({ window: 'second', start, end: start + SECOND_MS, limit: limit.perSecond });
  }
  if (limit.perMinute !== undefined) {
    const start = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    windows.push({ window: 'minute', start, end: start + MINUTE_MS, limit: limit.perMinute });
  }
  return windows;
};

/** Whole seconds to wait (at least 1), for Retry-After. */
export const retryAfterSeconds = (until: number, now: number): number => Math.max(1, Math.ceil((until - now) / SECOND_MS));
