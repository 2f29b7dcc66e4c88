import { DEFAULT_RETRY_POLICY, afterFailure, retryDelay, shouldDisable } from './retry-schedule';

const HOUR = 3_600_000;

describe('retryDelay', () => {
  it('the first retry comes within 10 s (2.5–5 s), later ones double, jittered between half and all', () => {
    expect(retryDelay(1, 0)).toBe(2_500);
    expect(retryDelay(1, 0.999999)).toBe(5_000);
    expect(retryDelay(2, 0)).toBe(5_000);
    expect(retryDelay(3, 0.5)).toBe(15_000);
  });

  it('is capped at an hour', () => {
    expect(retryDelay(40, 0.9999999999)).toBe(HOUR);
    expect(retryDelay(40, 0)).toBe(HOUR / 2);
  });
});

describe('afterFailure', () => {
  it('retries while the 24 h window lasts, then gives up', () => {
    expect(afterFailure(0, 1, 1_000, 0)).toEqual({ retryAt: 3_500 });
    expect(afterFailure(0, 30, 23 * HOUR, 0)).toEqual({ retryAt: 23.5 * HOUR });
    expect(afterFailure(0, 30, 23.9 * HOUR, 0)).toEqual({ giveUp: true });
  });

  it('a day of retries at the mean jitter is 41 attempts', () => {
    let at = 0;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const next = afterFailure(0, attempts, at, 0.5);
      if ('giveUp' in next) break;
      at = next.retryAt;
    }
    expect(attempts).toBe(41);
  });
});

describe('shouldDisable', () => {
  it('after a notification was given up on, or after 50 failed attempts in a row', () => {
    expect(shouldDisable(1, true)).toBe(true);
    expect(shouldDisable(DEFAULT_RETRY_POLICY.disableAfterFailures - 1, false)).toBe(false);
    expect(shouldDisable(DEFAULT_RETRY_POLICY.disableAfterFailures, false)).toBe(true);
  });
});
