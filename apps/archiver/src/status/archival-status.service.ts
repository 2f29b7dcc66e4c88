import { Injectable } from '@nestjs/common';
import { HotEventStore, hotDayOf, hotDayStart, type LedgerDay } from '@onescale/platform';
import { archiveCutoff, estimateArchival, type ArchivalConfig, type ArchivalEstimate, type Clock } from '@onescale/ontology';
import type { ManifestTotals } from '../archive/manifests';
import { ArchivalRuns, type GroupRunRecord, type RunRecord } from '../archival/archival-runs';
import { throughputOf } from '../archival/run-summary';
import { ArchiverConfig } from '../archiver.config';
import { InjectClock } from '../clock';
import { Backlog } from '../hot-store/backlog';
import type { GroupCutoffs } from '../retention/group-cutoffs';
import { GroupRetention } from '../retention/group-retention';

export interface LastRunView {
  readonly runId: string;
  readonly kind: 'daily' | 'group';
  readonly groupId?: string;
  readonly outcome: 'success' | 'failure';
  readonly finishedAt: number;
  readonly totalArchived: number;
  readonly totalFailed: number;
  readonly totalTime: number;
  readonly successRate: number;
  readonly eventsPerSecond: number | null;
}

/** getArchivalStatus: the seed's shape, with estimates from measured sizes and the last run's speed. */
export interface ArchivalStatus {
  readonly groupId?: string;
  /** How many days the group's events stay hot (its root's plan, or AGE_THRESHOLD_DAYS). */
  readonly retentionDays?: number;
  readonly eligibleForArchival: number;
  readonly alreadyArchived: number;
  readonly config: ArchivalConfig;
  readonly estimates: ArchivalEstimate;
  readonly lastRun: LastRunView | null;
}

/** A group's own line of the last run that included it: no other group's id or counts. */
const groupLastRunView = (groupId: string, line: GroupRunRecord): LastRunView => ({
  runId: line.runId,
  kind: line.kind,
  groupId,
  outcome: line.outcome,
  finishedAt: line.finishedAtWall,
  totalArchived: line.archived,
  totalFailed: line.failed,
  totalTime: line.duration,
  successRate: line.archived + line.failed === 0 ? 100 : Math.round((line.archived / (line.archived + line.failed)) * 100),
  eventsPerSecond: throughputOf({ totalArchived: line.archived, totalTime: line.duration }),
});

const lastRunView = (run: RunRecord): LastRunView => ({
  runId: run._id,
  kind: run.kind,
  ...(run.groupId === undefined ? {} : { groupId: run.groupId }),
  outcome: run.outcome,
  finishedAt: run.finishedAtWall,
  totalArchived: run.totalArchived,
  totalFailed: run.totalFailed,
  totalTime: run.totalTime,
  successRate: run.successRate,
  eventsPerSecond: run.eventsPerSecond,
});

/** Events past a cutoff and their stored bytes. */
interface Eligible {
  readonly eligible: number;
  readonly bytes: number;
}

@Injectable()
export class ArchivalStatusService {
  constructor(
    private readonly config: ArchiverConfig,
    @InjectClock() private readonly clock: Clock,
    private readonly hot: HotEventStore,
    private readonly backlog: Backlog,
    private readonly runs: ArchivalRuns,
    private readonly retention: GroupRetention,
  ) {}

  async status(groupId?: string): Promise<ArchivalStatus> {
    const { AGE_THRESHOLD_DAYS, BATCH_SIZE, RETENTION_DAYS } = this.config;
    const now = this.clock();
    const retentionDays = groupId === undefined ? undefined : await this.retention.daysOf(groupId);
    const [{ eligible, bytes, totals }, lastRun, lastMeasured] = await Promise.all([
      groupId === undefined || retentionDays === undefined
        ? this.eligibleOfAll(this.retention.forRun(now))
        : this.eligibleOfGroup(groupId, archiveCutoff(now, retentionDays)),
      this.lastRun(groupId),
      this.runs.lastWithThroughput(),
    ]);
    return {
      ...(groupId === undefined ? {} : { groupId, retentionDays }),
      eligibleForArchival: eligible,
      alreadyArchived: totals.count,
      config: { AGE_THRESHOLD_DAYS, BATCH_SIZE, RETENTION_DAYS },
      estimates: estimateArchival({
        eligibleCount: eligible,
        avgEventBytes: eligible === 0 ? 0 : bytes / eligible,
        // NDJSON bytes per stored byte over every readable object (what compressionRatioOf computes per manifest list).
        compressionRatio: totals.bytes > 0 && totals.uncompressedBytes > 0 ? totals.uncompressedBytes / totals.bytes : null,
        lastRunEventsPerSecond: lastMeasured?.eventsPerSecond ?? null,
      }),
      lastRun,
    };
  }

  /** A group's events past its cutoff, and what its readable objects hold. */
  private async eligibleOfGroup(groupId: string, cutoff: number): Promise<Eligible & { totals: ManifestTotals }> {
    const { days, archive } = await this.backlog.ofGroupAndArchive(groupId);
    return { ...(await this.eligible(groupId, days, cutoff)), totals: archive.totals };
  }

  /** Every group with hot events, each against its own retention (one quota answer per group), and every readable object. */
  private async eligibleOfAll(cutoffs: GroupCutoffs): Promise<Eligible & { totals: ManifestTotals }> {
    const { days, archive } = await this.backlog.allAndArchive();
    const backlog = [...days].filter(([, groupDays]) => groupDays.length > 0);
    const cutoffOf = await cutoffs.ofAll(backlog.map(([groupId]) => groupId));
    let eligible = 0;
    let bytes = 0;
    for (const [groupId, groupDays] of backlog) {
      const share = await this.eligible(groupId, groupDays, cutoffOf.get(groupId)!);
      eligible += share.eligible;
      bytes += share.bytes;
    }
    return { eligible, bytes, totals: archive.totals };
  }

  /**
   * A group's events older than its cutoff and their stored bytes, from the day ledger (never the
   * events): whole days before the cutoff's day as counted; the cutoff's own day, if the group has
   * events left in it, counted in that day's partition alone.
   */
  private async eligible(groupId: string, days: readonly LedgerDay[], cutoff: number): Promise<Eligible> {
    const cutoffDay = hotDayOf(cutoff);
    let eligible = 0;
    let bytes = 0;
    for (const day of days) {
      if (day.day < cutoffDay) {
        eligible += day.events;
        bytes += day.bytes;
      } else if (day.day === cutoffDay && day.events > 0 && hotDayStart(cutoffDay) < cutoff) {
        const share = await this.hot.count(cutoffDay, { groupId, before: cutoff });
        eligible += share;
        bytes += day.bytes * (share / day.events);
      }
    }
    return { eligible, bytes };
  }

  /** Platform-wide: the latest run. Of a group: its own line of the latest run that included it. */
  private async lastRun(groupId?: string): Promise<LastRunView | null> {
    if (groupId === undefined) {
      const run = await this.runs.last();
      return run === null ? null : lastRunView(run);
    }
    const line = await this.runs.lastOfGroup(groupId);
    return line === null ? null : groupLastRunView(groupId, line);
  }
}
