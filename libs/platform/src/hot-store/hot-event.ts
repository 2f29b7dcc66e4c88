import { BSON } from 'mongodb';
import { decodeStoredEvent, type EventEnvelope } from '@onescale/ontology';

/**
 * A document of the hot event store: the envelope field for field, `data` as JSON text (user
 * metadata may hold keys the store rejects), and where the projector read it (partition, offset).
 */
export interface HotEventDoc {
  readonly _id: string;
  readonly groupId: string;
  readonly rootGroupId: string;
  readonly type: string;
  readonly actorId?: string | null;
  readonly targetId?: string | null;
  readonly timestamp: number;
  readonly recordedAt: number;
  readonly schemaVersion: number;
  readonly data: string;
  readonly partition: number;
  readonly offset: number;
}

/** Where the projector read an event: the hot store keeps it to tell a replay from a republished copy. */
export interface HotPosition {
  readonly partition: number;
  readonly offset: number;
}

/** The UTC day of an event time as `YYYYMMDD`: the hot store's partition key. */
export type HotDay = string;

export const hotDayOf = (timestamp: number): HotDay => new Date(timestamp).toISOString().slice(0, 10).replaceAll('-', '');

/** Start (epoch ms) of a hot day. */
export const hotDayStart = (day: HotDay): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)));

/** The envelope a hot document stores (absent or null ids stay absent). */
export const envelopeOf = (doc: HotEventDoc): EventEnvelope =>
  decodeStoredEvent({
    id: doc._id,
    type: doc.type,
    groupId: doc.groupId,
    rootGroupId: doc.rootGroupId,
    ...(doc.actorId == null ? {} : { actorId: doc.actorId }),
    ...(doc.targetId == null ? {} : { targetId: doc.targetId }),
    timestamp: doc.timestamp,
    recordedAt: doc.recordedAt,
    data: JSON.parse(doc.data) as unknown,
    schemaVersion: doc.schemaVersion,
  });

export const hotDocOf = (event: EventEnvelope, position: HotPosition = { partition: 0, offset: 0 }): HotEventDoc => ({
  _id: event.id,
  groupId: event.groupId,
  rootGroupId: event.rootGroupId,
  type: event.type,
  ...(event.actorId === undefined ? {} : { actorId: event.actorId }),
  ...(event.targetId === undefined ? {} : { targetId: event.targetId }),
  timestamp: event.timestamp,
  recordedAt: event.recordedAt,
  schemaVersion: event.schemaVersion,
  data: JSON.stringify(event.data),
  partition: position.partition,
  offset: position.offset,
});

/** Stored (BSON) size of a hot document: what the day ledger counts and archiving frees. */
export const hotBytesOf = (doc: HotEventDoc): number => BSON.calculateObjectSize(doc);
