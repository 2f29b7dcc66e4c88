import { groupBy } from '@onescale/ontology';
import type { Collection, Db } from 'mongodb';
import { mapLimit } from '../mongo/doc-store';
import { duplicateKeyIndexes } from '../mongo/mongo';
import { externalSort } from './external-sort';
import {
  decodeHot,
  encodeHot,
  hotDayOf,
  type HotDay,
  type HotEventDoc,
  type HotPosition,
  type LegacyStoredHotEvent,
  type StoredHotEvent,
} from './hot-event';

/** The hot store of the events topic (metrics appends, the archiver reads and drops). */
export const HOT_EVENTS = 'events';
/** The hot store of the usage topic (metrics only). */
export const HOT_USAGE_EVENTS = 'usage_events';

/** A day partition of the store: `live` takes appends; `sealed` was set aside by an archival run. */
export interface HotPartition {
  readonly day: HotDay;
  readonly sealed: boolean;
}

/** Documents sorted in memory at once (~10 MB); larger inputs spill sorted runs to local disk. */
const SORT_RUN_SIZE = 20_000;

/**
 * Delete statements per command. Bounds the command's size (a 16 MB message) and how long one
 * command holds the store; each statement is one index lookup, so the count does not change the cost.
 */
export const DELETES_PER_COMMAND = 1000;

/**
 * Lookups by `_id` in flight at once. Never a `$in`: FerretDB 1.24 answers it by scanning the whole
 * day (everyone's events), so telling a group's copies apart would cost in proportion to the day,
 * not to the copies (500 ids in a day of 100,000 events: ~5 s as one `$in`, ~0.3 s as lookups).
 */
const LOOKUPS_IN_FLIGHT = 16;

const byPosition = (a: HotEventDoc, b: HotEventDoc): number => a.partition - b.partition || a.offset - b.offset;

/**
 * The hot event store, partitioned by UTC day of event time: one collection per day
 * (`<name>_d<YYYYMMDD>`), each event once by its id. FerretDB 1.24 looks documents up by index only
 * for a bare `_id` equality, so every read is either that or a whole day: appending and telling a
 * replay from a copy are lookups by id in the event's own day; archiving a day reads that day only;
 * a day whose events are all archived is dropped in one command. An archival run first renames the
 * day it archives whole (`<name>_sealed_d<YYYYMMDD>`, atomic), so an event that arrives meanwhile
 * starts the day's partition again and waits for the next run instead of being dropped unread.
 * This module is the only code that knows these collections.
 */
export class HotEventStore {
  constructor(
    private readonly db: Db,
    private readonly name: string = HOT_EVENTS,
  ) {}

  private collection(day: HotDay, sealed = false): Collection<StoredHotEvent | LegacyStoredHotEvent> {
    return this.db.collection<StoredHotEvent | LegacyStoredHotEvent>(`${this.name}_${sealed ? 'sealed_' : ''}d${day}`);
  }

  /** Inserts each document into its day; returns the ids that were already stored there. */
  async insert(docs: readonly HotEventDoc[]): Promise<Set<string>> {
    const clashes = new Set<string>();
    await Promise.all(
      [...groupBy(docs, (d) => hotDayOf(d.timestamp))].map(async ([day, list]) => {
        try {
          await this.collection(day).insertMany(list.map(encodeHot), { ordered: false });
        } catch (error) {
          const indexes = duplicateKeyIndexes(error);
          if (indexes === null) throw error;
          for (const i of indexes) clashes.add(list[i]!._id);
        }
      }),
    );
    return clashes;
  }

  /** Where stored events were read: one `_id` lookup each, in the day of their time. */
  async positionsOf(events: ReadonlyArray<{ readonly id: string; readonly timestamp: number }>): Promise<Map<string, HotPosition>> {
    const docs = await mapLimit(events, LOOKUPS_IN_FLIGHT, (e) => this.collection(hotDayOf(e.timestamp)).findOne({ _id: e.id }));
    const found = new Map<string, HotPosition>();
    for (const stored of docs) {
      if (stored === null) continue;
      const d = decodeHot(stored);
      found.set(d._id, { partition: d.partition, offset: d.offset });
    }
    return found;
  }

  /**
   * An event by id, looked up by `_id` (an index lookup) in each of the given days' partitions, live
   * and sealed: a caller that does not know the event's time names the days its group has events in
   * (the day ledger), so the cost follows that group's days, never the whole store.
   */
  async find(id: string, days: readonly HotDay[]): Promise<HotEventDoc | null> {
    const wanted = new Set(days);
    for (const { day, sealed } of await this.partitions()) {
      if (!wanted.has(day)) continue;
      const doc = await this.collection(day, sealed).findOne({ _id: id });
      if (doc !== null) return decodeHot(doc);
    }
    return null;
  }

