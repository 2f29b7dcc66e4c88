import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { DeliveryStatus, NotificationType } from '@onescale/ontology';
import { InjectMongo, duplicateKeyIndexes, isDuplicateKey } from '@onescale/platform';

export interface AttemptEntry {
  at: number;
  /** The endpoint's status code; null when no answer came. */
  status: number | null;
  error?: string;
  durationMs: number;
}

/**
 * One notification for one endpoint: the outbox row the consumer writes before it commits the
 * Kafka offset, and the delivery log the API shows. `_id` is derived from the source event and the
 * endpoint, so a redelivered event finds its row and adds nothing.
 */
export interface DeliveryDoc {
  _id: string;
  endpointId: string;
  groupId: string;
  type: NotificationType;
  /** The exact JSON body every attempt sends (signed as is). */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  lastResponseStatus: number | null;
  createdAt: number;
  nextAttemptAt: number;
  /** Until when a worker holds the current attempt (a hint for `due`; the lease itself is `claim`'s insert). */
  leaseUntil: number;
  leaseOwner: string | null;
  log: AttemptEntry[];
}

/**
 * A pending delivery's place in the queue: what `due` reads, so a sweep's cost follows the pending
 * deliveries, not the whole delivery log. The delivery document stays the truth; an entry a crash left
 * stale (its delivery settled, moved or removed) is corrected when a worker tries to claim it.
 */
interface QueueEntry {
  _id: string;
  nextAttemptAt: number;
  leaseUntil: number;
}

/** One worker's hold on one attempt of a delivery (see `claim`). */
interface AttemptLease {
  _id: string;
  owner: string;
  expiresAt: number;
}

/** The attempts a delivery's log keeps (a day of retries is about 40). */
export const LOG_ENTRIES = 50;

@Injectable()
export class DeliveryRepository implements OnModuleInit {
  private readonly deliveries: Collection<DeliveryDoc>;
  private readonly queue: Collection<QueueEntry>;
  private readonly leases: Collection<AttemptLease>;

  constructor(@InjectMongo() connection: Connection) {
    this.deliveries = connection.db!.collection<DeliveryDoc>('webhook_deliveries');
    this.queue = connection.db!.collection<QueueEntry>('webhook_queue');
    this.leases = connection.db!.collection<AttemptLease>('webhook_attempt_leases');
  }

  async onModuleInit(): Promise<void> {
    await this.deliveries.createIndex({ endpointId: 1, _id: -1 });
    await this.queue.createIndex({ nextAttemptAt: 1 });
    // Pending deliveries recorded before the queue existed join it (a no-op once they have).
    const pending = await this.deliveries.find({ status: 'pending' }, { projection: { _id: 1, nextAttemptAt: 1 } }).toArray();
    await this.enqueue(pending.map((d) => ({ _id: d._id, nextAttemptAt: d.nextAttemptAt, leaseUntil: 0 })));
  }

  /** Records new deliveries and queues them; those already recorded (a redelivered event) stay as they are. */
  async record(docs: readonly DeliveryDoc[]): Promise<void> {
    if (docs.length === 0) return;
    await ignoringDuplicates(() => this.deliveries.insertMany([...docs], { ordered: false }));
    // A crash before this line leaves the offset uncommitted: the redelivered event queues them then.
    await this.enqueue(docs.map((d) => ({ _id: d._id, nextAttemptAt: d.nextAttemptAt, leaseUntil: 0 })));
  }

  private async enqueue(entries: readonly QueueEntry[]): Promise<void> {
    if (entries.length > 0) await ignoringDuplicates(() => this.queue.insertMany([...entries], { ordered: false }));
  }

