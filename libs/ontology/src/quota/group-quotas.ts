import type { Plan } from '../contracts/entities';
import { QUOTA_METRICS, type QuotaMetric, type UsageMetric } from '../contracts/usage';
import { metricStatus, type MetricStatus, type QuotaLevel } from './metric-status';
import { effectiveLimits, type EffectiveLimits } from './limits';
import { BYTES_PER_GB, round2 } from './plans';

export interface GroupQuotasInput {
  /** The root group: sub-groups count against it. */
  readonly groupId: string;
  readonly plan: Plan;
  /** Current counters (storage in bytes, api calls of the current month). */
  readonly usage: Readonly<Record<UsageMetric, number>>;
  /** The root's effective limits (overrides included); the plan's when not given. */
  readonly limits?: EffectiveLimits;
}

/**
 * Retention is an allowance, not something consumed: current = the plan's retention in days
 * (what the group gets), status `ok`; both null and status `unlimited` when the plan keeps
 * events forever. (The seed reported a constant 90 and `ok` even for enterprise.)
 */
export interface RetentionStatus {
  readonly current: number | null;
  readonly limit: number | null;
  readonly percentUsed: 0;
  readonly status: 'ok' | 'unlimited';
}

/** A consumable metric's status; `soft` when its limit is reported but never refuses a write. */
export type LimitedStatus = MetricStatus & { readonly soft?: true };

export interface QuotaTable {
  readonly users: LimitedStatus;
  /** current and limit in GB (current rounded to 2 decimals); percent and status from exact bytes. */
  readonly storage_gb: LimitedStatus;
  readonly api_calls_per_month: LimitedStatus;
  readonly entities_total: LimitedStatus;
  readonly connections_total: LimitedStatus;
  readonly events_retention_days: RetentionStatus;
}

export type QuotaWarning = LimitedStatus & {
  readonly metric: ConsumableMetric;
};

export interface GroupQuotas {
  readonly groupId: string;
  readonly plan: Plan;
  readonly quotas: QuotaTable;
  /** Every metric in warning, critical or exceeded (the seed left exceeded ones out). */
  readonly warnings: QuotaWarning[];
  readonly summary: {
    readonly allOk: boolean;
    readonly warningCount: number;
    readonly criticalCount: number;
    readonly exceededCount: number;
  };
}

const ALERT_LEVELS: readonly QuotaLevel[] = ['warning', 'critical', 'exceeded'];

/** The metrics that are used up (all but retention), in the seed's report order. */
export type ConsumableMetric = Exclude<QuotaMetric, 'events_retention_days'>;
export const CONSUMABLE_METRICS: readonly ConsumableMetric[] = QUOTA_METRICS.filter(
  (m): m is ConsumableMetric => m !== 'events_retention_days',
);

export const storageStatus = (bytes: number, limitGb: number | null): MetricStatus => {
  const exact = metricStatus(bytes, limitGb === null ? null : limitGb * BYTES_PER_GB);
  return { ...exact, current: round2(bytes / BYTES_PER_GB), limit: limitGb };
};

export const retentionStatus = (days: number | null): RetentionStatus =>
  days === null
    ? { current: null, limit: null, percentUsed: 0, status: 'unlimited' }
    : { current: days, limit: days, percentUsed: 0, status: 'ok' };

export const groupQuotas = ({ groupId, plan, usage, limits = effectiveLimits(plan) }: GroupQuotasInput): GroupQuotas => {
  const marked = (metric: ConsumableMetric, status: MetricStatus): LimitedStatus =>
    limits[metric].soft ? { ...status, soft: true } : status;
  const quotas: QuotaTable = {
    users: marked('users', metricStatus(usage.users, limits.users.limit)),
    storage_gb: marked('storage_gb', storageStatus(usage.storage_bytes, limits.storage_gb.limit)),
    api_calls_per_month: marked('api_calls_per_month', metricStatus(usage.api_calls_per_month, limits.api_calls_per_month.limit)),
    entities_total: marked('entities_total', metricStatus(usage.entities_total, limits.entities_total.limit)),
    connections_total: marked('connections_total', metricStatus(usage.connections_total, limits.connections_total.limit)),
    events_retention_days: retentionStatus(limits.events_retention_days.limit),
  };
  const warnings: QuotaWarning[] = CONSUMABLE_METRICS.filter((m) => ALERT_LEVELS.includes(quotas[m].status)).map((metric) => ({
    metric,
    ...quotas[metric],
  }));
  const count = (level: QuotaLevel): number => warnings.filter((w) => w.status === level).length;
  return {
    groupId,
    plan,
    quotas,
    warnings,
    summary: {
      allOk: warnings.length === 0,
      warningCount: count('warning'),
      criticalCount: count('critical'),
      exceededCount: count('exceeded'),
    },
  };
};
