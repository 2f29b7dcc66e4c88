import { USAGE_METRICS, effectiveLimits, usageLimitOf, type EffectiveLimits, type Plan, type UsageMetric } from '@onescale/ontology';

/** A root group's counter past its hard limit: what no write should ever have been admitted to. */
export interface OverLimit {
  readonly rootGroupId: string;
  readonly metric: UsageMetric;
  readonly counter: number;
  readonly limit: number;
  readonly plan: Plan;
}

/** The plan quota holds for a root and the limits it is held to (overrides included). */
export interface RootLimits {
  readonly plan: Plan;
  readonly limits: EffectiveLimits;
}

/** A root held to its plan's limits alone. */
export const planLimits = (plan: Plan): RootLimits => ({ plan, limits: effectiveLimits(plan) });

/**
 * Counters of a root group (its sub-groups count there too) above the root's hard limits. At the
 * limit is fine; above it means a write got past admission. A soft limit may be passed: it is
 * reported and notified, never enforced.
 */
export const overLimitOf = (
  rootGroupId: string,
  { plan, limits }: RootLimits,
  counters: Readonly<Partial<Record<UsageMetric, number>>>,
): OverLimit[] =>
  USAGE_METRICS.flatMap((metric): OverLimit[] => {
    const { limit, soft } = usageLimitOf(limits, metric);
    const counter = counters[metric] ?? 0;
    return limit !== null && counter > limit && !soft ? [{ rootGroupId, metric, counter, limit, plan }] : [];
  });
