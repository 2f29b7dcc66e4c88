import { isType, type EventEnvelope } from '../contracts/event-map';
import type { Knowledge, Thing } from '../contracts/entities';
import type { ConnectionEventData, GroupEventData } from '../contracts/platform-events';
import { isClientEvent } from './client-event';

/** Typed views of platform events' data (the decoder checked it against the event's contract). */

export type ThingEvent =
  | { readonly kind: 'created' | 'deleted'; readonly thing: Thing; readonly bytes: number }
  | { readonly kind: 'updated'; readonly thing: Thing; readonly bytes: number; readonly previousBytes: number };

/** What a platform event does to a thing's own document; every type is named, so a new one must decide. */
export const thingEventOf = (event: EventEnvelope): ThingEvent | null => {
  if (isClientEvent(event)) return null;
  switch (event.type) {
    case 'thing_created':
      return { kind: 'created', thing: event.data.thing, bytes: event.data.bytes };
    case 'thing_deleted':
      return { kind: 'deleted', thing: event.data.thing, bytes: event.data.bytes };
    case 'thing_updated': {
      const { thing, bytes, previousBytes } = event.data;
      return { kind: 'updated', thing, bytes, previousBytes };
    }
    case 'group_created':
    case 'group_updated':
    case 'connection_created':
    case 'connection_deleted':
    case 'knowledge_added':
    case 'usage_recorded':
    case 'quota_threshold_crossed':
    case 'events_archived':
    case 'event_voided':
    case 'archival_failed':
      return null;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
};

export interface ConnectionEvent extends ConnectionEventData {
  /** +1 for connection_created, -1 for connection_deleted. */
  readonly delta: 1 | -1;
}

export const connectionEventOf = (event: EventEnvelope): ConnectionEvent | null => {
  if (isType(event, 'connection_created')) return { ...event.data, delta: 1 };
  if (isType(event, 'connection_deleted')) return { ...event.data, delta: -1 };
  return null;
};

export const knowledgeEventOf = (event: EventEnvelope): { readonly knowledge: Knowledge; readonly bytes: number } | null =>
  isType(event, 'knowledge_added') ? event.data : null;

export const groupEventOf = (event: EventEnvelope): GroupEventData | null =>
  isType(event, 'group_created') || isType(event, 'group_updated') ? event.data : null;
