import { DAY_MS, nextUtcMonthStart, utcDayStart, utcMonthStart } from '../shared/clock';
import { fail, ok, type Result } from '../shared/result';

/**
 * Per-day records a counter keeps beside its value (epoch ms of the UTC day start → value): for a
 * gauge its level at the end of that day (the last change counted that day), for api calls the
 * calls counted that day.
 */
export type DayRecords = Readonly<Record<string, number>>;

/** A gauge keeps this many days of levels (a little over a year); older days are dropped first. */
export const MAX_DAY_RECORDS = 400;

/** Notes a gauge's level at the end of `day`, keeping the latest MAX_DAY_RECORDS days. */
export const noteLevel = (days: DayRecords = {}, day: number, level: number): DayRecords => {
  const next = { ...days, [String(day)]: level };
  const keys = Object.keys(next);
  if (keys.length <= MAX_DAY_RECORDS) return next;
  const oldest = keys.map(Number).sort((a, b) => a - b)[0]!;
  delete next[String(oldest)];
  return next;
};

/** Adds calls counted on `day` (a month's counter holds at most 31 days). */
export const noteCount = (days: DayRecords = {}, day: number, amount: number): DayRecords => ({
  ...days,
  [String(day)]: (days[String(day)] ?? 0) + amount,
});

export type HistoryGranularity = 'day' | 'month';

export interface HistoryItem {
  readonly periodStart: number;
  readonly value: number;
}

/** The longest ranges one request may ask for. */
export const MAX_HISTORY_PERIODS: Readonly<Record<HistoryGranularity, number>> = { day: 366, month: 120 };

const startOf = (g: HistoryGranularity, t: number): number => (g === 'day' ? utcDayStart(t) : utcMonthStart(t));
const nextStart = (g: HistoryGranularity, start: number): number => (g === 'day' ? start + DAY_MS : nextUtcMonthStart(start));

/**
 * The starts of the periods from the one containing `from` to the one containing `to` (never past
 * `now`), oldest first. Defaults: the last 30 days, or the last 12 months. Past the limit → 400.
 */
export const historyPeriods = (granularity: HistoryGranularity, now: number, from?: number, to?: number): Result<number[]> => {
  const last = startOf(granularity, Math.min(to ?? now, now));
  let first = from === undefined ? last : startOf(granularity, from);
  if (from === undefined) {
    for (let i = 1; i < (granularity === 'day' ? 30 : 12); i++) first = startOf(granularity, first - 1);
  }
  if (first > last) return fail('validation_failed', 'from must not be after to (or after now)', 'from');
  const periods: number[] = [];
  for (let p = first; p <= last; p = nextStart(granularity, p)) {
    if (periods.length === MAX_HISTORY_PERIODS[granularity]) {
      return fail('range_too_large', `at most ${MAX_HISTORY_PERIODS[granularity]} ${granularity}s per request: narrow from and to`, 'from');
    }
    periods.push(p);
  }
  return ok(periods);
};

/**
 * A gauge per period: its level at the period's end (the last day level noted before it ends), or
 * `current` for the period that holds `now`; 0 before its first noted day.
 */
export const gaugeHistory = (
  granularity: HistoryGranularity,
  periods: readonly number[],
  days: DayRecords,
  current: number,
  now: number,
): HistoryItem[] => {
  const noted = Object.entries(days)
    .map(([day, level]) => [Number(day), level] as const)
    .sort((a, b) => a[0] - b[0]);
  return periods.map((periodStart) => {
    const end = nextStart(granularity, periodStart);
    if (end > now) return { periodStart, value: current };
    let value = 0;
    for (const [day, level] of noted) if (day < end) value = level;
    return { periodStart, value };
  });
};

/** Api calls per period: per month the month's counter, per day what that day counted. */
export const callsHistory = (
  granularity: HistoryGranularity,
  periods: readonly number[],
  month: (monthStart: number) => { readonly used: number; readonly days: DayRecords },
): HistoryItem[] =>
  periods.map((periodStart) => {
    const counter = month(utcMonthStart(periodStart));
    return { periodStart, value: granularity === 'month' ? counter.used : (counter.days[String(periodStart)] ?? 0) };
  });
