import type { EventEnvelope } from '../contracts/event-map';
import { utf8Bytes } from '../vocabulary';
import { isClientEvent } from './client-event';
import { timeKeyAt, timeKeyId } from './list-keys';
import type { ListItem } from './list-ops';

/**
 * One entry per (thing, event) naming the thing as actor or target; an event whose actor is its
 * target makes one entry. Entries live inside the thing's `act` list (key = (timestamp, eventId),
 * value = the rest as JSON), so a feed page reads one or two documents, never the event store, and
 * stays readable after the event moves to the archive.
 */
export interface ActivityEntry {
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

/**
 * Metadata above this size is not copied into the feed (it would bloat the thing's documents):
 * the entry shows `{_truncated: true, bytes}` and the full event stays in the event store and the
 * archive. Client metadata is at most 64 KiB; nearly all of it is far smaller.
 */
export const ACTIVITY_METADATA_MAX_BYTES = 4096;

/** Metadata as a list entry keeps it: itself when small, else only `{_truncated: true, bytes}`. */
export const boundedMetadata = (metadata: Record<string, unknown>, maxBytes: number): Record<string, unknown> => {
  const bytes = utf8Bytes(JSON.stringify(metadata));
  return bytes > maxBytes ? { _truncated: true, bytes } : metadata;
};

/**
 * What the feed shows of an event: the client's metadata, or a summary of platform data (not whole
 * documents). Every platform type is named, so a new one is a compile error until the feed decides.
 */
export const activityMetadata = (event: EventEnvelope): Record<string, unknown> => {
  if (isClientEvent(event)) return event.data.metadata;
  switch (event.type) {
    case 'thing_updated':
      return { changes: event.data.changes };
    case 'thing_created':
    case 'thing_deleted': {
      const { type: thingType, name, status } = event.data.thing;
      return { thingType, name, status };
    }
    case 'connection_created':
    case 'connection_deleted': {
      const { id: connectionId, relationshipType, fromThingId, toThingId } = event.data.connection;
      return { connectionId, relationshipType, fromThingId, toThingId };
    }
    case 'knowledge_added': {
      const { id: knowledgeId, knowledgeType, role } = event.data.knowledge;
      return { knowledgeId, knowledgeType, role };
    }
    case 'group_created':
    case 'group_updated':
    case 'usage_recorded':
    case 'quota_threshold_crossed':
    case 'events_archived':
    case 'archival_failed':
      return { ...event.data };
    case 'event_voided':
      return { eventId: event.data.eventId, reason: event.data.reason };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
};

/** The value an `act` list item keeps: the entry without what its key and list already say. */
export const activityItemValue = (event: EventEnvelope): string => {
  return JSON.stringify({
    type: event.type,
    groupId: event.groupId,
    ...(event.actorId === undefined ? {} : { actorId: event.actorId }),
    ...(event.targetId === undefined ? {} : { targetId: event.targetId }),
    recordedAt: event.recordedAt,
    metadata: boundedMetadata(activityMetadata(event), ACTIVITY_METADATA_MAX_BYTES),
  });
};

/** The entry an `act` list item of `thingId` stands for. */
export const activityEntryOf = (thingId: string, item: ListItem): ActivityEntry => {
  const value = JSON.parse(item.v ?? '{}') as Omit<ActivityEntry, 'thingId' | 'eventId' | 'timestamp'>;
  return { thingId, eventId: timeKeyId(item.k), timestamp: timeKeyAt(item.k), ...value };
};
