import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, usageLimitOf } from '@onescale/ontology';
import type { BatchOutcome, TopicBatch } from '@onescale/platform';
import { ThresholdAlerts } from '../alerts/threshold-alerts';
import { CounterStore } from '../counters/counter-store';
import { GroupDirectory } from '../groups/group-directory';
import { LimitOverridesRepository } from '../limits/limit-overrides.repository';
import { usageAppliedTotal } from '../quota.metrics';
import { AppliedUsage } from './applied-usage.repository';
import { applyToCounter, groupByKey, readUsage, type CounterBatch, type UsageItem } from './usage-batch';

/** The usage consumer's transport (its own KafkaBatchServer, consumer group `quota.usage`). */
export const USAGE_TRANSPORT = Symbol('quota.usage');

/**
 * Counts `usage_recorded` events: one append per counter per batch, each event once (offset guard
 * against redelivery, envelope-id claims against re-published copies, which count only what they
 * carry beyond the first), then threshold alerts.
 */
@Controller()
export class UsageConsumer {
  private readonly logger = new Logger('usage');

  constructor(
    private readonly counters: CounterStore,
    private readonly applied: AppliedUsage,
    private readonly groups: GroupDirectory,
    private readonly alerts: ThresholdAlerts,
    private readonly overrides: LimitOverridesRepository,
  ) {}

  @EventPattern(TOPICS.usage.name, USAGE_TRANSPORT)
  async onUsage(@Payload() batch: TopicBatch<typeof TOPICS.usage>): Promise<BatchOutcome> {
    const deadLetters: Array<{ offset: number; reason: string }> = [];
    const items: UsageItem[] = [];
    for (const { envelope, offset } of batch.events) {
      const read = readUsage(envelope, offset);
      if (read.ok) items.push(read.value);
      else deadLetters.push({ offset, reason: read.problem.message });
    }
    const byKey = groupByKey(items);

    // Only events past each counter's offset guard can be new; claim their envelope ids.
    const fresh: UsageItem[] = [];
    for (const [key, keyed] of byKey) {
      const guard = (await this.counters.read(key)).offsets[String(batch.partition)] ?? -1;
      fresh.push(...keyed.filter((i) => i.offset > guard));
    }
    const amounts = await this.applied.amounts(batch.partition, fresh);

    for (const [key, keyed] of byKey) {
      const first = keyed[0]!;
      const limit = await this.limitOf(first);
      // The change may run more than once (a lost race); the run that was written is the last one.
      const written: { batch?: CounterBatch } = {};
      await this.counters.update(key, (doc) => {
        written.batch = applyToCounter(doc, batch.partition, keyed, (i) => amounts.get(i.offset) ?? null, limit ?? null);
        return written.batch.next;
      });
      const { applied, reached } = written.batch!;
      usageAppliedTotal.inc({ outcome: 'applied' }, applied);
      if (limit === undefined || limit === null) continue;
      for (const [level, current] of reached)
        await this.alerts.raise(first.rootGroupId, first.metric, first.periodStart, level, current, limit);
    }
    usageAppliedTotal.inc({ outcome: 'duplicate' }, fresh.length - amounts.size);
    usageAppliedTotal.inc({ outcome: 'redelivered' }, items.length - fresh.length);
    return { deadLetters };
  }

  /**
   * The limit alerts are judged against (null = unlimited; a soft limit alerts like a hard one), or
   * undefined when the plan cannot be learnt now: alerts never hold up counting, and the next batch
   * of the counter checks again.
   */
  private async limitOf(item: UsageItem): Promise<number | null | undefined> {
    try {
      const resolved = await this.groups.resolve(item.rootGroupId);
      if (!resolved) return undefined;
      return usageLimitOf(await this.overrides.limitsOf(resolved.root._id, resolved.root.plan), item.metric).limit;
    } catch (error) {
      this.logger.debug?.({
        msg: 'threshold check skipped',
        rootGroupId: item.rootGroupId,
        metric: item.metric,
        error: (error as Error).message,
      });
      return undefined;
    }
  }
}
