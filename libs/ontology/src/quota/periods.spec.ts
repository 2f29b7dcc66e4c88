import { periodEndFor, periodStartFor, resetAt, usagePeriodStart } from './periods';

const JAN_31_LAST_MS = Date.UTC(2025, 0, 31, 23, 59, 59, 999);
const FEB_1 = Date.UTC(2025, 1, 1);
const JAN_1 = Date.UTC(2025, 0, 1);
const MAR_1 = Date.UTC(2025, 2, 1);

describe('periods', () => {
  it('puts the last millisecond of January in January and the next one in February', () => {
    expect(periodStartFor('api_calls_per_month', JAN_31_LAST_MS)).toBe(JAN_1);
    expect(periodStartFor('api_calls_per_month', FEB_1)).toBe(FEB_1);
  });

  it('ends the api-call period at the next UTC month start, which is when it resets', () => {
    expect(periodEndFor('api_calls_per_month', JAN_31_LAST_MS)).toBe(FEB_1);
    expect(periodEndFor('api_calls_per_month', FEB_1)).toBe(MAR_1);
    expect(resetAt('api_calls_per_month', Date.UTC(2025, 11, 15))).toBe(Date.UTC(2026, 0, 1));
  });

  it.each(['users', 'storage_bytes', 'entities_total', 'connections_total'] as const)(
    'keeps the gauge %s in one all-time period that never resets',
    (metric) => {
      expect(periodStartFor(metric, JAN_31_LAST_MS)).toBe(0);
      expect(periodStartFor(metric, FEB_1)).toBe(0);
      expect(periodEndFor(metric, FEB_1)).toBeNull();
      expect(resetAt(metric, FEB_1)).toBeNull();
    },
  );

  it('counts a usage event in the period it names, even when consumed after the rollover', () => {
    expect(usagePeriodStart({ metric: 'api_calls_per_month', amount: 3, periodStart: JAN_1 }, FEB_1)).toBe(JAN_1);
    expect(usagePeriodStart({ metric: 'api_calls_per_month', amount: 3 }, FEB_1)).toBe(FEB_1);
    expect(usagePeriodStart({ metric: 'entities_total', amount: 1, periodStart: JAN_1 }, FEB_1)).toBe(0);
  });
});
