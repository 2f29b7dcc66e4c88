import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { Connection } from 'mongoose';
import { archiveCutoff, retentionCutoff, type Clock } from '@onescale/ontology';
import { EventPublisher, HotEventStore, InjectMongo, uuidv7 } from '@onescale/platform';
import { ArchiveObjects } from '../archive/archive-objects';
import { Manifests } from '../archive/manifests';
import { ArchiverConfig } from '../archiver.config';
import { archiverLastSuccessSeconds, archiverRunDurationSeconds, archiverRunsTotal } from '../archiver.metrics';
import { InjectClock } from '../clock';
import { Backlog } from '../hot-store/backlog';
import { GroupCutoffs } from '../retention/group-cutoffs';
import { GroupRetention } from '../retention/group-retention';
import { archivePass } from './archive-pass';
import { ArchivalRuns } from './archival-runs';
import { CrashPoints } from './crash-points';
import { dailyRetryDelay } from './daily-retry';
import { GroupRunStarts } from './group-run-starts';
import { messageOf, type PassContext } from './pass-context';
import { purgeExpired, type PurgeResult } from './retention-purge';
import { RunLease, type HeldLease, type LeaseDoc } from './run-lease';
import { StepTimes } from './step-times';
import { summarizeRun, throughputOf, type ArchivalRunResult } from './run-summary';

/** Another run holds the lease: this one archived nothing. */
export class ArchivalInProgressError extends Error {
  constructor() {
    super('another archival run is in progress');
  }
}

/** The group key used its runs for this hour: nothing started. */
export class GroupRunLimitError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('this group started its archival runs for this hour');
  }
}

/** Who asked for a group run: group keys are held to the hourly limit, the platform admin is not. */
export type RunStarter = 'group-key' | 'platform';

/** runDailyArchival and archiveGroupEvents: one run at a time across every archiver process. */
@Injectable()
export class ArchivalService implements OnModuleInit {
  private readonly log = new Logger(ArchivalService.name);
  readonly lease: RunLease;
  private readonly crash: CrashPoints;

