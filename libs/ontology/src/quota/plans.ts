import type { Plan } from '../contracts/entities';
import type { QuotaMetric, UsageMetric } from '../contracts/usage';

/** Limits per metric; `null` = unlimited (the seed's Infinity, which JSON cannot carry). */
export type QuotaLimits = Readonly<Record<QuotaMetric, number | null>>;

/** The one plan table (SPEC §5). storage_gb is in GB, events_retention_days in days. */
export const PLAN_LIMITS: Readonly<Record<Plan, QuotaLimits>> = {
  starter: {
    users: 5,
    storage_gb: 1,
    api_calls_per_month: 1_000,
    entities_total: 100,
    connections_total: 500,
    events_retention_days: 90,
  },
  pro: {
    users: 50,
    storage_gb: 100,
    api_calls_per_month: 100_000,
    entities_total: 10_000,
    connections_total: 50_000,
    events_retention_days: 365,
  },
  enterprise: {
    users: null,
    storage_gb: null,
    api_calls_per_month: null,
    entities_total: null,
    connections_total: null,
    events_retention_days: null,
  },
};

export interface PlanPrice {
  /** null = custom pricing (enterprise). */
  readonly monthly: number | null;
  readonly annual: number | null;
}

export const PLAN_PRICES: Readonly<Record<Plan, PlanPrice>> = {
  starter: { monthly: 0, annual: 0 },
  pro: { monthly: 49, annual: 490 },
  enterprise: { monthly: null, annual: null },
};

export const PLAN_NAMES: Readonly<Record<Plan, string>> = {
  starter: 'Starter',
  pro: 'Pro',
  enterprise: 'Enterprise',
};

/** Storage is counted in bytes and shown in GB (binary: 1 GB = 1024³ bytes, as the seed). */
export const BYTES_PER_GB = 1024 ** 3;
export const BYTES_PER_MB = 1024 ** 2;

/** The quota metric a usage metric is limited by. */
export const quotaMetricOf = (metric: UsageMetric): QuotaMetric => (metric === 'storage_bytes' ? 'storage_gb' : metric);

/** Rounds to 2 decimals for display (GB, MB figures). */
export const round2 = (n: number): number => Math.round(n * 100) / 100;
