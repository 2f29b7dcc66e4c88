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

/** The archiver's run history; written once per run by the lease holder. */
@Injectable()
export class ArchivalRuns {
  constructor(@InjectMongo() private readonly mongo: Connection) {}

  private get collection(): Collection<RunRecord> {
    return this.mongo.collection<RunRecord>('archival_runs');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ finishedAtWall: -1 });
  }

  async record(run: RunRecord): Promise<void> {
    await this.collection.insertOne(run);
  }

  async last(): Promise<RunRecord | null> {
    const [run] = await this.collection.find({}).sort({ finishedAtWall: -1 }).limit(1).toArray();
    return run ?? null;
  }

  /** The latest run that archived something: its throughput drives the time estimate. */
  async lastWithThroughput(): Promise<RunRecord | null> {
    const [run] = await this.collection.find({ eventsPerSecond: { $gt: 0 } }).sort({ finishedAtWall: -1 }).limit(1).toArray();
    return run ?? null;
  }
}
