import { Injectable } from '@nestjs/common';
import { TOPICS, makeEvent, periodStartFor, type UsageMetric } from '@onescale/ontology';
import { EventPublisher, uuidv7 } from '@onescale/platform';
import { counterKey } from '../counters/counter-doc';
import { CounterStore } from '../counters/counter-store';
import type { QuotaContext } from './quota-reader';

const APPLY_WAIT_MS = 5000;

export interface RecordedUsage {
  readonly eventId: string;
  readonly periodStart: number;
  /** The counter once this record was applied; null if the consumer has not got to it in time. */
  readonly value: number | null;
}

/**
 * Hand-recorded usage goes the way all usage goes: a `usage_recorded` event on the usage topic, which
 * this app's consumer counts (so counters stay a function of the usage log). The answer waits until
 * the consumer has applied the event, to report the new value.
 */
@Injectable()
export class UsageRecorder {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly counters: CounterStore,
  ) {}

  async record(ctx: QuotaContext, metric: UsageMetric, amount: number): Promise<RecordedUsage> {
    const periodStart = periodStartFor(metric, ctx.now);
    const envelope = makeEvent(
      'usage_recorded',
      { id: uuidv7(ctx.now), groupId: ctx.groupId, rootGroupId: ctx.rootGroupId, timestamp: ctx.now },
      { metric, amount, ...(metric === 'api_calls_per_month' ? { periodStart } : {}) },
    );
    const position = (await this.publisher.publish(TOPICS.usage, [envelope])).get(ctx.rootGroupId)!;
    const key = counterKey(ctx.rootGroupId, metric, periodStart);
    const deadline = Date.now() + APPLY_WAIT_MS;
    for (;;) {
      const doc = await this.counters.read(key);
      if ((doc.offsets[String(position.partition)] ?? -1) >= position.offset) return { eventId: envelope.id, periodStart, value: doc.used };
      if (Date.now() > deadline) return { eventId: envelope.id, periodStart, value: null };
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
