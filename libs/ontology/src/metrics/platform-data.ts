import type { EventEnvelope } from '../contracts/envelope';
import type { Connection, Knowledge, Thing } from '../contracts/entities';
import type {
  ConnectionEventData,
  GroupEventData,
  KnowledgeAddedData,
  ThingCreatedData,
  ThingUpdatedData,
} from '../contracts/platform-events';

/**
 * Typed views of platform events' data. The codec has validated the envelope; these only check
 * the event type and that the entity is present, so a malformed event changes nothing.
 */
const entity = (event: EventEnvelope, field: string): unknown => {
  const value = (event.data as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'object' && value !== null ? value : undefined;
};

export type ThingEvent =
  | { readonly kind: 'created' | 'deleted'; readonly thing: Thing; readonly bytes: number }
  | { readonly kind: 'updated'; readonly thing: Thing; readonly bytes: number; readonly previousBytes: number };

export const thingEventOf = (event: EventEnvelope): ThingEvent | null => {
  const thing = entity(event, 'thing') as Thing | undefined;
  if (thing === undefined) return null;
  const data = event.data as unknown as ThingUpdatedData & ThingCreatedData;
  const bytes = Number.isFinite(data.bytes) ? data.bytes : 0;
  switch (event.type) {
    case 'thing_created':
      return { kind: 'created', thing, bytes };
    case 'thing_deleted':
      return { kind: 'deleted', thing, bytes };
    case 'thing_updated':
      return { kind: 'updated', thing, bytes, previousBytes: Number.isFinite(data.previousBytes) ? data.previousBytes : bytes };
    default:
      return null;
  }
};

export interface ConnectionEvent extends ConnectionEventData {
  /** +1 for connection_created, -1 for connection_deleted. */
  readonly delta: 1 | -1;
}

export const connectionEventOf = (event: EventEnvelope): ConnectionEvent | null => {
  if (event.type !== 'connection_created' && event.type !== 'connection_deleted') return null;
  const connection = entity(event, 'connection') as Connection | undefined;
  if (connection === undefined) return null;
  const data = event.data as unknown as ConnectionEventData;
  return { ...data, connection, delta: event.type === 'connection_created' ? 1 : -1 };
};

export const knowledgeEventOf = (event: EventEnvelope): { readonly knowledge: Knowledge; readonly bytes: number } | null => {
  if (event.type !== 'knowledge_added') return null;
  const knowledge = entity(event, 'knowledge') as Knowledge | undefined;
  if (knowledge === undefined) return null;
  const bytes = (event.data as unknown as KnowledgeAddedData).bytes;
  return { knowledge, bytes: Number.isFinite(bytes) ? bytes : 0 };
};

export const groupEventOf = (event: EventEnvelope): GroupEventData | null => {
  if (event.type !== 'group_created' && event.type !== 'group_updated') return null;
  const group = entity(event, 'group') as GroupEventData['group'] | undefined;
  return group === undefined ? null : { group };
};
