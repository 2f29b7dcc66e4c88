import { Injectable, Logger } from '@nestjs/common';
import type { Filter } from 'mongodb';
import type { Collection, Connection } from 'mongoose';
import { groupBy, type ManifestView } from '@onescale/ontology';
import {
  InjectMongo,
  hotDayOf,
  insertAll,
  mapLimit,
  ownedCollection,
  ownedCollections,
  splitShared,
  type HotDay,
} from '@onescale/platform';

/**
 * Where an object is in its life. `pending`: recorded before the upload, so a crash leaves no
 * object unaccounted for; `verified`: the object was read back and matched, its events may still be
 * hot; `archived`: its events left the hot store; `invalid`: a verified object later failed its
 * checksum (kept as evidence, never read); `purging`: past retention, being deleted.
 */
export type ManifestState = 'pending' | 'verified' | 'archived' | 'invalid' | 'purging';

/** Objects whose content is final and verified: what readers and the status count. */
export const READABLE_STATES: readonly ManifestState[] = ['verified', 'archived'];

/**
 * The stored manifest: the domain's view (key, count, min/max timestamp, sha256, bytes) plus its
 * life-cycle. Event ids are not stored: the object itself, re-verified by checksum, lists them when a
 * crashed run's deletes must be finished (and a corrupt object then deletes nothing).
 */
export interface ManifestDoc extends ManifestView {
  readonly _id: string;
  readonly rootGroupId: string;
  readonly runId: string;
  readonly createdAt: number;
  readonly state: ManifestState;
  /** Whether an `events_archived` event has named this object. */
  readonly emitted: boolean;
}

export const manifestViewOf = ({
  _id,
  rootGroupId: _r,
  runId: _run,
  createdAt: _c,
  state: _s,
  emitted: _e,
  ...view
}: ManifestDoc): ManifestView => view;

export interface ManifestTotals {
  readonly count: number;
  readonly bytes: number;
  readonly uncompressedBytes: number;
}

/** Readable objects summed, and their events per group and UTC day. */
export interface ReadableSummary {
  readonly totals: ManifestTotals;
  readonly perDay: ReadonlyMap<string, ReadonlyMap<HotDay, number>>;
}

/** A keyset position in a group's manifests, ordered by (minTimestamp, key). */
export interface ManifestPosition {
  readonly minTimestamp: number;
  readonly key: string;
}

/** The collection every group's manifests shared before each group had its own: split at start. */
const LEGACY_MANIFESTS = 'archive_manifests';
/** Collections read at once by the platform-wide reads (the nightly run, the platform status). */
const GROUPS_AT_ONCE = 8;

/** The collection of one group's manifests. */
export const manifestCollectionOf = (groupId: string): string => ownedCollection(LEGACY_MANIFESTS, groupId);

const READABLE: Filter<ManifestDoc> = { state: { $in: [...READABLE_STATES] } };

/**
 * The archiver's manifests, a collection per group (`archive_manifests_<groupId>`): what a group's
 * status, feed, reads and runs ask of them reads that group's manifests only, never every group's
 * (FerretDB scans a collection for any filter but `_id`; on MongoDB the indexes serve them). The
 * nightly run and the platform-wide status read every group's collection, a few at a time.
 * Only the lease holder writes them, so plain updates are safe.
 */
@Injectable()
export class Manifests {
  private readonly indexed = new Set<string>();

  constructor(@InjectMongo() private readonly mongo: Connection) {}

  private of(groupId: string): Collection<ManifestDoc> {
    return this.mongo.collection<ManifestDoc>(manifestCollectionOf(groupId));
  }

  /**
   * The group's collection, with the index of its paged reads (for MongoDB deployments) made before
   * its first manifest. Its other reads scan that group's manifests alone; each index more would be
   * one more schema change for every new group on FerretDB.
   */
  private async forWrite(groupId: string): Promise<Collection<ManifestDoc>> {
    const collection = this.of(groupId);
    if (!this.indexed.has(groupId)) {
      await collection.createIndex({ minTimestamp: 1, _id: 1 });
      this.indexed.add(groupId);
    }
    return collection;
  }

  /** Every group's collection, in name order. */
  private async groups(): Promise<Collection<ManifestDoc>[]> {
    return (await ownedCollections(this.mongo.db!, LEGACY_MANIFESTS)).map((name) => this.mongo.collection<ManifestDoc>(name));
  }

  /** A query of every group's collection, a few at a time, the answers in collection order. */
  private async everyGroup<T>(query: (collection: Collection<ManifestDoc>) => Promise<T[]>): Promise<T[]> {
    return (await mapLimit(await this.groups(), GROUPS_AT_ONCE, query)).flat();
  }

  /**
   * At start: copies each manifest of the collection every group used to share into its group's own
   * (a copy already there is kept), then drops the shared one; safe to run again after a crash. An
   * archiver of the earlier version must not run meanwhile (it would write the shared collection).
   */
  async splitLegacy(): Promise<void> {
    let moved = 0;
    await splitShared<ManifestDoc>(this.mongo.collection<ManifestDoc>(LEGACY_MANIFESTS), async (chunk) => {
      for (const [groupId, docs] of groupBy(chunk, (doc) => doc.groupId)) await insertAll(await this.forWrite(groupId), docs);
      moved += chunk.length;
    });
    if (moved > 0) new Logger('manifests').log({ msg: "legacy manifests moved into their groups' collections", moved });
  }

