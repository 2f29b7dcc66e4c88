import { makeEvent, type EventOf, type FieldChange } from '@onescale/ontology';
import { connectionOf, thingOf, type ConnectionRow, type ThingRow } from '../store/rows';
import type { ConnectionDeletion, ThingClaim } from '../store/records';
import type { WriteModel } from '../store/write-model';
import { platformFields } from './envelopes';

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
export function claimEvent(claim: ThingClaim, row: ThingRow): EventOf<'thing_updated' | 'thing_deleted'> {
  const thing = thingOf({ ...row, name: claim.name, properties: claim.properties, status: claim.status, updatedAt: claim.at });
  const fields = platformFields({ id: claim.eventId, groupId: row.groupId, rootGroupId: row.rootGroupId, targetId: row._id, at: claim.at });
  return claim.kind === 'update'
    ? makeEvent('thing_updated', fields, {
        changes: JSON.parse(claim.changes) as Record<string, FieldChange>,
        thing,
        bytes: claim.bytes,
        previousBytes: claim.previousBytes,
      })
    : makeEvent('thing_deleted', fields, { thing: { ...thing, deletedAt: claim.at }, bytes: claim.previousBytes });
}

export function deletionEvent(deletion: ConnectionDeletion): EventOf<'connection_deleted'> {
  const row = JSON.parse(deletion.row) as ConnectionRow;
  return makeEvent(
    'connection_deleted',
    platformFields({ id: deletion.eventId, groupId: row.groupId, rootGroupId: row.rootGroupId, targetId: row.toThingId, at: deletion.at }),
    { connection: { ...connectionOf(row), deletedAt: deletion.at }, fromThingType: row.fromThingType, toThingType: row.toThingType },
  );
}
