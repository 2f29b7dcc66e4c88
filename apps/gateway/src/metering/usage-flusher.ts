import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS, makeEvent, type EventOf } from '@onescale/ontology';
import { EventPublisher, uuidv7 } from '@onescale/platform';
import { GatewayConfig } from '../gateway.config';
import { usagePublished } from '../gateway.metrics';
import { ApiCallMeter, type PendingUsage } from './api-call-meter';

const MAX_UNSENT = 100_000;

export const usageEnvelope = (usage: PendingUsage, now: number): EventOf<'usage_recorded'> =>
  makeEvent(
    'usage_recorded',
    { id: uuidv7(now), groupId: usage.rootGroupId, rootGroupId: usage.rootGroupId, timestamp: now },
    { metric: 'api_calls_per_month', amount: usage.amount, periodStart: usage.periodStart },
  );

/**
 * Publishes counted api calls about once a second: one usage record per root group and month, not
 * one per request. A failed publish is retried with the same envelopes (same ids), so quota, which
 * dedupes by id, never counts a retried record twice. The last counts are flushed on shutdown.
 */
@Injectable()
export class UsageFlusher implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('metering');
  private timer?: NodeJS.Timeout;
  private unsent: Array<EventOf<'usage_recorded'>> = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly config: GatewayConfig,
    private readonly meter: ApiCallMeter,
    private readonly publisher: EventPublisher,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.METERING_FLUSH_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  flush(): Promise<void> {
    this.running ??= this.publishPending().finally(() => (this.running = null));
    return this.running;
  }

  private async publishPending(): Promise<void> {
    const now = Date.now();
    this.unsent.push(...this.meter.drain().map((usage) => usageEnvelope(usage, now)));
    if (this.unsent.length === 0) return;
    if (this.unsent.length > MAX_UNSENT) {
      this.log.error({ msg: 'usage backlog full; dropping the oldest records', dropped: this.unsent.length - MAX_UNSENT });
      this.unsent = this.unsent.slice(-MAX_UNSENT);
    }
    const batch = this.unsent;
    try {
      await this.publisher.publish(TOPICS.usage, batch);
      this.unsent = [];
      usagePublished.inc({ what: 'records' }, batch.length);
      usagePublished.inc(
        { what: 'api_calls' },
        batch.reduce((n, e) => n + e.data.amount, 0),
      );
    } catch (error) {
      this.log.warn({
        msg: 'publishing usage failed; will retry the same records',
        records: batch.length,
        error: (error as Error).message,
      });
    }
  }
}
