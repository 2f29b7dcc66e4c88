import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ArchiverConfig } from '../archiver.config';
import { messageOf } from './pass-context';
import { ArchivalInProgressError, ArchivalService } from './archival.service';

/** The daily run on ARCHIVAL_CRON (UTC) when the archiver runs as a service. */
@Injectable()
export class ArchivalScheduler implements OnApplicationBootstrap {
  private readonly log = new Logger(ArchivalScheduler.name);

  constructor(
    private readonly config: ArchiverConfig,
    private readonly registry: SchedulerRegistry,
    private readonly archival: ArchivalService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ARCHIVAL_CRON === 'off') return;
    const job = CronJob.from({ cronTime: this.config.ARCHIVAL_CRON, timeZone: 'UTC', onTick: () => void this.tick(), start: true });
    this.registry.addCronJob('daily-archival', job);
    this.log.log({ msg: 'daily archival scheduled', cron: this.config.ARCHIVAL_CRON, timeZone: 'UTC' });
  }

  private async tick(): Promise<void> {
    try {
      await this.archival.runDailyArchival();
    } catch (error) {
      if (error instanceof ArchivalInProgressError) this.log.log({ msg: 'scheduled archival skipped: another run holds the lease' });
      else this.log.error({ msg: 'scheduled archival failed', error: messageOf(error) });
    }
  }
}
