import { BYTES_PER_GB, hardLimit, usageLimitOf, type EffectiveLimits, type UsageMetric } from '@onescale/ontology';
import type { CounterPeriod, RequestMetric } from '@onescale/api';

/** The counter a request's metric reads: `storage_gb` is storage counted in bytes. */
export const usageMetricOf = (metric: RequestMetric): UsageMetric => (metric === 'storage_gb' ? 'storage_bytes' : metric);

/** A request's amount in the counter's unit (whole GB become bytes). */
export const usageAmountOf = (metric: RequestMetric, amount: number): number => (metric === 'storage_gb' ? amount * BYTES_PER_GB : amount);

/** The period each counter runs over. */
export const periodOf = (metric: UsageMetric): CounterPeriod => (metric === 'api_calls_per_month' ? 'monthly' : 'all_time');

/**
 * `current` and the limit that refuses (none when the limit is soft) in the unit the request named
 * (GB for storage_gb), for `enforce`.
 */
export const inRequestUnit = (metric: RequestMetric, limits: EffectiveLimits, used: number): { current: number; limit: number | null } =>
  metric === 'storage_gb'
    ? { current: used / BYTES_PER_GB, limit: hardLimit(limits.storage_gb) }
    : { current: used, limit: hardLimit(usageLimitOf(limits, metric)) };
