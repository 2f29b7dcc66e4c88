import { at } from './events.fixture';
import { daysBefore, metricWindows, monthsBefore, utcDayKey, utcMonthKey } from './utc-days';

describe('UTC calendar keys and windows', () => {
  it('names days and months in UTC', () => {
    expect(utcDayKey(at('2025-03-31T23:59:59.999Z'))).toBe('2025-03-31');
    expect(utcDayKey(at('2025-04-01T00:00:00Z'))).toBe('2025-04-01');
    expect(utcMonthKey(at('2024-02-29T12:00:00Z'))).toBe('2024-02');
    expect(daysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(monthsBefore('2025-01', 1)).toBe('2024-12');
  });

  it('defines the windows: calendar month, today and the 6 days before, the 7 days before that', () => {
    expect(metricWindows(at('2025-03-03T10:00:00Z'))).toEqual({
      today: '2025-03-03',
      month: '2025-03',
      weekFrom: '2025-02-25',
      previousWeekFrom: '2025-02-18',
      previousWeekTo: '2025-02-24',
    });
    expect(metricWindows(at('2025-01-01T00:00:00Z'))).toMatchObject({
      month: '2025-01',
      weekFrom: '2024-12-26',
      previousWeekFrom: '2024-12-19',
    });
  });
});
