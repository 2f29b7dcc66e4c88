import { checkEventMetadata } from '../events/event-metadata';
import { isPlainObject } from '../vocabulary/json-object';
import { isPlatformOrReserved } from '../vocabulary/event-types';
import type { ClientEventData } from './client-events';
import { anything, fields, finite, id, integer, jsonObject, listOf, ms, oneOf, optional, recordOf, text, type Check } from './data-checks';
import {
  GROUP_STATUSES,
  GROUP_TYPES,
  KNOWLEDGE_ROLES,
  KNOWLEDGE_TYPES,
  PLANS,
  THING_STATUSES,
  type Connection,
  type Group,
  type Knowledge,
  type Thing,
} from './entities';
import { THRESHOLD_LEVELS } from '../quota/metric-status';
import type { PlatformEventMap, PlatformEventType } from './event-map';
import {
  PLATFORM_EVENT_TYPES,
  type ArchivalFailedData,
  type ConnectionEventData,
  type EventsArchivedData,
  type FieldChange,
  type GroupEventData,
  type GroupUpdatedData,
  type KnowledgeAddedData,
  type QuotaThresholdCrossedData,
  type ThingCreatedData,
  type ThingUpdatedData,
} from './platform-events';
import { USAGE_METRICS, type UsageRecordedData } from './usage';

const group = fields<Group>({
  id,
  slug: id,
  name: text,
  type: oneOf(GROUP_TYPES),
  parentGroupId: optional(id),
  rootGroupId: id,
  plan: oneOf(PLANS),
  status: oneOf(GROUP_STATUSES),
  settings: jsonObject,
  createdAt: ms,
  updatedAt: ms,
});

const thing = fields<Thing>({
  id,
  groupId: id,
  type: id,
  name: text,
  properties: jsonObject,
  status: oneOf(THING_STATUSES),
  schemaVersion: integer,
  createdAt: ms,
  updatedAt: ms,
  deletedAt: optional(ms),
});

const connection = fields<Connection>({
  id,
  groupId: id,
  fromThingId: id,
  toThingId: id,
  relationshipType: id,
  metadata: optional(jsonObject),
  strength: optional(finite),
  validFrom: optional(ms),
  validTo: optional(ms),
  createdAt: ms,
  updatedAt: ms,
  deletedAt: optional(ms),
});

const knowledge = fields<Knowledge>({
  id,
  groupId: id,
  knowledgeType: oneOf(KNOWLEDGE_TYPES),
  text: optional(text),
  embedding: optional(listOf(finite)),
  labels: optional(listOf(text)),
  sourceThingId: optional(id),
  role: optional(oneOf(KNOWLEDGE_ROLES)),
  createdAt: ms,
});

const fieldChange = fields<FieldChange>({ old: anything, new: anything });
const thingData = fields<ThingCreatedData>({ thing, bytes: integer });
const connectionData = fields<ConnectionEventData>({ connection, fromThingType: id, toThingType: id });

/** Every platform type's data check: the mapped type makes a new platform event a compile error here. */
const PLATFORM_CHECKS: { readonly [K in keyof PlatformEventMap]: Check } = {
  group_created: fields<GroupEventData>({ group }),
  group_updated: fields<GroupUpdatedData>({ group, changes: recordOf(fieldChange) }),
  thing_created: thingData,
  thing_updated: fields<ThingUpdatedData>({
    changes: recordOf(fieldChange),
    thing,
    bytes: integer,
    previousBytes: integer,
  }),
  thing_deleted: thingData,
  connection_created: connectionData,
  connection_deleted: connectionData,
  knowledge_added: fields<KnowledgeAddedData>({ knowledge, bytes: integer }),
  usage_recorded: fields<UsageRecordedData>({
    metric: oneOf(USAGE_METRICS),
    amount: integer,
    reservationId: optional(id),
    reservedAmount: optional(integer),
    periodStart: optional(ms),
  }),
  quota_threshold_crossed: fields<QuotaThresholdCrossedData>({
    metric: id,
    level: oneOf(THRESHOLD_LEVELS),
    current: finite,
    limit: finite,
    periodStart: ms,
  }),
  events_archived: fields<EventsArchivedData>({ count: integer, cutoff: ms, objectKeys: listOf(id), runId: id }),
  archival_failed: fields<ArchivalFailedData>({ runId: id, stage: id, error: text, failed: integer }),
};

export const PLATFORM_TYPES_CHECKED: readonly string[] = Object.keys(PLATFORM_CHECKS);

/** Typed as the map's keys: the registry's list cannot name a type without a contract (the spec checks the converse). */
const PLATFORM_TYPES: readonly PlatformEventType[] = PLATFORM_EVENT_TYPES;
const isPlatformType = (type: string): type is PlatformEventType => (PLATFORM_TYPES as readonly string[]).includes(type);

/** A client event: metadata a JSON object fitting its type's rules (event-metadata.ts), thing types strings. */
const clientShape = fields<ClientEventData>({ metadata: jsonObject, actorType: optional(id), targetType: optional(id) });
const clientData =
  (type: string): Check =>
  (v, path) => {
    const problem = clientShape(v, path);
    if (problem !== undefined || !isPlainObject(v) || !isPlainObject(v.metadata)) return problem;
    const metadata = checkEventMetadata(type, v.metadata);
    return metadata.ok ? undefined : `${path}.${metadata.problem.message}`;
  };

/**
 * Why `data` does not fit the contract of `type`, or undefined when it does. Reserved names
 * (`entity_created`…) are no event anyone may send: they are unknown here.
 */
export const eventDataProblem = (type: string, data: unknown): string | undefined => {
  if (isPlatformType(type)) return PLATFORM_CHECKS[type](data, 'data');
  if (isPlatformOrReserved(type)) return `unknown event type ${type}: it is reserved`;
  return clientData(type)(data, 'data');
};
