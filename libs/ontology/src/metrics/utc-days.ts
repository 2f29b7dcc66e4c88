import { DAY_MS, utcDayStart } from '../shared/clock';

/**
 * UTC calendar keys used by day buckets and active-people entries. ISO strings sort like the
 * instants they name, and they are safe as document keys (no `.`, no leading `$`).
 */
export type DayKey = string; // 'YYYY-MM-DD'
export type MonthKey = string; // 'YYYY-MM'

export const utcDayKey = (ms: number): DayKey => new Date(utcDayStart(ms)).toISOString().slice(0, 10);
export const utcMonthKey = (ms: number): MonthKey => new Date(utcDayStart(ms)).toISOString().slice(0, 7);

/** Start (epoch ms) of the UTC day a key names. */
export const dayKeyStart = (day: DayKey): number => Date.parse(`${day}T00:00:00.000Z`);

/** The day `days` days before (negative: after) the given day. */
export const daysBefore = (day: DayKey, days: number): DayKey => utcDayKey(dayKeyStart(day) - days * DAY_MS);

/** The month `months` months before the given month. */
export const monthsBefore = (month: MonthKey, months: number): MonthKey => {
  const [year, m] = month.split('-').map(Number);
  return utcMonthKey(Date.UTC(year, m - 1 - months, 1));
};

/** Length of the "last 7 days" window used by eventsThisWeek, trendingUp and activeUsers. */
export const WEEK_DAYS = 7;

/**
 * The calendar windows of the group metrics at `now`, as inclusive day-key ranges.
 * - month: the current UTC calendar month (every day key starting with `month`);
 * - week: today and the 6 UTC days before it (today counts although it is not over; a bucket
 *   after today, from an event stamped up to the allowed 5 minutes ahead, also counts);
 * - previousWeek: the 7 UTC days before that, for trendingUp.
 */
export interface MetricWindows {
  readonly today: DayKey;
  readonly month: MonthKey;
  readonly weekFrom: DayKey;
  readonly previousWeekFrom: DayKey;
  readonly previousWeekTo: DayKey;
}

export const metricWindows = (now: number): MetricWindows => {
  const today = utcDayKey(now);
  return {
    today,
    month: utcMonthKey(now),
    weekFrom: daysBefore(today, WEEK_DAYS - 1),
    previousWeekFrom: daysBefore(today, 2 * WEEK_DAYS - 1),
    previousWeekTo: daysBefore(today, WEEK_DAYS),
  };
};
