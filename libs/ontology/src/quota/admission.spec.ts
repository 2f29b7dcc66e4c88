import { admit, enforce, quotaExceededMessage } from './admission';
import { periodStartFor } from './periods';

describe('enforce', () => {
  it('lets a request that lands exactly on the limit proceed', () => {
    expect(enforce('entities_total', 90, 10, 100)).toEqual({
      ok: true,
      value: { metric: 'entities_total', current: 90, requested: 10, limit: 100, available: 10, canProceed: true },
    });
  });

  it('refuses one past the limit, naming metric, current, requested and limit', () => {
    expect(enforce('entities_total', 90, 11, 100)).toEqual({
      ok: false,
      problem: { code: 'quota_exceeded', message: 'Quota exceeded for entities_total: current=90, requested=11, limit=100' },
    });
  });

  it('refuses anything more at the limit, as the status calls it exceeded', () => {
    expect(enforce('users', 5, 1, 5).ok).toBe(false);
  });

  it('always proceeds when unlimited', () => {
    expect(enforce('users', 1e9, 1e9, null)).toMatchObject({ ok: true, value: { limit: null, available: null } });
  });

  it('rejects a negative request instead of treating it as room', () => {
    const r = enforce('users', 5, -3, 5);
    expect(!r.ok && r.problem.code).toBe('validation_failed');
  });
});

describe('admit', () => {
  it('grants up to exactly the remaining allowance, counting open reservations', () => {
    expect(admit(10, 80, 15, 100)).toBe(5);
    expect(admit(3, 80, 15, 100)).toBe(3);
    expect(admit(10, 90, 10, 100)).toBe(0);
  });

  it('grants 0 to a group over its limit after a downgrade', () => {
    expect(admit(5, 4_000, 0, 100)).toBe(0);
  });

  it('grants api calls again on the first millisecond of a new UTC month', () => {
    // given a starter group that used its 1,000 calls in January
    const counters = new Map([[periodStartFor('api_calls_per_month', Date.UTC(2025, 0, 31, 23, 59, 59, 999)), 1_000]]);
    const usedAt = (now: number): number => counters.get(periodStartFor('api_calls_per_month', now)) ?? 0;
    expect(admit(1, usedAt(Date.UTC(2025, 0, 31, 23, 59, 59, 999)), 0, 1_000)).toBe(0);
    expect(admit(1, usedAt(Date.UTC(2025, 1, 1)), 0, 1_000)).toBe(1);
  });

  it('grants everything when unlimited', () => {
    expect(admit(10_000, 1e9, 1e6, null)).toBe(10_000);
  });
});

describe('quotaExceededMessage', () => {
  it('names metric, limit and remaining', () => {
    expect(quotaExceededMessage('entities_total', 100, 3)).toBe('Quota exceeded for entities_total: limit 100, remaining 3');
  });

  it('names storage by its quota metric, in GB and bytes', () => {
    expect(quotaExceededMessage('storage_bytes', 1024 ** 3, 12)).toBe(
      'Quota exceeded for storage_gb: limit 1 GB (1073741824 bytes), remaining 12 bytes',
    );
  });
});
