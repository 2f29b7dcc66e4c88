import { Injectable } from '@nestjs/common';
import type { Group } from '@onescale/ontology';
import { isDuplicateKey, ProblemException } from '@onescale/platform';
import type { RequestIds } from '../idempotency/idempotency';
import { eventIdFor } from '../outbox/envelopes';
import { Outbox } from '../outbox/outbox';
import type { ConnectionDeletion, ThingClaim } from '../store/records';
import { WriteModel } from '../store/write-model';

export interface DeleteResult {
  readonly deleted: string;
  readonly connectionsDeleted: number;
  readonly position: number | null;
}

/**
 * DELETE things/:thingId: a soft delete of the thing and of its live connections. The thing is claimed
 * at its next version and each connection by a deletion claim, so concurrent deletes (and a delete
 * racing an update) count everything exactly once.
 */
@Injectable()
export class DeleteThingService {
  constructor(
    private readonly model: WriteModel,
    private readonly outbox: Outbox,
  ) {}

  async delete(group: Group, thingId: string, ids: RequestIds): Promise<DeleteResult> {
    const row = await this.model.things.findOne({ _id: thingId });
    if (!row || row.groupId !== group.id || (row.deletedAt !== undefined && row.deletedAt !== null)) {
      throw new ProblemException(404, 'not_found', `thing ${thingId} not found`);
    }
    // A scan on FerretDB, of this tenant's connections only.
    const connections = await this.model
      .connections(group.rootGroupId)
      .find({ groupId: group.id, $or: [{ fromThingId: thingId }, { toThingId: thingId }] })
      .toArray();
    const version = row.version + 1;
    const claim: ThingClaim = {
      _id: `${thingId}#${version}`,
      thingId,
      version,
      kind: 'delete',
      batchId: ids.batchId,
      at: ids.at,
      name: row.name,
      properties: row.properties,
      status: row.status,
      bytes: 0,
      previousBytes: row.bytes,
      changes: '{}',
      eventId: eventIdFor(`${thingId}#${version}:deleted`, ids.at),
    };
    const deletions: ConnectionDeletion[] = connections.map((c) => ({
      _id: `del|${c.id}`,
      batchId: ids.batchId,
      at: ids.at,
      eventId: eventIdFor(`${c.id}:deleted`, ids.at),
      row: JSON.stringify(c),
    }));
    const record = {
      _id: ids.batchId,
      kind: 'delete_thing' as const,
      groupId: group.id,
      rootGroupId: group.rootGroupId,
      createdAt: ids.at,
      itemIds: [claim._id, ...deletions.map((d) => d._id)],
      reservations: [],
    };
    await this.outbox.open(record);
    if (!(await this.claim(this.model.thingClaims, claim, ids.batchId))) {
      await this.model.batches.deleteOne({ _id: record._id });
      throw new ProblemException(
        409,
        'conflict',
        `thing ${thingId} was changed by another request at the same time; read it again and retry`,
      );
    }
    const won: ConnectionDeletion[] = [];
    for (const deletion of deletions) if (await this.claim(this.model.connectionDeletions, deletion, ids.batchId)) won.push(deletion);
    record.itemIds = [claim._id, ...won.map((d) => d._id)];
    const position = await this.outbox.tryPublish(record, { claims: [claim], deletions: won });
    return { deleted: thingId, connectionsDeleted: won.length, position };
  }

  /** True when this request holds the claim (it inserted it now, or in an earlier attempt). */
  private async claim<T extends { _id: string; batchId: string }>(
    collection: { insertOne(doc: T): Promise<unknown>; findOne(filter: { _id: string }): Promise<T | null> },
    doc: T,
    batchId: string,
  ): Promise<boolean> {
    try {
      await collection.insertOne(doc);
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return (await collection.findOne({ _id: doc._id }))?.batchId === batchId;
    }
  }
}
