import type { EventEnvelope } from '../contracts/envelope';
import type { ThingUpdatedData } from '../contracts/platform-events';
import { utf8Bytes } from '../vocabulary';
import { clientDataOf, isClientEvent } from './client-event';
import { timeKeyAt, timeKeyId } from './list-keys';
import { connectionEventOf, knowledgeEventOf, thingEventOf } from './platform-data';
import type { ListItem } from './sorted-list';

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
