import { Injectable } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { InjectMongo } from '@onescale/platform';
import type { ArchivalRunResult } from './run-summary';

/** A finished run as recorded (without its per-group lines), for status and throughput estimates. */
export interface RunRecord extends Omit<ArchivalRunResult, 'batches'> {
  readonly _id: string;
  readonly kind: 'daily' | 'group';
  readonly groupId?: string;
  /** "Now" of the run (the archival clock). */
  readonly startedAt: number;
  /** Wall-clock ms at the end: orders runs even when the archival clock is frozen for tests. */
  readonly finishedAtWall: number;
  readonly eventsPerSecond: number | null;
}

/** One group's line of the latest run that included it: all that group's status shows of runs. */
export interface GroupRunRecord {
  /** The group's id. */
  readonly _id: string;
  readonly runId: string;
  readonly kind: 'daily' | 'group';
  readonly outcome: 'success' | 'failure';
  readonly finishedAtWall: number;
  readonly archived: number;
  readonly failed: number;
  /** Milliseconds spent on this group. */
  readonly duration: number;
}

/** The archiver's run history; written once per run by the lease holder. */
@Injectable()
export class ArchivalRuns {
  constructor(@InjectMongo() private readonly mongo: Connection) {}

  private get collection(): Collection<RunRecord> {
    return this.mongo.collection<RunRecord>('archival_runs');
  }

  private get groupLines(): Collection<GroupRunRecord> {
    return this.mongo.collection<GroupRunRecord>('archival_group_runs');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ finishedAtWall: -1 });
  }

  /** The run, and for each group it included that group's own line (replacing the group's previous one). */
  async record(run: RunRecord, lines: ArchivalRunResult['batches']): Promise<void> {
    await this.collection.insertOne(run);
    if (lines.length === 0) return;
    await this.groupLines.bulkWrite(
      lines.map((line) => {
        const record: GroupRunRecord = {
          _id: line.groupId,
          runId: run._id,
          kind: run.kind,
          outcome: line.error === undefined && line.failed === 0 ? 'success' : 'failure',
          finishedAtWall: run.finishedAtWall,
          archived: line.archived,
          failed: line.failed,
          duration: line.duration,
        };
        return { replaceOne: { filter: { _id: line.groupId }, replacement: record, upsert: true } };
      }),
      { ordered: false },
    );
  }

  /** The group's line of the latest run that included it (one read by id, whatever else ran). */
  lastOfGroup(groupId: string): Promise<GroupRunRecord | null> {
    return this.groupLines.findOne({ _id: groupId });
  }

  /** The latest run of the platform (platform-wide status only). */
  async last(): Promise<RunRecord | null> {
    const [run] = await this.collection.find({}).sort({ finishedAtWall: -1 }).limit(1).toArray();
    return run ?? null;
  }

  /** The latest run that archived something: its throughput drives the time estimate. */
  async lastWithThroughput(): Promise<RunRecord | null> {
    const [run] = await this.collection
      .find({ eventsPerSecond: { $gt: 0 } })
      .sort({ finishedAtWall: -1 })
      .limit(1)
      .toArray();
    return run ?? null;
  }
}