  /** Ids of due deliveries nobody holds, soonest first: one query over the queue (pending deliveries only). */
  async due(now: number, limit: number): Promise<string[]> {
    const entries = await this.queue
      .find({ nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } }, { projection: { _id: 1 } })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .toArray();
    return entries.map((e) => e._id);
  }

  /**
   * Takes a due delivery for `owner` until `leaseUntil`, unless another worker holds it. FerretDB
   * makes no update atomic, so the lease is a unique insert, `<delivery>:<attempt>:<takeover>`:
   * exactly one worker wins each attempt; a holder that died lets its lease expire, and the next
   * takeover number is claimed the same way.
   */
  async claim(id: string, owner: string, now: number, leaseUntil: number): Promise<DeliveryDoc | null> {
    const doc = await this.deliveries.findOne({ _id: id });
    if (doc === null || doc.status !== 'pending') {
      await this.queue.deleteOne({ _id: id }); // settled or removed: a stale entry
      return null;
    }
    if (doc.nextAttemptAt > now) {
      await this.queue.updateOne({ _id: id }, { $set: { nextAttemptAt: doc.nextAttemptAt } });
      return null;
    }
    for (let takeover = 0; ; takeover++) {
      const _id = `${id}:${doc.attempts}:${takeover}`;
      try {
        await this.leases.insertOne({ _id, owner, expiresAt: leaseUntil });
        break;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const held = await this.leases.findOne({ _id });
        if (held === null || held.expiresAt > now) return null;
      }
    }
    // Won: unless the attempt was settled between the read and the insert.
    const current = await this.deliveries.findOne({ _id: id });
    if (current === null || current.status !== 'pending' || current.attempts !== doc.attempts) return null;
    // Only a hint for `due` (it skips held deliveries); the lease above is what excludes others.
    await Promise.all([
      this.deliveries.updateOne({ _id: id }, { $set: { leaseUntil, leaseOwner: owner } }),
      this.queue.updateOne({ _id: id }, { $set: { leaseUntil } }),
    ]);
    return { ...current, leaseUntil, leaseOwner: owner };
  }

  /** Attempt leases long expired (a daily job: FerretDB has no TTL indexes). */
  async pruneLeases(before: number): Promise<void> {
    await this.leases.deleteMany({ expiresAt: { $lt: before } });
  }

  /** Settled deliveries (delivered or failed) created before `before` leave the log (a daily job). */
  async pruneSettled(before: number): Promise<void> {
    await this.deliveries.deleteMany({ status: { $in: ['delivered', 'failed'] }, createdAt: { $lt: before } });
  }

  /** Records an attempt's outcome, unless the delivery moved on (removed, or settled by a worker that took the lease over). */
  async settle(
    claimed: DeliveryDoc,
    change: Pick<DeliveryDoc, 'status' | 'attempts' | 'lastResponseStatus' | 'nextAttemptAt' | 'log'>,
  ): Promise<boolean> {
    const result = await this.deliveries.updateOne(
      { _id: claimed._id, attempts: claimed.attempts },
      { $set: { ...change, leaseUntil: 0, leaseOwner: null } },
    );
    if (result.modifiedCount !== 1) return false;
    // A crash here leaves the entry as it was: the next claim finds the delivery and corrects it.
    if (change.status === 'pending')
      await this.queue.updateOne({ _id: claimed._id }, { $set: { nextAttemptAt: change.nextAttemptAt, leaseUntil: 0 } });
    else await this.queue.deleteOne({ _id: claimed._id });
    return true;
  }

  /** Newest first, after the cursor (a delivery id, time-ordered). */
  page(endpointId: string, limit: number, after?: string): Promise<DeliveryDoc[]> {
    return this.deliveries
      .find(after === undefined ? { endpointId } : { endpointId, _id: { $lt: after } })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .toArray();
  }

  /** Queued deliveries (pending ones, and for a moment a settled one whose entry a crash left). */
  pendingCount(): Promise<number> {
    return this.queue.countDocuments({});
  }

  async removeOf(endpointId: string): Promise<void> {
    await this.deliveries.deleteMany({ endpointId });
  }
}

/** Runs an unordered insert; documents whose `_id` is already there stay as they are. */
async function ignoringDuplicates(insert: () => Promise<unknown>): Promise<void> {
  try {
    // An upsert with $setOnInsert would do, but FerretDB drops its null and empty-array fields.
    await insert();
  } catch (error) {
    if (duplicateKeyIndexes(error) === null) throw error;
  }
}
