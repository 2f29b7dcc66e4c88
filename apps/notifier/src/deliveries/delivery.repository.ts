import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { DeliveryStatus, NotificationType } from '@onescale/ontology';
import { InjectMongo, duplicateKeyIndexes } from '@onescale/platform';

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
  /** A worker holds the delivery until then; another may take it over only after. */
  leaseUntil: number;
  leaseOwner: string | null;
  log: AttemptEntry[];
}

/** The attempts a delivery's log keeps (a day of retries is about 40). */
export const LOG_ENTRIES = 50;

@Injectable()
export class DeliveryRepository implements OnModuleInit {
  private readonly deliveries: Collection<DeliveryDoc>;

  constructor(@InjectMongo() connection: Connection) {
    this.deliveries = connection.db!.collection<DeliveryDoc>('webhook_deliveries');
  }

  async onModuleInit(): Promise<void> {
    await this.deliveries.createIndex({ status: 1, nextAttemptAt: 1 });
    await this.deliveries.createIndex({ endpointId: 1, _id: -1 });
  }

  /** Records new deliveries; those already recorded (a redelivered event) stay as they are. */
  async record(docs: readonly DeliveryDoc[]): Promise<void> {
    if (docs.length === 0) return;
    try {
      await this.deliveries.insertMany([...docs], { ordered: false });
    } catch (error) {
      // An upsert with $setOnInsert would do, but FerretDB drops its null and empty-array fields.
      if (duplicateKeyIndexes(error) === null) throw error;
    }
  }

  /**
   * Takes one due delivery for `owner` until `leaseUntil`: a single-document update, so two workers
   * (in one process or two) never hold the same delivery at once.
   */
  claim(owner: string, now: number, leaseUntil: number): Promise<DeliveryDoc | null> {
    return this.deliveries.findOneAndUpdate(
      { status: 'pending', nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } },
      { $set: { leaseUntil, leaseOwner: owner } },
      { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
    );
  }

  /** Records an attempt's outcome, only while `owner` still holds the lease it claimed. */
  async settle(
    claimed: DeliveryDoc,
    owner: string,
    change: Pick<DeliveryDoc, 'status' | 'attempts' | 'lastResponseStatus' | 'nextAttemptAt' | 'log'>,
  ): Promise<boolean> {
    const result = await this.deliveries.updateOne(
      { _id: claimed._id, leaseOwner: owner, attempts: claimed.attempts },
      { $set: { ...change, leaseUntil: 0, leaseOwner: null } },
    );
    return result.modifiedCount === 1;
  }

  /** Newest first, after the cursor (a delivery id, time-ordered). */
  page(endpointId: string, limit: number, after?: string): Promise<DeliveryDoc[]> {
    return this.deliveries
      .find(after === undefined ? { endpointId } : { endpointId, _id: { $lt: after } })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .toArray();
  }

  pendingCount(): Promise<number> {
    return this.deliveries.countDocuments({ status: 'pending' });
  }

  async removeOf(endpointId: string): Promise<void> {
    await this.deliveries.deleteMany({ endpointId });
  }
}