  constructor(
    private readonly config: ArchiverConfig,
    @InjectClock() private readonly clock: Clock,
    @InjectMongo() mongo: Connection,
    private readonly hot: HotEventStore,
    private readonly backlog: Backlog,
    private readonly manifests: Manifests,
    private readonly objects: ArchiveObjects,
    private readonly runs: ArchivalRuns,
    private readonly starts: GroupRunStarts,
    private readonly publisher: EventPublisher,
    private readonly retention: GroupRetention,
  ) {
    this.lease = new RunLease(mongo.collection<LeaseDoc>('archival_lease'), 'archival', config.LEASE_TTL_MS);
    this.crash = new CrashPoints(config.ARCHIVER_CRASH_AFTER);
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.manifests.splitLegacy(), this.runs.ensureIndexes(), this.starts.foldLegacy()]);
  }

  /** Every group's events older than its retention (its root's plan), then the retention purge. */
  runDailyArchival(): Promise<ArchivalRunResult> {
    return this.run('daily', undefined, undefined);
  }

  /** One group's events older than `daysCutoff` days (0: everything up to now), or than its retention when absent. */
  archiveGroupEvents(groupId: string, daysCutoff: number | undefined, starter: RunStarter = 'platform'): Promise<ArchivalRunResult> {
    return this.run('group', groupId, daysCutoff, starter);
  }

  /** runDailyArchival now, after whatever run holds the lease (a group run) has finished. */
  async runDailyAfterOthers(): Promise<ArchivalRunResult> {
    const result = await this.runDailyWhenFree();
    if (result === null) throw new ArchivalInProgressError();
    return result;
  }

  /**
   * The daily run, whoever holds the lease when it is due (a group run, a crashed predecessor): it
   * waits and tries again until it runs, never skipping the day. Null only when `nextScheduledAt`
   * comes first, whose run then archives everything this one would have.
   */
  async runDailyWhenFree(nextScheduledAt?: number): Promise<ArchivalRunResult | null> {
    for (;;) {
      try {
        return await this.runDailyArchival();
      } catch (error) {
        if (!(error instanceof ArchivalInProgressError)) throw error;
        const wait = dailyRetryDelay(Date.now(), await this.lease.expiresAt(), nextScheduledAt);
        if (wait === null) return null;
        this.log.log({ msg: 'daily archival waits for the lease', retryInMs: wait });
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async run(
    kind: 'daily' | 'group',
    groupId: string | undefined,
    days: number | undefined,
    starter: RunStarter = 'platform',
  ): Promise<ArchivalRunResult> {
    const runId = uuidv7();
    const lease = await this.lease.acquire(runId);
    if (lease === null) {
      archiverRunsTotal.inc({ outcome: 'skipped' });
      throw new ArchivalInProgressError();
    }
    // Checked and recorded under the lease, so two requests cannot both take a group's last start.
    if (kind === 'group' && starter === 'group-key') {
      const allowance = await this.starts.take(groupId!).catch(async (error: unknown) => {
        await lease.release();
        throw error;
      });
      if (!allowance.ok) {
        await lease.release();
        archiverRunsTotal.inc({ outcome: 'limited' });
        throw new GroupRunLimitError(allowance.retryAfterMs);
      }
    }
    const started = performance.now();
    const now = this.clock();
    // Asked once per group and run: a plan change applies from the next run on.
    const cutoffs = days === undefined ? this.retention.forRun(now) : GroupCutoffs.fixed(now, days);
    const defaultCutoff = archiveCutoff(now, this.config.AGE_THRESHOLD_DAYS);
    try {
      // A group run reports its group's cutoff; a daily run, the default that groups without a plan limit get.
      const cutoff = groupId === undefined ? defaultCutoff : await cutoffs.of(groupId);
      this.log.log({ msg: 'archival run started', runId, kind, groupId, cutoff });
      await this.objects
        .ensureBucket()
        .catch((error: Error) => this.log.warn({ msg: 'archive bucket not reachable', error: error.message }));
      const steps = new StepTimes();
      const pass = await archivePass(this.context(runId, cutoffs, defaultCutoff, lease, steps), groupId);
      const purge = kind === 'daily' ? await steps.time('purge', () => this.purge(lease, now)) : undefined;
      const result = summarizeRun({
        runId,
        cutoff,
        outcomes: pass.outcomes,
        totalTime: performance.now() - started,
        purge,
        error: pass.error,
      });
      await this.record(result, kind, groupId, now, steps);
      return result;
    } finally {
      await lease.release();
    }
  }

  private context(runId: string, cutoffs: GroupCutoffs, defaultCutoff: number, lease: HeldLease, steps: StepTimes): PassContext {
    const { hot, backlog, manifests, objects, publisher, clock, crash, log } = this;
    return {
      runId,
      cutoffs,
      defaultCutoff,
      batchSize: this.config.BATCH_SIZE,
      deleteBatchSize: this.config.DELETE_BATCH_SIZE,
      clock,
      hot,
      backlog,
      manifests,
      objects,
      publisher,
      lease,
      crash,
      log,
      steps,
    };
  }

  private async purge(lease: HeldLease, now: number): Promise<PurgeResult> {
    try {
      return await purgeExpired(
        { manifests: this.manifests, objects: this.objects, lease, log: this.log },
        retentionCutoff(now, this.config.RETENTION_DAYS),
      );
    } catch (error) {
      this.log.error({ msg: 'retention purge failed; retried next run', error: messageOf(error) });
      return { purged: 0, failed: 1 };
    }
  }

  private async record(
    result: ArchivalRunResult,
    kind: 'daily' | 'group',
    groupId: string | undefined,
    now: number,
    steps: StepTimes,
  ): Promise<void> {
    archiverRunsTotal.inc({ outcome: result.outcome });
    archiverRunDurationSeconds.observe(result.totalTime / 1000);
    if (result.outcome === 'success') archiverLastSuccessSeconds.set(Date.now() / 1000);
    this.log.log({
      msg: 'archival run finished',
      runId: result.runId,
      outcome: result.outcome,
      archived: result.totalArchived,
      failed: result.totalFailed,
      ms: result.totalTime,
      steps: steps.toJSON(),
    });
    const { batches, ...summary } = result;
    await this.runs
      .record(
        {
          ...summary,
          _id: result.runId,
          kind,
          ...(groupId === undefined ? {} : { groupId }),
          startedAt: now,
          finishedAtWall: Date.now(),
          eventsPerSecond: throughputOf(result),
        },
        batches,
      )
      .catch((error: Error) => this.log.error({ msg: 'could not record the run', runId: result.runId, error: error.message }));
  }
}
