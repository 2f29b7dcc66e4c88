import { decodeStoredEvent, type EventEnvelope } from '@onescale/ontology';

/** A document of the hot event store as the metrics projector writes it (the shared contract). */
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
  /** JSON text of the envelope's data (user metadata may hold keys the store rejects). */
  readonly data: string;
  readonly partition?: number;
  readonly offset?: number;
}

/** The envelope a hot document stores, field for field (absent ids stay absent). */
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
  data: JSON.parse(doc.data),
  schemaVersion: doc.schemaVersion,
});

/** The hot document of an envelope (used by tests and the benchmark to seed the store). */
export const hotDocOf = (event: EventEnvelope, position: { partition: number; offset: number } = { partition: 0, offset: 0 }): HotEventDoc => ({
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
