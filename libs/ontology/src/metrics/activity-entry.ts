import type { EventEnvelope } from '../contracts/envelope';
import type { ThingUpdatedData } from '../contracts/platform-events';
import { PLATFORM_EVENT_TYPES } from '../contracts/platform-events';
import { clientDataOf, isClientEvent } from './client-event';
import { connectionEventOf, knowledgeEventOf, thingEventOf } from './platform-data';
import { distinctIds, type Projection } from './projection';

/**
 * One entry per (thing, event) naming the thing as actor or target; an event whose actor is its
 * target makes one entry. The entry carries what the feed shows, so it stays readable after the
 * event leaves the hot store for the archive. `metadata` may hold user JSON: stored as text.
 */
export interface ActivityEntryDoc {
  readonly thingId: string;
  readonly groupId: string;
  readonly eventId: string;
  readonly type: string;
  readonly actorId?: string;
  readonly targetId?: string;
  readonly timestamp: number;
  readonly recordedAt: number;
  readonly metadata: Record<string, unknown>;
}

export const activityKey = (thingId: string, eventId: string): string => `${thingId}:${eventId}`;

/** What the feed shows of an event: the client's metadata, or a summary of platform data (not whole documents). */
export const activityMetadata = (event: EventEnvelope): Record<string, unknown> => {
  if (isClientEvent(event)) return clientDataOf(event).metadata ?? {};
  const thing = thingEventOf(event);
  if (thing?.kind === 'updated') return { changes: (event.data as unknown as ThingUpdatedData).changes };
  if (thing !== null) return { thingType: thing.thing.type, name: thing.thing.name, status: thing.thing.status };
  const connection = connectionEventOf(event)?.connection;
  if (connection !== undefined) {
    const { id: connectionId, relationshipType, fromThingId, toThingId } = connection;
    return { connectionId, relationshipType, fromThingId, toThingId };
  }
  const knowledge = knowledgeEventOf(event)?.knowledge;
  if (knowledge !== undefined) return { knowledgeId: knowledge.id, knowledgeType: knowledge.knowledgeType, role: knowledge.role };
  return { ...event.data };
};

const entryFor = (thingId: string, event: EventEnvelope): ActivityEntryDoc => ({
  thingId,
  groupId: event.groupId,
  eventId: event.id,
  type: event.type,
  ...(event.actorId === undefined ? {} : { actorId: event.actorId }),
  ...(event.targetId === undefined ? {} : { targetId: event.targetId }),
  timestamp: event.timestamp,
  recordedAt: event.recordedAt,
  metadata: activityMetadata(event),
});

/** Entries are immutable like events: an existing entry is kept as is (idempotent without a guard). */
export const evolveActivity = (doc: ActivityEntryDoc | null, event: EventEnvelope, key: string): ActivityEntryDoc | null => {
  if (doc !== null) return doc;
  const thingId = distinctIds(event.actorId, event.targetId).find((id) => activityKey(id, event.id) === key);
  return thingId === undefined ? null : entryFor(thingId, event);
};

export const activityProjection: Projection<ActivityEntryDoc> = {
  name: 'activity',
  collection: 'thing_activity',
  handles: { platform: PLATFORM_EVENT_TYPES.filter((t) => t !== 'group_created' && t !== 'group_updated'), clientEvents: true },
  // Newest-first keyset order of the feed.
  indexes: [[['thingId', 1], ['timestamp', -1], ['eventId', -1]]],
  keysOf: (event) => distinctIds(event.actorId, event.targetId).map((id) => activityKey(id, event.id)),
  evolve: evolveActivity,
};
