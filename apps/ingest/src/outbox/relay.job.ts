import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Counter } from 'prom-client';
import { IngestConfig } from '../ingest.config';
import { WriteModel } from '../store/write-model';
import { Outbox } from './outbox';

const relayed = new Counter({
  name: 'onescale_ingest_outbox_relayed_total',
  help: 'Outbox records finished by the relay after a crash or a broker outage',
});

/**
 * Finishes outbox records that no request closed: a crash between the write and the publish, or a
 * broker that was down. Open records are few (each request closes its own), so reading them all is cheap.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(OutboxRelay.name);
  private running: Promise<void> | null = null;

  constructor(
    private readonly model: WriteModel,
    private readonly outbox: Outbox,
    private readonly config: IngestConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(
      'outbox-relay',
      setInterval(() => void this.tick(), this.config.RELAY_INTERVAL_MS),
    );
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', 'outbox-relay')) this.scheduler.deleteInterval('outbox-relay');
  }

  tick(): Promise<void> {
    this.running ??= this.relay().finally(() => (this.running = null));
    return this.running;
  }

  private async relay(): Promise<void> {
    const cutoff = Date.now() - this.config.RELAY_AGE_MS;
    const open = await this.model.batches.find({}).toArray();
    for (const record of open.filter((r) => r.createdAt <= cutoff).sort((a, b) => a.createdAt - b.createdAt)) {
      try {
        await this.outbox.publish(record);
        relayed.inc();
        this.log.log({ msg: 'outbox record relayed', batchId: record._id, kind: record.kind });
      } catch (error) {
        this.log.warn({ msg: 'relay failed; will retry', batchId: record._id, err: (error as Error).message });
        return;
      }
    }
  }
}
