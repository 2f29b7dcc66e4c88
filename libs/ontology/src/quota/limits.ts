import type { Plan } from '../contracts/entities';
import { QUOTA_METRICS, type QuotaMetric, type UsageMetric } from '../contracts/usage';
import { fail, ok, type Result } from '../shared/result';
import { BYTES_PER_GB, PLAN_LIMITS, quotaMetricOf } from './plans';

/** A limit set for one metric: `null` = unlimited; a soft limit is reported and notified but never refuses. */
export interface LimitSetting {
  readonly limit: number | null;
  readonly soft: boolean;
}

/** What the platform admin set for a root group, metric by metric (SPEC §5 "Beyond the seed"). */
export type LimitOverrides = Readonly<Partial<Record<QuotaMetric, LimitSetting>>>;

export interface EffectiveLimit extends LimitSetting {
  readonly source: 'plan' | 'override';
}

/** The limits a root group is held to: its plan's, replaced metric by metric by its overrides. */
export type EffectiveLimits = Readonly<Record<QuotaMetric, EffectiveLimit>>;

export const effectiveLimits = (plan: Plan, overrides: LimitOverrides = {}): EffectiveLimits =>
  Object.fromEntries(
    QUOTA_METRICS.map((metric) => {
      const set = overrides[metric];
      return [metric, set ? { ...set, source: 'override' } : { limit: PLAN_LIMITS[plan][metric], soft: false, source: 'plan' }];
    }),
  ) as Record<QuotaMetric, EffectiveLimit>;

/** A usage metric's limit in that metric's own unit (storage in bytes), and whether it is soft. */
export const usageLimitOf = (limits: EffectiveLimits, metric: UsageMetric): LimitSetting => {
  const { limit, soft } = limits[quotaMetricOf(metric)];
  return { limit: limit !== null && metric === 'storage_bytes' ? limit * BYTES_PER_GB : limit, soft };
};

/** The limit that refuses writes: none when the limit is soft. */
export const hardLimit = (setting: LimitSetting): number | null => (setting.soft ? null : setting.limit);

/** Limits fit a counter exactly: at most 10^12 (as a usage amount), storage at most what whole bytes can count. */
const MAX_LIMIT = 10 ** 12;
const maxLimitOf = (metric: QuotaMetric): number =>
  metric === 'storage_gb' ? Math.floor(Number.MAX_SAFE_INTEGER / BYTES_PER_GB) : MAX_LIMIT;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads `{limits: {<metric>: {limit, soft?}}}`: every metric known, every limit a non-negative
 * integer or null (unlimited). The first problem found is answered with the path of its field.
 */
export const parseLimitOverrides = (body: unknown): Result<LimitOverrides> => {
  if (!isObject(body) || !isObject(body.limits))
    return fail('validation_failed', 'limits must be an object of metric → {limit, soft?}', 'limits');
  const overrides: Partial<Record<QuotaMetric, LimitSetting>> = {};
  for (const [metric, setting] of Object.entries(body.limits)) {
    const path = `limits.${metric}`;
    if (!(QUOTA_METRICS as readonly string[]).includes(metric)) {
      return fail('validation_failed', `unknown metric ${metric}; one of ${QUOTA_METRICS.join(', ')}`, path);
    }
    if (!isObject(setting)) return fail('validation_failed', `${path} must be an object {limit, soft?}`, path);
    const unknown = Object.keys(setting).find((k) => k !== 'limit' && k !== 'soft');
    if (unknown !== undefined) return fail('validation_failed', `${path}.${unknown} is not a field of a limit`, `${path}.${unknown}`);
    const { limit, soft = false } = setting;
    const max = maxLimitOf(metric as QuotaMetric);
    if (limit !== null && !(typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= 0 && limit <= max)) {
      return fail('validation_failed', `${path}.limit must be an integer from 0 to ${max}, or null (unlimited)`, `${path}.limit`);
    }
    if (typeof soft !== 'boolean') return fail('validation_failed', `${path}.soft must be a boolean`, `${path}.soft`);
    overrides[metric as QuotaMetric] = { limit, soft };
  }
  return ok(overrides);
};