  async insertPending(doc: Omit<ManifestDoc, 'state' | 'emitted'>): Promise<void> {
    await (await this.forWrite(doc.groupId)).insertOne({ ...doc, state: 'pending', emitted: false });
  }

  async setState(groupId: string, keys: readonly string[], state: ManifestState): Promise<void> {
    if (keys.length > 0) await this.of(groupId).updateMany({ _id: { $in: [...keys] } }, { $set: { state } });
  }

  async markEmitted(groupId: string, keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.of(groupId).updateMany({ _id: { $in: [...keys] } }, { $set: { emitted: true } });
  }

  async remove(groupId: string, keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.of(groupId).deleteMany({ _id: { $in: [...keys] } });
  }

  /** Objects a previous run left half-done (of a group, or all): not yet verified, events maybe still hot, or not announced. */
  async unfinished(groupId?: string): Promise<ManifestDoc[]> {
    const filter: Filter<ManifestDoc> = {
      $or: [{ state: { $in: ['pending', 'verified'] } }, { state: 'archived', emitted: false }],
    };
    const docs =
      groupId === undefined ? await this.everyGroup((c) => c.find(filter).toArray()) : await this.of(groupId).find(filter).toArray();
    return docs.sort(
      (a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0) || a.createdAt - b.createdAt || (a._id < b._id ? -1 : 1),
    );
  }

  /** UTC days of a group that already have readable objects written by other runs. */
  async archivedDays(groupId: string, exceptRunId: string): Promise<Set<string>> {
    const docs = await this.of(groupId)
      .find({ ...READABLE, runId: { $ne: exceptRunId } }, { projection: { day: 1 } })
      .toArray();
    return new Set(docs.map((d) => d.day));
  }

  /** Readable objects of one group and UTC day (`YYYY-MM-DD`), except those a run is writing. */
  ofDay(groupId: string, day: string, exceptRunId?: string): Promise<ManifestDoc[]> {
    return this.of(groupId)
      .find({ ...READABLE, day, ...(exceptRunId === undefined ? {} : { runId: { $ne: exceptRunId } }) })
      .toArray();
  }

  /**
   * A group's readable objects overlapping [from, to), in (minTimestamp, key) order, from a position
   * on (inclusive), streamed. Of every group: group after group, each in that order.
   */
  async *readable(
    groupId: string | undefined,
    range: { from?: number; to?: number },
    after?: ManifestPosition,
  ): AsyncIterable<ManifestDoc> {
    const filter: Record<string, unknown> = { ...READABLE };
    if (range.from !== undefined) filter.maxTimestamp = { $gte: range.from };
    if (range.to !== undefined) filter.minTimestamp = { $lt: range.to };
    const conditions: Record<string, unknown>[] = [filter];
    if (after !== undefined) {
      conditions.push({
        $or: [{ minTimestamp: { $gt: after.minTimestamp } }, { minTimestamp: after.minTimestamp, _id: { $gte: after.key } }],
      });
    }
    const query = conditions.length === 1 ? filter : { $and: conditions };
    for (const collection of groupId === undefined ? await this.groups() : [this.of(groupId)])
      yield* collection.find(query).sort({ minTimestamp: 1, _id: 1 }).batchSize(200);
  }

  /**
   * What the readable objects (of a group, or of every group) hold, from one read of their
   * manifests: the sums, and the events per group and UTC day (`YYYYMMDD`, the hot store's day).
   * Added up here: FerretDB 1.24's `$group` fills only the first of several `$sum` fields.
   */
  async readableSummary(groupId?: string): Promise<ReadableSummary> {
    const options = { projection: { groupId: 1, minTimestamp: 1, count: 1, bytes: 1, uncompressedBytes: 1 } };
    const docs =
      groupId === undefined
        ? await this.everyGroup((c) => c.find(READABLE, options).toArray())
        : await this.of(groupId).find(READABLE, options).toArray();
    const totals = { count: 0, bytes: 0, uncompressedBytes: 0 };
    const perDay = new Map<string, Map<HotDay, number>>();
    for (const doc of docs) {
      totals.count += doc.count;
      totals.bytes += doc.bytes;
      totals.uncompressedBytes += doc.uncompressedBytes ?? 0;
      const days = perDay.get(doc.groupId) ?? new Map<HotDay, number>();
      const day = hotDayOf(doc.minTimestamp);
      days.set(day, (days.get(day) ?? 0) + doc.count);
      perDay.set(doc.groupId, days);
    }
    return { totals, perDay };
  }

  /** Objects whose newest event is older than the retention cutoff, whatever their state: the oldest `limit` of every group. */
  async pastRetention(cutoff: number, limit: number): Promise<ManifestDoc[]> {
    const docs = await this.everyGroup((c) =>
      c
        .find({ maxTimestamp: { $lt: cutoff } })
        .sort({ maxTimestamp: 1 })
        .limit(limit)
        .toArray(),
    );
    return docs.sort((a, b) => a.maxTimestamp - b.maxTimestamp).slice(0, limit);
  }
}
