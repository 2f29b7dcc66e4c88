import type { Collection } from 'mongodb';
import { duplicateKeyIndexes } from '@onescale/platform';
import { decodeStoredEvent, type EventEnvelope, type PositionedEvent } from '../ontology';

/** An event as the hot store keeps it (the contract shared with the archiver; `data` is JSON text). */
export interface StoredEvent {
  _id: string;
  groupId: string;
  rootGroupId: string;
  type: string;
  actorId?: string;
  targetId?: string;
  timestamp: number;
  recordedAt: number;
  schemaVersion: number;
  data: string;
  partition: number;
  offset: number;
}

export const toStoredEvent = (e: EventEnvelope, partition: number, offset: number): StoredEvent => ({
  _id: e.id,
  groupId: e.groupId,
  rootGroupId: e.rootGroupId,
  type: e.type,
  ...(e.actorId === undefined ? {} : { actorId: e.actorId }),
  ...(e.targetId === undefined ? {} : { targetId: e.targetId }),
  timestamp: e.timestamp,
  recordedAt: e.recordedAt,
  schemaVersion: e.schemaVersion,
  data: JSON.stringify(e.data),
  partition,
  offset,
});

export const fromStoredEvent = (s: StoredEvent): EventEnvelope =>
  decodeStoredEvent({
  id: s._id,
  type: s.type,
  groupId: s.groupId,
  rootGroupId: s.rootGroupId,
  ...(s.actorId === undefined || s.actorId === null ? {} : { actorId: s.actorId }),
  ...(s.targetId === undefined || s.targetId === null ? {} : { targetId: s.targetId }),
  timestamp: s.timestamp,
  recordedAt: s.recordedAt,
  data: JSON.parse(s.data),
  schemaVersion: s.schemaVersion,
});

export interface Appended {
  /** Events to project: new ones, and ones a crashed attempt stored at this same offset. */
  readonly fresh: readonly PositionedEvent[];
  /** The same event id already stored at another offset (a republished copy): skipped. */
  readonly duplicates: number;
  /** At or below the partition's applied offset: projected before (a redelivery), skipped. */
  readonly redelivered: number;
}

/** Above this many ambiguous ids one `$in` query (one pass over the store) beats point lookups. */
const POINT_LOOKUPS = 16;

/**
 * The hot store of one topic, each event once (unique `_id`). Deciding what to project:
 * - offset <= the partition's applied offset: that batch was fully projected; skip;
 * - the id is new: store and project;
 * - the id is stored at the SAME (partition, offset): a crash hit between storing and projecting;
 *   project again (the read models' position guards make what was already applied a no-op);
 * - the id is stored at another offset (ingest's relay republished it), or earlier in this batch:
 *   a duplicate; skip.
 */
export class EventLog {
  constructor(private readonly collection: Collection<StoredEvent>) {}

  async append(partition: number, events: readonly PositionedEvent[], appliedOffset: number, keep: (e: EventEnvelope) => boolean = () => true): Promise<Appended> {
    const pending = events.filter((e) => e.offset > appliedOffset);
    const seen = new Set<string>();
    const candidates: PositionedEvent[] = [];
    let duplicates = 0;
    for (const e of pending) {
      if (seen.has(e.envelope.id)) duplicates++;
      else {
        seen.add(e.envelope.id);
        candidates.push(e);
      }
    }
    const stored = candidates.filter((e) => keep(e.envelope));
    const clashes = await this.insert(stored.map((e) => toStoredEvent(e.envelope, partition, e.offset)));
    let fresh = candidates;
    if (clashes.size > 0) {
      const positions = await this.positionsOf([...clashes]);
      fresh = candidates.filter((e) => {
        if (!clashes.has(e.envelope.id)) return true;
        const at = positions.get(e.envelope.id);
        const replay = at !== undefined && at.partition === partition && at.offset === e.offset;
        if (!replay) duplicates++;
        return replay;
      });
    }
    return { fresh, duplicates, redelivered: events.length - pending.length };
  }

  /** Inserts; returns the ids that were already stored. */
  private async insert(docs: readonly StoredEvent[]): Promise<Set<string>> {
    if (docs.length === 0) return new Set();
    try {
      await this.collection.insertMany([...docs], { ordered: false });
      return new Set();
    } catch (error) {
      const clashes = duplicateKeyIndexes(error);
      if (clashes === null) throw error;
      return new Set(clashes.map((i) => docs[i]!._id));
    }
  }

  private async positionsOf(ids: readonly string[]): Promise<Map<string, { partition: number; offset: number }>> {
    const projection = { partition: 1, offset: 1 };
    const docs =
      ids.length <= POINT_LOOKUPS
        ? (await Promise.all(ids.map((id) => this.collection.findOne({ _id: id }, { projection })))).filter((d) => d !== null)
        : await this.collection.find({ _id: { $in: [...ids] } }, { projection }).toArray();
    return new Map(docs.map((d) => [d!._id, { partition: d!.partition, offset: d!.offset }]));
  }
}