  /** Every day partition, oldest first (a day may have both a sealed and a live partition). */
  async partitions(): Promise<HotPartition[]> {
    const pattern = new RegExp(`^${this.name}_(sealed_)?d(\\d{8})$`);
    const names = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return names
      .map(({ name }) => pattern.exec(name))
      .filter((m) => m !== null)
      .map((m) => ({ day: m[2]!, sealed: m[1] !== undefined }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : Number(b.sealed) - Number(a.sealed)));
  }

  /**
   * One day's events, of every group or of one, in [from, before) and of a type, actor or target if
   * given: a read of that day's partition only (the store selects the group; the rest of the filter
   * is applied to each decoded event). Unsorted.
   */
  async *read(day: HotDay, filter: HotDayFilter & { readonly sealed?: boolean } = {}): AsyncIterable<HotEventDoc> {
    const query = filter.groupId === undefined ? {} : { groupId: filter.groupId };
    for await (const stored of this.collection(day, filter.sealed).find(query).batchSize(2000)) {
      const doc = decodeHot(stored);
      if (matches(doc, filter)) yield doc;
    }
  }

  /** How many of one day's live events (of one group, older than `before`) there are: a read of that day only. */
  async count(day: HotDay, filter: { readonly groupId?: string; readonly before?: number } = {}): Promise<number> {
    let n = 0;
    for await (const _ of this.read(day, filter)) n++;
    return n;
  }

  /**
   * Sets a day's live partition aside for archival (renamed, in one command) unless a sealed one is
   * still there from an unfinished run. True when the day has a sealed partition afterwards.
   */
  async seal(day: HotDay): Promise<boolean> {
    const present = new Set((await this.partitions()).filter((p) => p.day === day).map((p) => p.sealed));
    if (present.has(true)) return true;
    if (!present.has(false)) return false;
    await this.collection(day).rename(`${this.name}_sealed_d${day}`);
    return true;
  }

  /**
   * Deletes exactly these ids from a day (live and sealed), one `deleteOne({_id})` statement each;
   * returns how many were there. The filter is the bare `_id`, the only one FerretDB 1.24 looks up
   * by index (any other key beside it, or `$in`, scans the whole day per statement).
   */
  async deleteIds(day: HotDay, ids: readonly string[]): Promise<number> {
    const present = (await this.partitions()).filter((p) => p.day === day);
    let deleted = 0;
    for (const { sealed } of present) {
      for (let start = 0; start < ids.length; start += DELETES_PER_COMMAND) {
        const statements = ids.slice(start, start + DELETES_PER_COMMAND).map((_id) => ({ deleteOne: { filter: { _id } } }));
        deleted += (await this.collection(day, sealed).bulkWrite(statements, { ordered: false })).deletedCount;
      }
    }
    return deleted;
  }

  /** Drops a day's sealed partition: every event in it archived and verified. */
  async dropSealed(day: HotDay): Promise<void> {
    await this.collection(day, true)
      .drop()
      .catch((error: unknown) => {
        if ((error as { codeName?: string }).codeName !== 'NamespaceNotFound') throw error;
      });
  }

  /** Every event, in the order the projector applied them (partition, offset), with bounded memory. */
  inOrder(): AsyncIterable<HotEventDoc> {
    return externalSort(this.everyDay(), { compare: byPosition, runSize: SORT_RUN_SIZE });
  }

  private async *everyDay(): AsyncGenerator<HotEventDoc> {
    for (const { day, sealed } of await this.partitions()) yield* this.read(day, { sealed });
  }
}

/** Which of a day's events a read or count wants. */
export interface HotDayFilter {
  readonly groupId?: string;
  readonly from?: number;
  readonly before?: number;
  readonly type?: string;
  readonly actorId?: string;
  readonly targetId?: string;
}

const matches = (doc: HotEventDoc, { groupId, from, before, type, actorId, targetId }: HotDayFilter): boolean =>
  (groupId === undefined || doc.groupId === groupId) &&
  (from === undefined || doc.timestamp >= from) &&
  (before === undefined || doc.timestamp < before) &&
  (type === undefined || doc.type === type) &&
  (actorId === undefined || doc.actorId === actorId) &&
  (targetId === undefined || doc.targetId === targetId);
