import { retryAfterSeconds, windowsAt } from './rate-window';

describe('rate windows', () => {
  const at = Date.UTC(2026, 11, 5, 20, 30, 42, 250);

  it('puts a request in its UTC second, then its UTC minute, each with its limit', () => {
    expect(windowsAt({ perSecond: 5, perMinute: 100 }, at)).toEqual([
      { window: 'second', start: Date.UTC(2026, 11, 5, 20, 30, 42), end: Date.UTC(2026, 11, 5, 20, 30, 43), limit: 5 },
      { window: 'minute', start: Date.UTC(2026, 11, 5, 20, 30), end: Date.UTC(2026, 11, 5, 20, 31), limit: 100 },
    ]);
    expect(windowsAt({ perMinute: 7 }, at).map((w) => w.window)).toEqual(['minute']);
    expect(windowsAt({}, at)).toEqual([]);
  });

  it('rounds the wait up to whole seconds, at least 1, for Retry-After', () => {
    expect(retryAfterSeconds(Date.UTC(2026, 11, 5, 20, 31), at)).toBe(18);
    expect(retryAfterSeconds(Date.UTC(2026, 11, 5, 20, 30, 43), at)).toBe(1);
    expect(retryAfterSeconds(at, at)).toBe(1);
  });
});
