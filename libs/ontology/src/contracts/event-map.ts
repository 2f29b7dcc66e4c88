import type { ClientEventData, RuledClientEventMap } from './client-events';
import type { Envelope } from './envelope';
import type {
  ArchivalFailedData,
  ConnectionEventData,
  EventsArchivedData,
  GroupEventData,
  GroupUpdatedData,
  KnowledgeAddedData,
  QuotaThresholdCrossedData,
  ThingCreatedData,
  ThingDeletedData,
  ThingUpdatedData,
} from './platform-events';
import type { UsageRecordedData } from './usage';

/** Every platform event type → the data its envelope carries. Platform events have no actorId. */
export interface PlatformEventMap {
  readonly group_created: GroupEventData;
  readonly group_updated: GroupUpdatedData;
  readonly thing_created: ThingCreatedData;
  readonly thing_updated: ThingUpdatedData;
  readonly thing_deleted: ThingDeletedData;
  readonly connection_created: ConnectionEventData;
  readonly connection_deleted: ConnectionEventData;
  readonly knowledge_added: KnowledgeAddedData;
  readonly usage_recorded: UsageRecordedData;
  readonly quota_threshold_crossed: QuotaThresholdCrossedData;
  readonly events_archived: EventsArchivedData;
  readonly archival_failed: ArchivalFailedData;
}

/**
 * Every event type with a contract of its own → its data. Client types of a group's composition
 * that have no metadata rules travel as `ClientEventEnvelope` (any type name, `ClientEventData`).
 */
export interface EventMap extends PlatformEventMap, RuledClientEventMap {}

export type EventType = keyof EventMap;
export type PlatformEventType = keyof PlatformEventMap;

/** The envelope of one event type (or of a union of them: a union of envelopes). */
export type EventOf<K extends EventType> = K extends EventType ? Envelope<K, EventMap[K]> : never;

export type PlatformEvent = EventOf<PlatformEventType>;
/** A client event of a type without metadata rules (`user_login`, a composition's own types…). */
export type OpenClientEventEnvelope = Envelope<string, ClientEventData>;
export type ClientEventEnvelope = EventOf<keyof RuledClientEventMap> | OpenClientEventEnvelope;

/** Any event on any topic. Narrow it with `isClientEvent`, then `switch (event.type)` over the platform types. */
export type EventEnvelope = PlatformEvent | ClientEventEnvelope;

/**
 * Narrows any event to the envelope of `type`. Sound because the decoder checks every event's data
 * against its type's contract, whatever union member it was sent as.
 */
export const isType = <K extends EventType>(event: EventEnvelope, type: K): event is EventOf<K> => event.type === type;
