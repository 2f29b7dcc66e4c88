import type { Logger } from '@nestjs/common';
import type { Clock } from '@onescale/ontology';
import type { EventPublisher, HotEventStore } from '@onescale/platform';
import type { ArchiveObjects } from '../archive/archive-objects';
import type { Manifests } from '../archive/manifests';
import type { Backlog } from '../hot-store/backlog';
import type { GroupCutoffs } from '../retention/group-cutoffs';
import type { CrashPoints } from './crash-points';
import type { HeldLease } from './run-lease';
import type { StepTimes } from './step-times';

/** Everything one archival pass works with; built per run by the archival service. */
export interface PassContext {
  readonly runId: string;
  /** Each group's events strictly older than its cutoff are archived. */
  readonly cutoffs: GroupCutoffs;
  /** AGE_THRESHOLD_DAYS before the run's now: the oldest cutoff when no group has hot events. */
  readonly defaultCutoff: number;
  readonly batchSize: number;
  /** Verified events deleted from the hot store per statement. */
  readonly deleteBatchSize: number;
  readonly clock: Clock;
  readonly hot: HotEventStore;
  readonly backlog: Backlog;
  readonly manifests: Manifests;
  readonly objects: ArchiveObjects;
  readonly publisher: EventPublisher;
  readonly lease: HeldLease;
  readonly crash: CrashPoints;
  readonly log: Logger;
  /** Where the pass's time goes, reported with the run. */
  readonly steps: StepTimes;
}

/** One group's line in a run's result (the seed's `batches` entry, plus why it failed). */
export interface GroupOutcome {
  readonly groupId: string;
  /** Events that left the hot store for a verified object in this run. */
  readonly archived: number;
  /** Eligible events this run could not archive (they stay hot and are retried next run). */
  readonly failed: number;
  /** Milliseconds. */
  readonly duration: number;
  readonly error?: string;
  readonly objectKeys: readonly string[];
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
