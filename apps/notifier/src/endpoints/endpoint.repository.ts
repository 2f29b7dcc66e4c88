import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type { EndpointStatus, NotificationType } from '@onescale/ontology';
import { InjectMongo } from '@onescale/platform';

export interface EndpointDoc {
  _id: string;
  groupId: string;
  url: string;
  events: NotificationType[];
  /** Kept to sign bodies; shown only in the answer that created the endpoint. */
  secret: string;
  status: EndpointStatus;
  /** Failed attempts since the last delivered one (any notification). */
  consecutiveFailures: number;
  createdAt: number;
  disabledAt?: number;
}

/** A group may register this many endpoints: each notification costs one delivery per endpoint. */
export const MAX_ENDPOINTS_PER_GROUP = 20;

/** The groups' webhook endpoints. */
@Injectable()
export class EndpointRepository implements OnModuleInit {
  private readonly endpoints: Collection<EndpointDoc>;

  constructor(@InjectMongo() connection: Connection) {
    this.endpoints = connection.db!.collection<EndpointDoc>('webhook_endpoints');
  }

  async onModuleInit(): Promise<void> {
    await this.endpoints.createIndex({ groupId: 1, createdAt: 1 });
  }

  insert(doc: EndpointDoc): Promise<unknown> {
    return this.endpoints.insertOne(doc);
  }

  ofGroup(groupId: string): Promise<EndpointDoc[]> {
    return this.endpoints
      .find({ groupId })
      .sort({ createdAt: 1 })
      .limit(MAX_ENDPOINTS_PER_GROUP * 2)
      .toArray();
  }

  countOfGroup(groupId: string): Promise<number> {
    return this.endpoints.countDocuments({ groupId });
  }

  /** The endpoint, only if it is the group's: another group's id is treated like a made-up one. */
  find(groupId: string, id: string): Promise<EndpointDoc | null> {
    return this.endpoints.findOne({ _id: id, groupId });
  }

  byId(id: string): Promise<EndpointDoc | null> {
    return this.endpoints.findOne({ _id: id });
  }

  async remove(groupId: string, id: string): Promise<boolean> {
    return (await this.endpoints.deleteOne({ _id: id, groupId })).deletedCount === 1;
  }

  async delivered(id: string): Promise<void> {
    await this.endpoints.updateOne({ _id: id, consecutiveFailures: { $ne: 0 } }, { $set: { consecutiveFailures: 0 } });
  }

  /** Counts a failed attempt; answers the failures in a row so far. */
  async failed(id: string): Promise<number> {
    const after = await this.endpoints.findOneAndUpdate({ _id: id }, { $inc: { consecutiveFailures: 1 } }, { returnDocument: 'after' });
    return after?.consecutiveFailures ?? 0;
  }

  /** Disables an active endpoint; true when this call did it. */
  async disable(id: string, at: number): Promise<boolean> {
    return (
      (await this.endpoints.updateOne({ _id: id, status: 'active' }, { $set: { status: 'disabled', disabledAt: at } })).modifiedCount === 1
    );
  }
}
