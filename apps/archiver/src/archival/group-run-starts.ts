import { Injectable } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { InjectMongo, uuidv7 } from '@onescale/platform';
import { HOUR_MS, groupRunAllowance, type RunAllowance } from './group-run-limit';

interface StartDoc {
  readonly _id: string;
  readonly groupId: string;
  /** Wall-clock ms. */
  readonly at: number;
}

/**
 * When group keys started runs of their group, kept in the database so the hourly limit holds
 * across restarts and archiver processes. Only the lease holder checks and records a start, so two
 * requests cannot both take the last one.
 */
@Injectable()
export class GroupRunStarts {
  constructor(@InjectMongo() private readonly mongo: Connection) {}

  private get collection(): Collection<StartDoc> {
    return this.mongo.collection<StartDoc>('archival_group_starts');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ groupId: 1, at: 1 });
  }

  /** Records a start when the group has one left this hour; otherwise says when it will. */
  async take(groupId: string, now = Date.now()): Promise<RunAllowance> {
    const recent = await this.collection.find({ groupId, at: { $gt: now - HOUR_MS } }, { projection: { at: 1 } }).toArray();
    const allowance = groupRunAllowance(
      recent.map((d) => d.at),
      now,
    );
    if (!allowance.ok) return allowance;
    await this.collection.insertOne({ _id: uuidv7(now), groupId, at: now });
    await this.collection.deleteMany({ groupId, at: { $lte: now - HOUR_MS } });
    return allowance;
  }
}
