import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ArchiverConfig } from '../archiver.config';
import { messageOf } from './pass-context';
import { ArchivalService } from './archival.service';

/** The daily run on ARCHIVAL_CRON (UTC) when the archiver runs as a service. */
@Injectable()
export class ArchivalScheduler implements OnApplicationBootstrap {
  private readonly log = new Logger(ArchivalScheduler.name);
  /** A day's run still waiting or running: the next tick does not start a second one beside it. */
  private running = false;

  constructor(
    private readonly config: ArchiverConfig,
    private readonly registry: SchedulerRegistry,
    private readonly archival: ArchivalService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ARCHIVAL_CRON === 'off') return;
    const job: CronJob = CronJob.from({
      cronTime: this.config.ARCHIVAL_CRON,
      timeZone: 'UTC',
      onTick: () => void this.tick(job),
      start: true,
    });
    this.registry.addCronJob('daily-archival', job);
    this.log.log({ msg: 'daily archival scheduled', cron: this.config.ARCHIVAL_CRON, timeZone: 'UTC' });
  }

  /** A lease taken when the run is due (a group run, say) delays the day's run, never skips it. */
  private async tick(job: CronJob): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const result = await this.archival.runDailyWhenFree(job.nextDate().toMillis());
      if (result === null) this.log.warn({ msg: 'the lease stayed taken until the next scheduled run, which takes over' });
    } catch (error) {
      this.log.error({ msg: 'scheduled archival failed', error: messageOf(error) });
    } finally {
      this.running = false;
    }
  }
}
