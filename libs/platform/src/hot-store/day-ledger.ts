import { groupBy } from '@onescale/ontology';
import type { Collection, Db, Document } from 'mongodb';
import { isDuplicateKey } from '../mongo/mongo';
import { hotDayOf, type HotDay } from './hot-event';

/** The ledger of the hot event store (in the same database). */
export const HOT_EVENT_LEDGER = 'event_ledger';

/** One group's hot events of one UTC day, as appended (archiving does not subtract them). */
export interface LedgerDay {
  readonly day: HotDay;
  readonly events: number;
  readonly bytes: number;
}

/** An appended event as the ledger counts it. */
export interface LedgerEntry {
  readonly groupId: string;
  readonly timestamp: number;
  readonly offset: number;
  readonly bytes: number;
}

/**
 * One document per group (`_id`: the group id): `n<YYYYMMDD>` events and `b<YYYYMMDD>` bytes per
 * day, and `p<partition>` the highest offset counted from each partition. Flat fields, because
 * FerretDB 1.24 rejects keys with dots and applies an update as read, modify, write back. Typed as
 * a plain document: its field names are data.
 */
interface LedgerDoc extends Document {
  _id: string;
}

const ATTEMPTS = 5;

/**
 * Count and bytes of each group's hot events per UTC day, kept by the projector: what archival
 * status, eligibility and estimates read instead of the events, by `_id` (one document per group).
 * Counting is idempotent under redelivery: an event counts only if its offset is above the
 * partition's offset already counted in the group's document. A group's events come from one
 * partition (the topic is keyed by root group), so each document has one writer; the write is still
 * conditional on the offset it read, and re-reads if another process moved it meanwhile.
 */
export class DayLedger {
  constructor(private readonly collection: Collection<LedgerDoc>) {}

  static of(db: Db): DayLedger {
    return new DayLedger(db.collection<LedgerDoc>(HOT_EVENT_LEDGER));
  }

  /** Counts newly appended events of one partition. */
  async record(partition: number, entries: readonly LedgerEntry[]): Promise<void> {
    await Promise.all([...groupBy(entries, (e) => e.groupId)].map(([groupId, list]) => this.recordGroup(groupId, partition, list)));
  }

  private async recordGroup(groupId: string, partition: number, entries: readonly LedgerEntry[]): Promise<void> {
    const field = `p${partition}`;
    for (let attempt = 1; ; attempt++) {
      const doc = await this.collection.findOne({ _id: groupId }, { projection: { [field]: 1 } });
      const counted = doc?.[field] as number | undefined;
      const fresh = entries.filter((e) => counted === undefined || e.offset > counted);
      if (fresh.length === 0) return;
      const inc: Record<string, number> = {};
      for (const e of fresh) {
        const day = hotDayOf(e.timestamp);
        inc[`n${day}`] = (inc[`n${day}`] ?? 0) + 1;
        inc[`b${day}`] = (inc[`b${day}`] ?? 0) + e.bytes;
      }
      const last = fresh.reduce((max, e) => Math.max(max, e.offset), -1);
      try {
        const result = await this.collection.updateOne(
          { _id: groupId, [field]: counted === undefined ? { $exists: false } : counted },
          { $inc: inc, $set: { [field]: last } },
          { upsert: doc === null },
        );
        if (result.matchedCount + result.upsertedCount > 0) return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      if (attempt >= ATTEMPTS) throw new Error(`the day ledger of group ${groupId} kept moving under partition ${partition}`);
    }
  }

  /** A group's days, oldest first. */
  async ofGroup(groupId: string): Promise<LedgerDay[]> {
    const doc = await this.collection.findOne({ _id: groupId });
    return doc === null ? [] : daysOf(doc);
  }

  /** Every group's days (the whole ledger: one small document per group). */
  async all(): Promise<Map<string, LedgerDay[]>> {
    const docs = await this.collection.find({}).toArray();
    return new Map(docs.map((doc) => [String(doc._id), daysOf(doc)]));
  }
}

function daysOf(doc: LedgerDoc): LedgerDay[] {
  return Object.keys(doc)
    .filter((k) => /^n\d{8}$/.test(k))
    .map((k) => ({ day: k.slice(1), events: Number(doc[k]), bytes: Number(doc[`b${k.slice(1)}`] ?? 0) }))
    .sort((a, b) => (a.day < b.day ? -1 : 1));
}
