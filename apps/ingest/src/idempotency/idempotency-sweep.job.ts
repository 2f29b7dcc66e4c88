import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IngestConfig } from '../ingest.config';
import { WriteModel } from '../store/write-model';

/**
 * Idempotency records expire after IDEMPOTENCY_TTL_MS (24 h, SPEC §2): a retry later than that is a
 * new request. FerretDB has no TTL indexes, so a sweep deletes expired records every
 * IDEMPOTENCY_SWEEP_MS, by an index on their creation time.
 */
@Injectable()
export class IdempotencySweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(IdempotencySweep.name);
  private running: Promise<number> | null = null;

  constructor(
    private readonly model: WriteModel,
    private readonly config: IngestConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(
      'idempotency-sweep',
      setInterval(() => void this.sweep(), this.config.IDEMPOTENCY_SWEEP_MS),
    );
  }

  onModuleDestroy(): void {
    if (this.scheduler.doesExist('interval', 'idempotency-sweep')) this.scheduler.deleteInterval('idempotency-sweep');
  }

  /** Deletes the records older than the TTL; resolves with how many went. */
  sweep(now = Date.now()): Promise<number> {
    this.running ??= this.deleteExpired(now).finally(() => (this.running = null));
    return this.running;
  }

  private async deleteExpired(now: number): Promise<number> {
    try {
      const expired = { createdAt: { $lt: now - this.config.IDEMPOTENCY_TTL_MS } };
      // Rejection markers of the ingestion topic live as long: a redelivery is far younger.
      const [{ deletedCount }] = await Promise.all([this.model.idempotency.deleteMany(expired), this.model.rejections.deleteMany(expired)]);
      if (deletedCount > 0) this.log.log({ msg: 'expired idempotency records deleted', count: deletedCount });
      return deletedCount;
    } catch (error) {
      this.log.warn({ msg: 'idempotency sweep failed; will retry', err: (error as Error).message });
      return 0;
    }
  }
}
