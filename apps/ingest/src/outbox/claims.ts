import type { EventEnvelope } from '@onescale/ontology';
import { connectionOf, thingOf, type ConnectionRow, type ThingRow } from '../store/rows';
import type { ConnectionDeletion, ThingClaim } from '../store/records';
import type { WriteModel } from '../store/write-model';
import { platformEvent } from './envelopes';

/**
 * Brings a thing's row up to a claim it won. Only the claim's winner (or the relay finishing its
 * batch) writes the row, and the write is the same whoever does it, so it needs no atomic update.
 */
export async function applyClaim(model: WriteModel, claim: ThingClaim): Promise<ThingRow> {
  const row = await model.things.findOne({ _id: claim.thingId });
  if (!row) throw new Error(`thing ${claim.thingId} of claim ${claim._id} is missing`);
  if (row.version >= claim.version) return row;
  const next: ThingRow = {
    ...row,
    name: claim.name,
    properties: claim.properties,
    status: claim.status,
    bytes: claim.bytes,
    updatedAt: claim.at,
    version: claim.version,
    ...(claim.kind === 'delete' ? { deletedAt: claim.at } : {}),
  };
  await model.things.replaceOne({ _id: row._id }, next);
  return next;
}

/** `thing_updated` (old and new value of every changed field) or `thing_deleted`. */
export function claimEvent(claim: ThingClaim, row: ThingRow): EventEnvelope<object> {
  const thing = thingOf({ ...row, name: claim.name, properties: claim.properties, status: claim.status, updatedAt: claim.at });
  const data =
    claim.kind === 'update'
      ? { changes: JSON.parse(claim.changes) as object, thing, bytes: claim.bytes, previousBytes: claim.previousBytes }
      : { thing: { ...thing, deletedAt: claim.at }, bytes: claim.previousBytes };
  return platformEvent({
    id: claim.eventId,
    type: claim.kind === 'update' ? 'thing_updated' : 'thing_deleted',
    groupId: row.groupId,
    rootGroupId: row.rootGroupId,
    targetId: row._id,
    at: claim.at,
    data,
  });
}

export function deletionEvent(deletion: ConnectionDeletion): EventEnvelope<object> {
  const row = JSON.parse(deletion.row) as ConnectionRow;
  return platformEvent({
    id: deletion.eventId,
    type: 'connection_deleted',
    groupId: row.groupId,
    rootGroupId: row.rootGroupId,
    targetId: row.toThingId,
    at: deletion.at,
    data: { connection: { ...connectionOf(row), deletedAt: deletion.at }, fromThingType: row.fromThingType, toThingType: row.toThingType },
  });
}
