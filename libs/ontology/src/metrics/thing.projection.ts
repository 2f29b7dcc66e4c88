import { isType, type EventEnvelope } from '../contracts/event-map';
import type { Thing, ThingStatus } from '../contracts/entities';
import { PLATFORM_EVENT_TYPES } from '../contracts/platform-events';
import { addCount, isNewerVersion, type CountsBy, type MetricsTypes } from './counts';
import { connectionEventOf, thingEventOf } from './platform-data';
import { distinctIds, type Projection } from './projection';

/**
 * One document per thing: its latest state and exact running counts of its live connections and
 * of its activity. A document can exist before the thing's `thing_created` is applied (a rebuild
 * may read an archived event naming the thing before the hot `thing_created`); `thing` is then
 * null and the thing reads as not found. Top-level copies of `type`, `status`, `createdAt` and
 * the flags feed the group lists (list things, content ranking).
 * `thing.properties` is user JSON: the adapter stores it as text (see DESIGN §3).
 */
export interface ThingDoc {
  readonly id: string;
  readonly groupId: string;
  readonly thing: Thing | null;
  /** Version of `thing` (its updatedAt and the id of the event that carried it). */
  readonly version: { readonly updatedAt: number; readonly eventId: string } | null;
  readonly type: string | null;
  readonly status: ThingStatus | null;
  readonly createdAt: number | null;
  readonly deletedAt: number | null;
  /** Known and not deleted. */
  readonly live: boolean;
  readonly isPerson: boolean;
  readonly isContent: boolean;
  /** Live connections into / out of the thing; a self-loop counts in both and in `selfLoopCount`. */
  readonly inboundCount: number;
  readonly outboundCount: number;
  readonly selfLoopCount: number;
  readonly inboundByType: CountsBy;
  readonly outboundByType: CountsBy;
  readonly selfLoopByType: CountsBy;
  /** Events naming the thing as actor or target, once per event (client and platform events). */
  readonly activityCount: number;
}

export const emptyThingDoc = (id: string, groupId: string): ThingDoc => ({
  id,
  groupId,
  thing: null,
  version: null,
  type: null,
  status: null,
  createdAt: null,
  deletedAt: null,
  live: false,
  isPerson: false,
  isContent: false,
  inboundCount: 0,
  outboundCount: 0,
  selfLoopCount: 0,
  inboundByType: {},
  outboundByType: {},
  selfLoopByType: {},
  activityCount: 0,
});

const withSnapshot = (types: MetricsTypes, doc: ThingDoc, event: EventEnvelope): ThingDoc => {
  const change = thingEventOf(event);
  if (change === null || change.thing.id !== doc.id) return doc;
  // Deletion is sticky: an older update applied after it (rebuild order) cannot revive the thing.
  const deletedAt = doc.deletedAt ?? (change.kind === 'deleted' ? (change.thing.deletedAt ?? event.timestamp) : null);
  const newer = isNewerVersion(change.thing.updatedAt, event.id, doc.version);
  const thing = newer ? change.thing : doc.thing;
  if (thing === null) return { ...doc, deletedAt };
  return {
    ...doc,
    thing,
    version: newer ? { updatedAt: change.thing.updatedAt, eventId: event.id } : doc.version,
    type: thing.type,
    status: thing.status,
    createdAt: thing.createdAt,
    deletedAt,
    live: deletedAt === null,
    isPerson: types.personTypes.includes(thing.type),
    isContent: types.contentTypes.includes(thing.type),
  };
};

const withConnection = (doc: ThingDoc, event: EventEnvelope): ThingDoc => {
  const change = connectionEventOf(event);
  if (change === null) return doc;
  const { fromThingId, toThingId, relationshipType: type } = change.connection;
  const d = change.delta;
  let next = doc;
  if (toThingId === doc.id) {
    next = { ...next, inboundCount: next.inboundCount + d, inboundByType: addCount(next.inboundByType, type, d) };
  }
  if (fromThingId === doc.id) {
    next = { ...next, outboundCount: next.outboundCount + d, outboundByType: addCount(next.outboundByType, type, d) };
  }
  if (fromThingId === doc.id && toThingId === doc.id) {
    next = { ...next, selfLoopCount: next.selfLoopCount + d, selfLoopByType: addCount(next.selfLoopByType, type, d) };
  }
  return next;
};

/** Ids an event's activity entry is kept under: its actor and target, or a voided event's. */
const activityIdsOf = (event: EventEnvelope): { readonly ids: string[]; readonly sign: 1 | -1 } => {
  const voided = isType(event, 'event_voided') ? event.data.voided : null;
  return voided === null
    ? { ids: distinctIds(event.actorId, event.targetId), sign: 1 }
    : { ids: distinctIds(voided.actorId, voided.targetId), sign: -1 };
};

const withActivity = (doc: ThingDoc, event: EventEnvelope): ThingDoc => {
  const { ids, sign } = activityIdsOf(event);
  return ids.includes(doc.id) ? { ...doc, activityCount: doc.activityCount + sign } : doc;
};

/**
 * Snapshot and deletion are idempotent (newest version wins); connection and activity counts
 * are not, and rely on the store's position guard against redelivery.
 */
export const evolveThing = (types: MetricsTypes, doc: ThingDoc | null, event: EventEnvelope, key: string): ThingDoc =>
  withActivity(withConnection(withSnapshot(types, doc ?? emptyThingDoc(key, event.groupId), event), event), event);

export const thingKeysOf = (event: EventEnvelope): string[] => {
  const connection = connectionEventOf(event)?.connection;
  return distinctIds(...activityIdsOf(event).ids, connection?.fromThingId, connection?.toThingId);
};

export const thingProjection = (types: MetricsTypes): Projection<ThingDoc> => ({
  name: 'thing',
  handles: { platform: PLATFORM_EVENT_TYPES.filter((t) => t !== 'group_created' && t !== 'group_updated'), clientEvents: true },
  keysOf: thingKeysOf,
  evolve: (doc, event, key) => evolveThing(types, doc, event, key),
});
