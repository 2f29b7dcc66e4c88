import { Inject, Injectable, type Provider } from '@nestjs/common';
import { mongo, type Collection, type Connection } from 'mongoose';
import { MONGO } from '@onescale/platform';
import { ArchiverConfig } from '../archiver.config';
import { externalSort } from './external-sort';
import type { HotEventDoc } from './hot-event-doc';

export const HOT_STORE = 'archiver:hot-store';
export const InjectHotStore = (): ParameterDecorator => Inject(HOT_STORE);

/** The metrics database on the same server (same connection pool), holding the hot `events`. */
export const hotStoreProvider: Provider = {
  provide: HOT_STORE,
  inject: [MONGO, ArchiverConfig],
  useFactory: (connection: Connection, config: ArchiverConfig): Connection => connection.useDb(config.HOT_STORE_DB, { useCache: true }),
};

/** Eligible events sorted in memory at once (~10 MB of documents); larger inputs spill sorted runs. */
const SORT_RUN_SIZE = 20_000;

const byGroupTimeId = (a: HotEventDoc, b: HotEventDoc): number =>
  (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0) || a.timestamp - b.timestamp || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * Delete statements per command. Bounds the command's size (a 16 MB message) and how long one
 * command holds the store; each statement is one index lookup, so the count does not change the cost.
 */
export const DELETES_PER_COMMAND = 1000;

/**
 * The archiver's view of the hot event store: it reads old events and deletes exactly the ids it
 * archived, never a time range (an event backdated into an archived day after its object was
 * written must stay until it is archived itself).
 */
@Injectable()
export class HotEvents {
  constructor(@InjectHotStore() private readonly db: Connection) {}

  private get events(): Collection<HotEventDoc> {
    return this.db.collection<HotEventDoc>('events');
  }

  /**
   * Events older than the cutoff, by group then time then id: one pass over every group. The store
   * streams them unsorted and the archiver sorts them with bounded memory (spilling sorted runs to
   * local disk): FerretDB 1.24 sorts in memory whatever the indexes, holding every eligible
   * document at once (~4 GB of the shared server at 1M events).
   */
  eligible(cutoff: number, groupId?: string): AsyncIterable<HotEventDoc> {
    const unsorted = this.events
      .find({ ...(groupId === undefined ? {} : { groupId }), timestamp: { $lt: cutoff } }, { projection: { partition: 0, offset: 0 } })
      .batchSize(2000);
    return externalSort(unsorted, { compare: byGroupTimeId, runSize: SORT_RUN_SIZE });
  }

  /**
   * Deletes exactly these ids, one `deleteOne({_id})` statement each, and returns how many were
   * still there (an id already gone is a no-op, so a retry or a recovery is safe). The filter is
   * the bare `_id` on purpose: it is the primary key, so it names one event of one group, and it
   * is the only filter FerretDB 1.24 looks up by index. Any other key beside it, or `$in`, makes
   * each statement scan the whole collection, so a run's deletes grew with the square of its size.
   */
  async deleteArchived(ids: readonly string[]): Promise<number> {
    let deleted = 0;
    for (let start = 0; start < ids.length; start += DELETES_PER_COMMAND) {
      const statements = ids.slice(start, start + DELETES_PER_COMMAND).map((_id) => ({ deleteOne: { filter: { _id } } }));
      deleted += (await this.events.bulkWrite(statements, { ordered: false })).deletedCount;
    }
    return deleted;
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
