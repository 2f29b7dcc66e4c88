import { DAILY_RETRY_MAX_MS, DAILY_RETRY_MIN_MS, dailyRetryDelay } from './daily-retry';

describe('dailyRetryDelay', () => {
  it('given a lease about to expire, when the daily run finds it taken, then it tries again just after', () => {
    expect(dailyRetryDelay(1000, 2000)).toBe(1050);
  });

  it('given a released or expired lease, then it asks again soon, never in a busy loop', () => {
    expect(dailyRetryDelay(1000, 0)).toBe(DAILY_RETRY_MIN_MS);
  });

  it('given a live holder renewing far ahead, then it still asks again within the cap', () => {
    expect(dailyRetryDelay(1000, 61_000)).toBe(DAILY_RETRY_MAX_MS);
  });

  it('never gives the day up by itself: only a next scheduled run due first replaces it', () => {
    expect(dailyRetryDelay(1000, 61_000, 1000 + 86_400_000)).toBe(DAILY_RETRY_MAX_MS);
    expect(dailyRetryDelay(1000, 61_000, 1000 + DAILY_RETRY_MAX_MS)).toBeNull();
  });
});
