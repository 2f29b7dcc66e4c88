import { DAY_MS } from '../shared/clock';
import { callsHistory, gaugeHistory, historyPeriods, MAX_DAY_RECORDS, noteCount, noteLevel } from './usage-history';

const day = (m: number, d: number) => Date.UTC(2026, m - 1, d);

describe('usage history', () => {
  it('notes a gauge’s last level of each day, keeping the latest days only', () => {
    let days = noteLevel(undefined, day(3, 1), 4);
    days = noteLevel(days, day(3, 1), 7);
    days = noteLevel(days, day(3, 2), 5);
    expect(days).toEqual({ [day(3, 1)]: 7, [day(3, 2)]: 5 });
    let many = {};
    for (let i = 0; i <= MAX_DAY_RECORDS; i++) many = noteLevel(many, i * DAY_MS, i);
    expect(Object.keys(many)).toHaveLength(MAX_DAY_RECORDS);
    expect(many).not.toHaveProperty('0');
  });

  it('adds up the calls of each day', () => {
    expect(noteCount(noteCount(undefined, day(3, 1), 3), day(3, 1), 2)).toEqual({ [day(3, 1)]: 5 });
  });

  it('lists periods oldest first, by default the last 30 days or 12 months, never past now', () => {
    const now = day(3, 15) + 5000;
    expect(historyPeriods('day', now, day(3, 13) + 1, day(4, 1))).toEqual({ ok: true, value: [day(3, 13), day(3, 14), day(3, 15)] });
    const days = historyPeriods('day', now);
    expect(days.ok && [days.value.length, days.value[0], days.value[29]]).toEqual([30, day(2, 14), day(3, 15)]);
    const months = historyPeriods('month', now);
    expect(months.ok && [months.value.length, months.value[0], months.value[11]]).toEqual([12, Date.UTC(2025, 3, 1), day(3, 1)]);
  });

  it('refuses a range past the limit, or backwards, naming from', () => {
    const now = day(12, 31);
    expect(historyPeriods('day', now, day(1, 1), day(12, 31))).toEqual({ ok: true, value: expect.any(Array) });
    expect(historyPeriods('day', now, day(1, 1) - 2 * DAY_MS, day(12, 31))).toMatchObject({
      ok: false,
      problem: { code: 'range_too_large', path: 'from' },
    });
    expect(historyPeriods('month', now, Date.UTC(2016, 0, 1))).toMatchObject({ ok: false, problem: { code: 'range_too_large' } });
    expect(historyPeriods('day', now, day(3, 2), day(3, 1))).toMatchObject({
      ok: false,
      problem: { code: 'validation_failed', path: 'from' },
    });
  });

  it('reads a gauge at each period’s end, carrying its level over quiet days, and now for the current period', () => {
    const days = { [day(3, 1)]: 7, [day(3, 3)]: 2 };
    const periods = [day(2, 28), day(3, 1), day(3, 2), day(3, 3), day(3, 4)];
    expect(gaugeHistory('day', periods, days, 9, day(3, 4) + 1).map((i) => i.value)).toEqual([0, 7, 7, 2, 9]);
    expect(gaugeHistory('month', [day(2, 1), day(3, 1)], days, 9, day(4, 1))).toEqual([
      { periodStart: day(2, 1), value: 0 },
      { periodStart: day(3, 1), value: 2 },
    ]);
  });

  it('reads api calls from each month’s counter, and each day from its month’s day records', () => {
    const counters: Record<number, { used: number; days: Record<string, number> }> = {
      [day(2, 1)]: { used: 40, days: { [day(2, 28)]: 40 } },
      [day(3, 1)]: { used: 12, days: { [day(3, 1)]: 5, [day(3, 2)]: 7 } },
    };
    const month = (start: number) => counters[start] ?? { used: 0, days: {} };
    expect(callsHistory('month', [day(1, 1), day(2, 1), day(3, 1)], month).map((i) => i.value)).toEqual([0, 40, 12]);
    expect(callsHistory('day', [day(2, 28), day(3, 1), day(3, 2), day(3, 3)], month).map((i) => i.value)).toEqual([40, 5, 7, 0]);
  });
});
