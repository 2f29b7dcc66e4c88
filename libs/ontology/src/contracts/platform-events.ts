import {
  anything,
  fields,
  finite,
  id,
  integer,
  listOf,
  ms,
  oneOf,
  optional,
  recordOf,
  text,
  type Check,
  type Checked,
} from './data-checks';
import { isPlainObject } from '../vocabulary/json-object';
import { clientData } from './client-checks';
import type { ClientEventData } from './client-events';
import type { Envelope } from './envelope';
import type { Connection, Group, Knowledge, Thing } from './entities';
import { connection, group, knowledge, thing } from './entity-checks';
import { RESERVED_EVENT_TYPES } from './reserved-event-types';
import { THRESHOLD_LEVELS } from '../quota/metric-status';
import { USAGE_METRICS, type UsageRecordedData } from './usage';

/** Data carried by each platform event (the envelope's `data`). Platform events have no actorId. */
export interface GroupEventData {
  readonly group: Group;
}
export interface GroupUpdatedData extends GroupEventData {
  /** Every changed field with its old and new value. */
  readonly changes: Readonly<Record<string, FieldChange>>;
}
export interface ThingCreatedData {
  readonly thing: Thing;
  /** Bytes the thing counts against storage (see `thingBytes`). */
  readonly bytes: number;
}
export interface FieldChange {
  readonly old: unknown;
  readonly new: unknown;
}
export interface ThingUpdatedData {
  /** Every changed field with its old and new value. */
  readonly changes: Readonly<Record<string, FieldChange>>;
  /** The thing after the update. */
  readonly thing: Thing;
  readonly bytes: number;
  readonly previousBytes: number;
}
export interface ThingDeletedData {
  readonly thing: Thing;
  readonly bytes: number;
}
export interface ConnectionEventData {
  readonly connection: Connection;
  /** Thing types of the two endpoints, so read models (group metrics) need no lookup. */
  readonly fromThingType: string;
  readonly toThingType: string;
}
export interface KnowledgeAddedData {
  readonly knowledge: Knowledge;
  readonly bytes: number;
}
export interface QuotaThresholdCrossedData {
  readonly metric: string;
  readonly level: (typeof THRESHOLD_LEVELS)[number];
  readonly current: number;
  readonly limit: number;
  readonly periodStart: number;
}
export interface EventsArchivedData {
  readonly count: number;
  readonly cutoff: number;
  readonly objectKeys: readonly string[];
  readonly runId: string;
}

/**
 * A client event corrected away. It carries the voided event whole (as ingest found it in the hot
 * store or the archive when the void was asked for), so every projection reverses exactly what the
 * event added without reading it back: also when the event is archived, and in a rebuild.
 */
export interface EventVoidedData {
  readonly eventId: string;
  readonly reason: string;
  readonly voided: Envelope<string, ClientEventData>;
}

/** A group's archival stopped at a step; its events stay hot and the next run retries them. */
export interface ArchivalFailedData {
  readonly runId: string;
  /** The step that failed first (dedupe, upload, delete, emit, stopped). */
  readonly stage: string;
  readonly error: string;
  /** Events of the group this run did not archive. */
  readonly failed: number;
}

/** The topics platform events travel on (their specs: topics.ts). */
export type TopicKey = 'events' | 'usage';

/** One platform event type's contract: the topic that carries it and the check of its data. */
export interface EventContract<T extends TopicKey, D> {
  readonly topic: T;
  readonly data: Check<D>;
}
const on = <T extends TopicKey, D>(topic: T, data: Check<D>): EventContract<T, D> => ({ topic, data });

const fieldChange = fields<FieldChange>({ old: anything, new: anything });
const thingData = fields<ThingCreatedData>({ thing, bytes: integer });
const connectionData = fields<ConnectionEventData>({ connection, fromThingType: id, toThingType: id });

/** The voided event inside `event_voided`: a whole client event envelope, its data checked by its own type's rules. */
const voidedEnvelope: Check<Envelope<string, ClientEventData>> = (v, path) => {
  const problem = fields<Envelope<string, unknown>>({
    id,
    type: id,
    groupId: id,
    rootGroupId: id,
    actorId: optional(id),
    targetId: optional(id),
    timestamp: ms,
    recordedAt: ms,
    data: anything,
    schemaVersion: integer,
  })(v, path);
  if (problem !== undefined || !isPlainObject(v) || typeof v.type !== 'string') return problem;
  if (isKey(v.type) || (RESERVED_EVENT_TYPES as readonly string[]).includes(v.type))
    return `${path}.type must be a client event type, got ${v.type}`;
  return clientData(v.type)(v.data, `${path}.data`);
};

/**
 * Every event type only onescale emits (clients may not submit them) → its contract. This table is
 * the one place a platform event type is declared: `EventMap`, the decoder's checks and each
 * topic's list of types derive from it.
 */
export const PLATFORM_EVENTS = {
  group_created: on('events', fields<GroupEventData>({ group })),
  group_updated: on('events', fields<GroupUpdatedData>({ group, changes: recordOf(fieldChange) })),
  thing_created: on('events', thingData),
  thing_updated: on('events', fields<ThingUpdatedData>({ changes: recordOf(fieldChange), thing, bytes: integer, previousBytes: integer })),
  thing_deleted: on('events', thingData),
  connection_created: on('events', connectionData),
  connection_deleted: on('events', connectionData),
  knowledge_added: on('events', fields<KnowledgeAddedData>({ knowledge, bytes: integer })),
  /** Gauge deltas from ingest, api calls from the gateway, hand-recorded usage from quota. */
  usage_recorded: on(
    'usage',
    fields<UsageRecordedData>({
      metric: oneOf(USAGE_METRICS),
      amount: integer,
      reservationId: optional(id),
      reservedAmount: optional(integer),
      periodStart: optional(ms),
    }),
  ),
  quota_threshold_crossed: on(
    'events',
    fields<QuotaThresholdCrossedData>({ metric: id, level: oneOf(THRESHOLD_LEVELS), current: finite, limit: finite, periodStart: ms }),
  ),
  events_archived: on('events', fields<EventsArchivedData>({ count: integer, cutoff: ms, objectKeys: listOf(id), runId: id })),
  archival_failed: on('events', fields<ArchivalFailedData>({ runId: id, stage: id, error: text, failed: integer })),
  event_voided: on('events', fields<EventVoidedData>({ eventId: id, reason: text, voided: voidedEnvelope })),
} as const;

export type PlatformEventType = keyof typeof PLATFORM_EVENTS;
/** Every platform event type → the data its envelope carries. Platform events have no actorId. */
export type PlatformEventMap = { readonly [K in PlatformEventType]: Checked<(typeof PLATFORM_EVENTS)[K]['data']> };
/** The platform event types a topic carries. */
export type TypesOn<T extends TopicKey> = {
  [K in PlatformEventType]: (typeof PLATFORM_EVENTS)[K]['topic'] extends T ? K : never;
}[PlatformEventType];

const isKey = (type: string): type is PlatformEventType => Object.hasOwn(PLATFORM_EVENTS, type);
export const PLATFORM_EVENT_TYPES: readonly PlatformEventType[] = Object.keys(PLATFORM_EVENTS).filter(isKey);
export const isPlatformType = (type: string): type is PlatformEventType => isKey(type);

/** The platform event types `topic` carries, in the table's order. */
export const typesOn = <T extends TopicKey>(topic: T): readonly TypesOn<T>[] =>
  PLATFORM_EVENT_TYPES.filter((type): type is TypesOn<T> => PLATFORM_EVENTS[type].topic === topic);
