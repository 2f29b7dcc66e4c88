import { Injectable, type OnModuleInit } from '@nestjs/common';
import { groupBy } from '@onescale/ontology';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { DeliveryStatus, NotificationType } from '@onescale/ontology';
import {
  InjectMongo,
  dropIfPresent,
  insertAll,
  isDuplicateKey,
  mapLimit,
  ownedCollection,
  ownedCollections,
  splitShared,
} from '@onescale/platform';

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
  /** Whose collection holds the delivery. */
  endpointId: string;
  nextAttemptAt: number;
  leaseUntil: number;
}

/** A due delivery, as the queue names it. */
export interface DueDelivery {
  readonly id: string;
  readonly endpointId: string;
}

/** The collection every endpoint's deliveries shared before each endpoint had its own: split at start. */
const LEGACY_DELIVERIES = 'webhook_deliveries';
/** Endpoints' collections pruned at once by the daily job. */
const ENDPOINTS_AT_ONCE = 4;

const entryOf = (d: DeliveryDoc): QueueEntry => ({ _id: d._id, endpointId: d.endpointId, nextAttemptAt: d.nextAttemptAt, leaseUntil: 0 });

/** One worker's hold on one attempt of a delivery (see `claim`). */
interface AttemptLease {
  _id: string;
  owner: string;
  expiresAt: number;
}

/** The attempts a delivery's log keeps (a day of retries is about 40). */
export const LOG_ENTRIES = 50;

/**
 * The delivery log, a collection per endpoint (`webhook_deliveries_<endpointId>`): an endpoint's
 * delivery page and its removal read and drop that endpoint's deliveries, never every tenant's
 * (FerretDB scans a collection for any filter but `_id`). The queue of pending deliveries (one
 * collection, pending ones only) names the endpoint of each, so workers find a delivery by `_id`.
 */
@Injectable()
export class DeliveryRepository implements OnModuleInit {
  private readonly queue: Collection<QueueEntry>;
  private readonly leases: Collection<AttemptLease>;

  constructor(@InjectMongo() private readonly connection: Connection) {
    this.queue = connection.db!.collection<QueueEntry>('webhook_queue');
    this.leases = connection.db!.collection<AttemptLease>('webhook_attempt_leases');
  }

  private of(endpointId: string): Collection<DeliveryDoc> {
    return this.connection.db!.collection<DeliveryDoc>(ownedCollection(LEGACY_DELIVERIES, endpointId));
  }

  async onModuleInit(): Promise<void> {
    await this.queue.createIndex({ nextAttemptAt: 1 });
    await this.splitLegacy();
  }

  /**
   * Copies each delivery of the collection every endpoint used to share into its endpoint's (a copy
   * already there is kept), queues the pending ones under their endpoint, then drops the old
   * collection: safe to run again after a crash. A notifier of the earlier version must not run meanwhile.
   */
  private async splitLegacy(): Promise<void> {
    await splitShared<DeliveryDoc>(this.connection.db!.collection<DeliveryDoc>(LEGACY_DELIVERIES), async (chunk) => {
      for (const [endpointId, docs] of groupBy(chunk, (d) => d.endpointId)) await insertAll(this.of(endpointId), docs);
      const pending = chunk.filter((d) => d.status === 'pending');
      // Entries queued before they named their endpoint are replaced by ones that do.
      for (const d of pending) await this.queue.updateOne({ _id: d._id }, { $set: { endpointId: d.endpointId } });
      await insertAll(this.queue, pending.map(entryOf));
    });
  }

  /** Records new deliveries and queues them; those already recorded (a redelivered event) stay as they are. */
  async record(docs: readonly DeliveryDoc[]): Promise<void> {
    for (const [endpointId, own] of groupBy(docs, (d) => d.endpointId)) await insertAll(this.of(endpointId), own);
    // A crash before this line leaves the offset uncommitted: the redelivered event queues them then.
    await insertAll(this.queue, docs.map(entryOf));
  }

  /** Due deliveries nobody holds, soonest first: one query over the queue (pending deliveries only). */
  async due(now: number, limit: number): Promise<DueDelivery[]> {
    const entries = await this.queue
      .find({ nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } }, { projection: { _id: 1, endpointId: 1 } })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .toArray();
    return entries.map((e) => ({ id: e._id, endpointId: e.endpointId }));
  }

  /**
   * Takes a due delivery for `owner` until `leaseUntil`, unless another worker holds it. FerretDB
   * makes no update atomic, so the lease is a unique insert, `<delivery>:<attempt>:<takeover>`:
   * exactly one worker wins each attempt; a holder that died lets its lease expire, and the next
   * takeover number is claimed the same way.
   */
  async claim({ id, endpointId }: DueDelivery, owner: string, now: number, leaseUntil: number): Promise<DeliveryDoc | null> {
    const deliveries = this.of(endpointId);
    const doc = await deliveries.findOne({ _id: id });
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
    const current = await deliveries.findOne({ _id: id });
    if (current === null || current.status !== 'pending' || current.attempts !== doc.attempts) return null;
    // Only a hint for `due` (it skips held deliveries); the lease above is what excludes others.
    await Promise.all([
      deliveries.updateOne({ _id: id }, { $set: { leaseUntil, leaseOwner: owner } }),
      this.queue.updateOne({ _id: id }, { $set: { leaseUntil } }),
    ]);
    return { ...current, leaseUntil, leaseOwner: owner };
  }

  /** Attempt leases long expired (a daily job: FerretDB has no TTL indexes). */
  async pruneLeases(before: number): Promise<void> {
    await this.leases.deleteMany({ expiresAt: { $lt: before } });
  }

  /** Settled deliveries (delivered or failed) created before `before` leave every endpoint's log (a daily job). */
  async pruneSettled(before: number): Promise<void> {
    const names = await ownedCollections(this.connection.db!, LEGACY_DELIVERIES);
    await mapLimit(names, ENDPOINTS_AT_ONCE, (name) =>
      this.connection
        .db!.collection<DeliveryDoc>(name)
        .deleteMany({ status: { $in: ['delivered', 'failed'] }, createdAt: { $lt: before } }),
    );
  }

  /** Records an attempt's outcome, unless the delivery moved on (removed, or settled by a worker that took the lease over). */
  async settle(
    claimed: DeliveryDoc,
    change: Pick<DeliveryDoc, 'status' | 'attempts' | 'lastResponseStatus' | 'nextAttemptAt' | 'log'>,
  ): Promise<boolean> {
    const result = await this.of(claimed.endpointId).updateOne(
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
    return this.of(endpointId)
      .find(after === undefined ? {} : { _id: { $lt: after } })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .toArray();
  }

  /** Queued deliveries (pending ones, and for a moment a settled one whose entry a crash left). */
  pendingCount(): Promise<number> {
    return this.queue.countDocuments({});
  }

  /** The endpoint's log goes with it; its queue entries, stale now, are dropped by the next claims. */
  async removeOf(endpointId: string): Promise<void> {
    await dropIfPresent(this.of(endpointId));
  }
}
