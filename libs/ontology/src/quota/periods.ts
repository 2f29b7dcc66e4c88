import { nextUtcMonthStart, utcMonthStart } from '../shared/clock';
import type { UsageMetric, UsageRecordedData } from '../contracts/usage';

/**
 * Counters are keyed by (root group, metric, period start). Api calls are a rate that starts over
 * each UTC calendar month (a new key, never a delete); gauges live in one all-time period, 0.
 */
export const ALL_TIME_PERIOD = 0;

export const periodStartFor = (metric: UsageMetric, now: number): number =>
  metric === 'api_calls_per_month' ? utcMonthStart(now) : ALL_TIME_PERIOD;

/** Exclusive end of the period containing `now`; null for gauges, whose period never ends. */
export const periodEndFor = (metric: UsageMetric, now: number): number | null =>
  metric === 'api_calls_per_month' ? nextUtcMonthStart(now) : null;

/** When the counter the group sees now starts over from 0 (next UTC month for api calls); null = never. */
export const resetAt = (metric: UsageMetric, now: number): number | null => periodEndFor(metric, now);

/**
 * The period a usage event counts in: the one it names (so an event consumed after midnight on the
 * 1st still counts in the month it was recorded), else the period of `recordedAt`.
 */
export const usagePeriodStart = (data: UsageRecordedData, recordedAt: number): number =>
  data.metric === 'api_calls_per_month' && data.periodStart !== undefined ? data.periodStart : periodStartFor(data.metric, recordedAt);
