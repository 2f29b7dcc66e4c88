import type { QuotaMetric, UsageMetric } from '../contracts/usage';
import { fail, ok, type Result } from '../shared/result';
import { checkQuantity } from './capacity-checks';
import { BYTES_PER_GB, quotaMetricOf } from './plans';

export interface EnforceResult {
  readonly metric: QuotaMetric | UsageMetric;
  readonly current: number;
  readonly requested: number;
  /** null = unlimited */
  readonly limit: number | null;
  /** What is left before this request; null when unlimited. */
  readonly available: number | null;
  readonly canProceed: true;
}

/**
 * The seed's enforceQuota, as a value: refused when current + requested > limit. This agrees with
 * the status rule (at the limit a metric is `exceeded`): from there only a request of 0 fits.
 * Advisory like the seed's; writes are admitted atomically through reservations (`admit`).
 */
export const enforce = (
  metric: QuotaMetric | UsageMetric,
  current: number,
  requested: number,
  limit: number | null,
): Result<EnforceResult> => {
  const checked = checkQuantity(requested, 'requestedAmount');
  if (!checked.ok) return checked;
  if (limit !== null && current + requested > limit) {
    return fail('quota_exceeded', `Quota exceeded for ${metric}: current=${current}, requested=${requested}, limit=${limit}`);
  }
  const available = limit === null ? null : Math.max(0, limit - current);
  return ok({ metric, current, requested, limit, available, canProceed: true });
};

/**
 * How many of `requested` items fit beside confirmed usage and open reservations: all when
 * unlimited, never a negative number (a group over its limit after a downgrade is granted 0).
 */
export const admit = (requested: number, used: number, reserved: number, limit: number | null): number => {
  const wanted = Math.max(0, requested);
  return limit === null ? wanted : Math.min(wanted, Math.max(0, limit - used - reserved));
};

/** The per-item `quota_exceeded` error of a batch write: names the metric, its limit and what remains. */
export const quotaExceededMessage = (metric: UsageMetric, limit: number, remaining: number): string => {
  const left = Math.max(0, remaining);
  if (metric === 'storage_bytes') {
    return `Quota exceeded for ${quotaMetricOf(metric)}: limit ${limit / BYTES_PER_GB} GB (${limit} bytes), remaining ${left} bytes`;
  }
  return `Quota exceeded for ${metric}: limit ${limit}, remaining ${left}`;
};
