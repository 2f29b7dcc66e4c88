import type { Problem } from '../shared/result';
import type { UsageMetric } from '../contracts/usage';
import { quotaExceededMessage } from '../quota';

/** What one item of a batch consumes of each metric it counts against. */
export type ItemCost = Partial<Readonly<Record<UsageMetric, number>>>;

/** What quota granted per metric, with the limit and what remained (for the error message). */
export interface Grant {
  readonly granted: number;
  readonly limit: number | null;
  readonly remaining: number | null;
}

/**
 * Admits items in input order while every metric they count against still has granted allowance;
 * the rest fail with `quota_exceeded` naming the metric, its limit and what remained. Items that do
 * not fit one metric do not consume the others.
 */
export function admitWithinGrants(
  costs: readonly ItemCost[],
  grants: Readonly<Partial<Record<UsageMetric, Grant>>>,
): Array<{ admitted: true } | { admitted: false; problem: Problem }> {
  const left = new Map<UsageMetric, number>(Object.entries(grants).map(([metric, grant]) => [metric as UsageMetric, grant!.granted]));
  return costs.map((cost) => {
    for (const [metric, amount] of Object.entries(cost) as Array<[UsageMetric, number]>) {
      if (amount <= 0) continue;
      const remaining = left.get(metric);
      if (remaining !== undefined && remaining < amount) {
        const grant = grants[metric]!;
        return {
          admitted: false,
          problem: { code: 'quota_exceeded', message: quotaExceededMessage(metric, grant.limit ?? 0, grant.remaining ?? 0) },
        };
      }
    }
    for (const [metric, amount] of Object.entries(cost) as Array<[UsageMetric, number]>) {
      const remaining = left.get(metric);
      if (remaining !== undefined) left.set(metric, remaining - amount);
    }
    return { admitted: true };
  });
}

/** Total of each metric over the given costs (what to ask quota to reserve). */
export function totalCosts(costs: readonly ItemCost[]): Partial<Record<UsageMetric, number>> {
  const totals: Partial<Record<UsageMetric, number>> = {};
  for (const cost of costs) {
    for (const [metric, amount] of Object.entries(cost) as Array<[UsageMetric, number]>) totals[metric] = (totals[metric] ?? 0) + amount;
  }
  return totals;
}
