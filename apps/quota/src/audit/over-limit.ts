import { USAGE_METRICS, usageLimit, type Plan, type UsageMetric } from '@onescale/ontology';

/** A root group's counter past its plan's limit: what no write should ever have been admitted to. */
export interface OverLimit {
  readonly rootGroupId: string;
  readonly metric: UsageMetric;
  readonly counter: number;
  readonly limit: number;
  readonly plan: Plan;
}

/**
 * Whether a root's limit of a metric is soft (reported, never refusing writes), so its counter may
 * pass it. No limit is soft yet; limit overrides and soft limits (SPEC §5) plug in here.
 */
export type SoftLimits = (rootGroupId: string, metric: UsageMetric) => boolean;
export const NO_SOFT_LIMITS: SoftLimits = () => false;

/**
 * Counters of a root group (its sub-groups count there too) above the limit of the plan quota holds
 * for that root. At the limit is fine; above it means a write got past admission.
 */
export const overLimitOf = (
  rootGroupId: string,
  plan: Plan,
  counters: Readonly<Partial<Record<UsageMetric, number>>>,
  isSoft: SoftLimits = NO_SOFT_LIMITS,
): OverLimit[] =>
  USAGE_METRICS.flatMap((metric): OverLimit[] => {
    const limit = usageLimit(plan, metric);
    const counter = counters[metric] ?? 0;
    return limit !== null && counter > limit && !isSoft(rootGroupId, metric) ? [{ rootGroupId, metric, counter, limit, plan }] : [];
  });
