import { isType, type EventEnvelope } from '../contracts/event-map';
import type { Connection } from '../contracts/entities';
import { activityItemValue, boundedMetadata } from './activity-entry';
import { knowledgeEventOf, connectionEventOf } from './platform-data';
import { distinctIds } from './projection';
import { timeKey } from './list-keys';
import type { ListConfig, ListOp } from './list-ops';

/**
 * Lists kept in a thing's own document, changed by events that name the thing and guarded by that
 * document's position (so a redelivered event never changes them twice):
 * - `act`: every event naming the thing as actor or target, key (timestamp, eventId), value the
 *   feed entry (activity-entry.ts);
 * - `in` / `out`: live connections into / out of the thing, key (createdAt, connectionId), value
 *   the connection as JSON with its metadata only when small (`relationshipItemValue`);
 *   `in:<type>` / `out:<type>` the same per relationship type;
 * - `kn`: knowledge items whose source is the thing, key (createdAt, knowledgeId).
 */
export const ACTIVITY_LIST = 'act';
export const KNOWLEDGE_LIST = 'kn';
export type Direction = 'in' | 'out';
export const relationshipList = (direction: Direction, relationshipType: string | null): string =>
  relationshipType === null ? direction : `${direction}:${relationshipType}`;

export interface EntityListOp {
  readonly entityId: string;
  readonly list: string;
  readonly op: ListOp;
}

/**
 * Connection metadata above this size stays out of the lists (`{_truncated: true, bytes}`): a thing
 * holds a tail of 16 entries per direction and per relationship type, so whole 64 KiB payloads would
 * push one document past MongoDB's 16 MiB and stop its partition. With this cap a thing document
 * stays around a megabyte whatever the inputs; the full connection is in the event store.
 */
export const RELATIONSHIP_METADATA_MAX_BYTES = 1024;

/** The value a relationship list item keeps: the connection, its metadata bounded. */
export const relationshipItemValue = (c: Connection): string =>
  JSON.stringify(c.metadata === undefined ? c : { ...c, metadata: boundedMetadata(c.metadata, RELATIONSHIP_METADATA_MAX_BYTES) });

const ACTIVITY_CONFIG: ListConfig = { chunkMax: 128, tailMax: 32, tailMin: 8 };
/** Connections carry their JSON: a small tail keeps the thing document small. */
const RELATIONSHIP_CONFIG: ListConfig = { chunkMax: 64, tailMax: 16, tailMin: 4 };
const KNOWLEDGE_CONFIG: ListConfig = { chunkMax: 256, tailMax: 32, tailMin: 8 };

export const entityListConfig = (list: string): ListConfig =>
  list === ACTIVITY_LIST ? ACTIVITY_CONFIG : list === KNOWLEDGE_LIST ? KNOWLEDGE_CONFIG : RELATIONSHIP_CONFIG;

/** The list changes an event makes, per thing document. */
export const entityListOpsOf = (event: EventEnvelope): EntityListOp[] => {
  if (isType(event, 'event_voided')) {
    // The voided event leaves the feeds it was added to (its key names it exactly).
    const { id, timestamp, actorId, targetId } = event.data.voided;
    const key = timeKey(timestamp, id);
    return distinctIds(actorId, targetId).map((entityId) => ({ entityId, list: ACTIVITY_LIST, op: { op: 'remove', key } }));
  }
  const ops: EntityListOp[] = distinctIds(event.actorId, event.targetId).map((entityId) => ({
    entityId,
    list: ACTIVITY_LIST,
    op: { op: 'add', key: timeKey(event.timestamp, event.id), value: activityItemValue(event) },
  }));
  const change = connectionEventOf(event);
  if (change !== null) {
    const c = change.connection;
    const key = timeKey(c.createdAt, c.id);
    const op: ListOp = change.delta > 0 ? { op: 'add', key, value: relationshipItemValue(c) } : { op: 'remove', key };
    for (const [entityId, direction] of [
      [c.toThingId, 'in'],
      [c.fromThingId, 'out'],
    ] as const) {
      ops.push(
        { entityId, list: relationshipList(direction, null), op },
        { entityId, list: relationshipList(direction, c.relationshipType), op },
      );
    }
  }
  const knowledge = knowledgeEventOf(event)?.knowledge;
  if (knowledge?.sourceThingId !== undefined) {
    ops.push({
      entityId: knowledge.sourceThingId,
      list: KNOWLEDGE_LIST,
      op: { op: 'add', key: timeKey(knowledge.createdAt, knowledge.id) },
    });
  }
  return ops;
};
