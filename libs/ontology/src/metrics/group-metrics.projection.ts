import type { Group } from '../contracts/entities';
import type { EventEnvelope } from '../contracts/event-map';
import { clientEffectOf, revenueOf } from './client-event';
import { isNewerVersion, type MetricsTypes } from './counts';
import { addToBuckets, type Bucketed } from './day-buckets';
import { connectionEventOf, groupEventOf, knowledgeEventOf, thingEventOf } from './platform-data';
import type { Projection } from './projection';
import { utcDayKey } from './utc-days';

/**
 * Running aggregates of one group (not rolled up into parents). Every field is a sum, a max or a
 * newest-version-wins snapshot, so applying the same events in any order gives the same document.
 * Api calls live in their own documents (api-calls.projection.ts): another stream writes them.
 */
export interface GroupMetricsDoc extends Bucketed {
  readonly id: string;
  readonly group: Group | null;
  readonly version: { readonly updatedAt: number; readonly eventId: string } | null;
  /** Live things of a person type. */
  readonly userCount: number;
  /** Live things. */
  readonly totalEntities: number;
  /** Bytes of live things (as last updated) and of knowledge items. */
  readonly storageBytes: number;
  /** Live things of a content type, and the live connections into them. */
  readonly contentCount: number;
  readonly contentInboundCount: number;
  /** All-time client events and revenue, backdated ones included (buckets keep only recent days). */
  readonly totalEvents: number;
  readonly revenueMicros: number;
}

export const emptyGroupMetrics = (id: string): GroupMetricsDoc => ({
  id,
  group: null,
  version: null,
  userCount: 0,
  totalEntities: 0,
  storageBytes: 0,
  contentCount: 0,
  contentInboundCount: 0,
  totalEvents: 0,
  revenueMicros: 0,
  days: {},
  latestDay: null,
});

const isContentConnection = (types: MetricsTypes, event: EventEnvelope): boolean => {
  const change = connectionEventOf(event);
  return change !== null && types.contentTypes.includes(change.toThingType);
};

/** The group snapshot is idempotent; every counter relies on the store's position guard. */
export const evolveGroupMetrics = (
  types: MetricsTypes,
  doc: GroupMetricsDoc | null,
  event: EventEnvelope,
  key: string,
): GroupMetricsDoc => {
  const d = doc ?? emptyGroupMetrics(key);
  const group = groupEventOf(event)?.group;
  if (group !== undefined) {
    if (!isNewerVersion(group.updatedAt, event.id, d.version)) return d;
    return { ...d, group, version: { updatedAt: group.updatedAt, eventId: event.id } };
  }
  const thing = thingEventOf(event);
  if (thing !== null) {
    if (thing.kind === 'updated') return { ...d, storageBytes: d.storageBytes + thing.bytes - thing.previousBytes };
    const sign = thing.kind === 'created' ? 1 : -1;
    return {
      ...d,
      totalEntities: d.totalEntities + sign,
      userCount: d.userCount + (types.personTypes.includes(thing.thing.type) ? sign : 0),
      contentCount: d.contentCount + (types.contentTypes.includes(thing.thing.type) ? sign : 0),
      storageBytes: d.storageBytes + sign * thing.bytes,
    };
  }
  const connection = connectionEventOf(event);
  if (connection !== null) {
    return isContentConnection(types, event) ? { ...d, contentInboundCount: d.contentInboundCount + connection.delta } : d;
  }
  const knowledge = knowledgeEventOf(event);
  if (knowledge !== null) return { ...d, storageBytes: d.storageBytes + knowledge.bytes };
  const effect = clientEffectOf(event);
  if (effect === null) return d;
  const { sign } = effect;
  const micros = sign * (revenueOf(effect.event)?.micros ?? 0);
  return {
    ...d,
    ...addToBuckets(d, utcDayKey(effect.event.timestamp), { events: sign, revenueMicros: micros }),
    totalEvents: d.totalEvents + sign,
    revenueMicros: d.revenueMicros + micros,
  };
};

const GROUP_METRICS_PLATFORM_TYPES = [
  'group_created',
  'group_updated',
  'thing_created',
  'thing_updated',
  'thing_deleted',
  'connection_created',
  'connection_deleted',
  'knowledge_added',
  'event_voided',
] as const;

export const groupMetricsProjection = (types: MetricsTypes): Projection<GroupMetricsDoc> => ({
  name: 'groupMetrics',
  handles: { platform: GROUP_METRICS_PLATFORM_TYPES, clientEvents: true },
  keysOf: (event) => {
    const group = groupEventOf(event)?.group;
    if (group !== undefined) return [group.id];
    if (connectionEventOf(event) !== null) return isContentConnection(types, event) ? [event.groupId] : [];
    const effect = clientEffectOf(event);
    if (effect !== null) return [effect.event.groupId];
    return (GROUP_METRICS_PLATFORM_TYPES as readonly string[]).includes(event.type) ? [event.groupId] : [];
  },
  evolve: (doc, event, key) => evolveGroupMetrics(types, doc, event, key),
});
