import { Injectable } from '@nestjs/common';
import { USAGE_METRICS, periodStartFor, type EffectiveLimits, type Plan, type UsageMetric } from '@onescale/ontology';
import { ProblemException } from '@onescale/platform';
import { counterKey, type CounterDoc } from '../counters/counter-doc';
import { CounterStore } from '../counters/counter-store';
import { GroupDirectory } from '../groups/group-directory';
import { LimitOverridesRepository } from '../limits/limit-overrides.repository';

/** A group as the quota routes see it: its root (whose plan, limits and counters apply) and the counters now. */
export interface QuotaContext {
  readonly groupId: string;
  readonly rootGroupId: string;
  readonly plan: Plan;
  /** The root's plan limits with its overrides. */
  readonly limits: EffectiveLimits;
  readonly now: number;
  readonly usage: Readonly<Record<UsageMetric, number>>;
  readonly reserved: Readonly<Record<UsageMetric, number>>;
}

@Injectable()
export class QuotaReader {
  constructor(
    private readonly counters: CounterStore,
    private readonly groups: GroupDirectory,
    private readonly overrides: LimitOverridesRepository,
  ) {}

  /** The group's quota context; 404 `group_not_found` when neither quota nor ingest knows it. */
  async context(groupId: string): Promise<QuotaContext> {
    const resolved = await this.groups.resolve(groupId);
    if (!resolved) throw new ProblemException(404, 'group_not_found', `group ${groupId} not found`);
    return this.contextOfRoot(groupId, resolved.root._id, resolved.root.plan);
  }

  async contextOfRoot(groupId: string, rootGroupId: string, plan: Plan): Promise<QuotaContext> {
    const now = Date.now();
    const [limits, docs] = await Promise.all([
      this.overrides.limitsOf(rootGroupId, plan),
      Promise.all(USAGE_METRICS.map((m) => this.counter(rootGroupId, m, now))),
    ]);
    const pick = (f: (d: CounterDoc) => number) =>
      Object.fromEntries(USAGE_METRICS.map((m, i) => [m, f(docs[i]!)])) as Record<UsageMetric, number>;
    return { groupId, rootGroupId, plan, limits, now, usage: pick((d) => d.used), reserved: pick((d) => d.reserved) };
  }

  /** The counter of a metric for the period containing `now`. */
  counter(rootGroupId: string, metric: UsageMetric, now: number): Promise<CounterDoc> {
    return this.counters.read(counterKey(rootGroupId, metric, periodStartFor(metric, now)));
  }
}
