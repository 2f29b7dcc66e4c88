import { Injectable } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import type { ManifestView } from '@onescale/ontology';
import { InjectMongo, hotDayOf, type HotDay } from '@onescale/platform';

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

/** A keyset position in a group's manifests, ordered by (minTimestamp, key). */
export interface ManifestPosition {
  readonly minTimestamp: number;
  readonly key: string;
}

/** The archiver's manifests. Only the lease holder writes them, so plain updates are safe. */
@Injectable()
export class Manifests {
  constructor(@InjectMongo() private readonly mongo: Connection) {}

  private get collection(): Collection<ManifestDoc> {
    return this.mongo.collection<ManifestDoc>('archive_manifests');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ groupId: 1, minTimestamp: 1, _id: 1 });
    await this.collection.createIndex({ state: 1, groupId: 1 });
    await this.collection.createIndex({ maxTimestamp: 1 });
  }

  async insertPending(doc: Omit<ManifestDoc, 'state' | 'emitted'>): Promise<void> {
    await this.collection.insertOne({ ...doc, state: 'pending', emitted: false });
  }

  async setState(keys: readonly string[], state: ManifestState): Promise<void> {
    if (keys.length > 0) await this.collection.updateMany({ _id: { $in: [...keys] } }, { $set: { state } });
  }

  async markEmitted(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.collection.updateMany({ _id: { $in: [...keys] } }, { $set: { emitted: true } });
  }

  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.collection.deleteMany({ _id: { $in: [...keys] } });
  }

  /** Objects a previous run left half-done: not yet verified, events maybe still hot, or not announced. */
  unfinished(groupId?: string): Promise<ManifestDoc[]> {
    return this.collection
      .find({
        ...(groupId === undefined ? {} : { groupId }),
        $or: [{ state: { $in: ['pending', 'verified'] } }, { state: 'archived', emitted: false }],
      })
      .sort({ groupId: 1, createdAt: 1, _id: 1 })
      .toArray();
  }

  /** UTC days of a group that already have readable objects written by other runs. */
  async archivedDays(groupId: string, exceptRunId: string): Promise<Set<string>> {
    const docs = await this.collection
      .find({ groupId, state: { $in: [...READABLE_STATES] }, runId: { $ne: exceptRunId } }, { projection: { day: 1 } })
      .toArray();
    return new Set(docs.map((d) => d.day));
  }

  /** Readable objects of one group and UTC day (`YYYY-MM-DD`), except those a run is writing. */
  ofDay(groupId: string, day: string, exceptRunId?: string): Promise<ManifestDoc[]> {
    return this.collection
      .find({ groupId, day, state: { $in: [...READABLE_STATES] }, ...(exceptRunId === undefined ? {} : { runId: { $ne: exceptRunId } }) })
      .toArray();
  }

  /**
   * Events in readable objects per group and UTC day (`YYYYMMDD`, the hot store's day), of one group
   * or all: a read of the manifests only, one per object.
   */
  async archivedPerDay(groupId?: string): Promise<Map<string, Map<HotDay, number>>> {
    const docs = await this.collection
      .find(
        { state: { $in: [...READABLE_STATES] }, ...(groupId === undefined ? {} : { groupId }) },
        { projection: { groupId: 1, minTimestamp: 1, count: 1 } },
      )
      .toArray();
    const out = new Map<string, Map<HotDay, number>>();
    for (const doc of docs) {
      const days = out.get(doc.groupId) ?? new Map<HotDay, number>();
      const day = hotDayOf(doc.minTimestamp);
      days.set(day, (days.get(day) ?? 0) + doc.count);
      out.set(doc.groupId, days);
    }
    return out;
  }

  /**
   * A group's readable objects overlapping [from, to), in (minTimestamp, key) order, from a position
   * on (inclusive), streamed.
   */
  readable(groupId: string | undefined, range: { from?: number; to?: number }, after?: ManifestPosition): AsyncIterable<ManifestDoc> {
    const filter: Record<string, unknown> = { state: { $in: [...READABLE_STATES] } };
    if (groupId !== undefined) filter.groupId = groupId;
    if (range.from !== undefined) filter.maxTimestamp = { $gte: range.from };
    if (range.to !== undefined) filter.minTimestamp = { $lt: range.to };
    const conditions: Record<string, unknown>[] = [filter];
    if (after !== undefined) {
      conditions.push({
        $or: [{ minTimestamp: { $gt: after.minTimestamp } }, { minTimestamp: after.minTimestamp, _id: { $gte: after.key } }],
      });
    }
    return this.collection
      .find(conditions.length === 1 ? filter : { $and: conditions })
      .sort(groupId === undefined ? { minTimestamp: 1, _id: 1 } : { groupId: 1, minTimestamp: 1, _id: 1 })
      .batchSize(200);
  }

  /** Sums over readable objects (of a group, or all). */
  async totals(groupId?: string): Promise<ManifestTotals> {
    const [row] = await this.collection
      .aggregate<ManifestTotals>([
        { $match: { state: { $in: [...READABLE_STATES] }, ...(groupId === undefined ? {} : { groupId }) } },
        { $group: { _id: null, count: { $sum: '$count' }, bytes: { $sum: '$bytes' }, uncompressedBytes: { $sum: '$uncompressedBytes' } } },
      ])
      .toArray();
    return { count: row?.count ?? 0, bytes: row?.bytes ?? 0, uncompressedBytes: row?.uncompressedBytes ?? 0 };
  }

  /** Every object whose newest event is older than the retention cutoff, whatever its state. */
  pastRetention(cutoff: number, limit: number): Promise<ManifestDoc[]> {
    return this.collection
      .find({ maxTimestamp: { $lt: cutoff } })
      .sort({ maxTimestamp: 1 })
      .limit(limit)
      .toArray();
  }
}
