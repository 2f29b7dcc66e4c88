import { Inject, Injectable, type Provider } from '@nestjs/common';
import { mongo, type Collection, type Connection } from 'mongoose';
import { MONGO } from '@onescale/platform';
import { ArchiverConfig } from '../archiver.config';
import type { HotEventDoc } from './hot-event.mapper';

export const HOT_STORE = 'archiver:hot-store';

/** The metrics database on the same server (same connection pool), holding the hot `events`. */
export const hotStoreProvider: Provider = {
  provide: HOT_STORE,
  inject: [MONGO, ArchiverConfig],
  useFactory: (connection: Connection, config: ArchiverConfig): Connection => connection.useDb(config.HOT_STORE_DB, { useCache: true }),
};

/** A contiguous run of archived events of one group: what a delete removes, by id. */
export interface ArchivedIds {
  readonly groupId: string;
  readonly ids: readonly string[];
  readonly minTimestamp: number;
  readonly maxTimestamp: number;
}

/**
 * The archiver's view of the hot event store: it reads old events and deletes exactly the ids it
 * archived, never a time range (an event backdated into an archived day after its object was
 * written must stay until it is archived itself).
 */
@Injectable()
export class HotEvents {
  constructor(@Inject(HOT_STORE) private readonly db: Connection) {}

  private get events(): Collection<HotEventDoc> {
    return this.db.collection<HotEventDoc>('events');
  }

  /**
   * Events older than the cutoff, by group then time then id (the store's {groupId, timestamp, _id}
   * index): one pass over every group, streamed in batches.
   */
  eligible(cutoff: number, groupId?: string): AsyncIterable<HotEventDoc> {
    return this.events
      .find({ ...(groupId === undefined ? {} : { groupId }), timestamp: { $lt: cutoff } }, { projection: { partition: 0, offset: 0 } })
      .sort({ groupId: 1, timestamp: 1, _id: 1 })
      .batchSize(2000);
  }

  /**
   * Deletes these ids. The group and time range only narrow the scan (every id lies inside them);
   * the id list decides. Deleting an id that is already gone is a no-op, so a retry is safe.
   */
  async deleteArchived(batch: ArchivedIds): Promise<number> {
    if (batch.ids.length === 0) return 0;
    const result = await this.events.deleteMany({
      groupId: batch.groupId,
      timestamp: { $gte: batch.minTimestamp, $lte: batch.maxTimestamp },
      _id: { $in: [...batch.ids] },
    });
    return result.deletedCount;
  }

  countEligible(cutoff: number, groupId?: string): Promise<number> {
    return this.events.countDocuments({ ...(groupId === undefined ? {} : { groupId }), timestamp: { $lt: cutoff } });
  }

  /** Average stored (BSON) size of up to `sample` eligible events: what archiving them frees. */
  async averageEligibleBytes(cutoff: number, groupId?: string, sample = 200): Promise<number> {
    const docs = await this.events
      .find({ ...(groupId === undefined ? {} : { groupId }), timestamp: { $lt: cutoff } })
      .limit(sample)
      .toArray();
    if (docs.length === 0) return 0;
    return docs.reduce((sum, doc) => sum + mongo.BSON.calculateObjectSize(doc), 0) / docs.length;
  }
}
