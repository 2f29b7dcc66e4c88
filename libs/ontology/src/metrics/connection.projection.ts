import type { EventEnvelope } from '../contracts/envelope';
import type { Connection } from '../contracts/entities';
import { connectionEventOf } from './platform-data';
import type { Projection } from './projection';

/**
 * One document per connection, kept after deletion (with `deletedAt`) so a rebuild that sees the
 * deletion before the creation still ends deleted. Top-level fields serve the relationships
 * page's keyset query; `connection.metadata` is user JSON, stored as text by the adapter.
 */
export interface ConnectionDoc {
  readonly id: string;
  readonly groupId: string;
  readonly connection: Connection;
  readonly fromThingId: string;
  readonly toThingId: string;
  readonly relationshipType: string;
  readonly createdAt: number;
  readonly deletedAt: number | null;
  readonly live: boolean;
}

/** Idempotent: the newest connection state is kept and deletion is sticky. */
export const evolveConnection = (doc: ConnectionDoc | null, event: EventEnvelope): ConnectionDoc | null => {
  const change = connectionEventOf(event);
  if (change === null) return doc;
  const c = change.connection;
  const deletedAt = doc?.deletedAt ?? (change.delta < 0 ? c.deletedAt ?? event.timestamp : null);
  // The newest state wins (by updatedAt), so a rebuild in another order ends the same.
  const connection = doc === null || c.updatedAt > doc.connection.updatedAt ? c : doc.connection;
  if (doc !== null && deletedAt === doc.deletedAt && connection === doc.connection) return doc;
  return {
    id: c.id,
    groupId: c.groupId,
    connection: deletedAt === null ? connection : { ...connection, deletedAt },
    fromThingId: c.fromThingId,
    toThingId: c.toThingId,
    relationshipType: c.relationshipType,
    createdAt: c.createdAt,
    deletedAt,
    live: deletedAt === null,
  };
};

export const connectionProjection: Projection<ConnectionDoc> = {
  name: 'connection',
  collection: 'connections',
  handles: { platform: ['connection_created', 'connection_deleted'], clientEvents: false },
  // Keyset order of the relationships page: (createdAt, id) ascending within each filter.
  indexes: [
    [['toThingId', 1], ['live', 1], ['relationshipType', 1], ['createdAt', 1], ['id', 1]],
    [['fromThingId', 1], ['live', 1], ['relationshipType', 1], ['createdAt', 1], ['id', 1]],
    [['toThingId', 1], ['live', 1], ['createdAt', 1], ['id', 1]],
    [['fromThingId', 1], ['live', 1], ['createdAt', 1], ['id', 1]],
  ],
  keysOf: (event) => {
    const id = connectionEventOf(event)?.connection.id;
    return id === undefined ? [] : [id];
  },
  evolve: (doc, event) => evolveConnection(doc, event),
};
