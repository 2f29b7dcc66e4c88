import type { ClientEventData } from './client-events';
import { ENVELOPE_SCHEMA_VERSION, type Envelope } from './envelope';
import type { OpenClientEventEnvelope, EventMap, EventOf, EventType } from './event-map';

/** What an envelope says besides its type and data. */
export interface EventFields {
  readonly id: string;
  readonly groupId: string;
  readonly rootGroupId: string;
  readonly actorId?: string;
  readonly targetId?: string;
  /** Event time (epoch ms). */
  readonly timestamp: number;
  /** Ingest time (epoch ms); platform events happen when they are recorded, so it defaults to `timestamp`. */
  readonly recordedAt?: number;
}

/**
 * The one factory of envelopes: every producer builds its events here, so the data of a type is
 * checked against `EventMap` where the event is made. Absent optional ids are left out.
 */
export function makeEvent<K extends EventType>(type: K, fields: EventFields, data: EventMap[K]): EventOf<K>;
export function makeEvent(type: string, fields: EventFields, data: ClientEventData): OpenClientEventEnvelope;
export function makeEvent(type: string, fields: EventFields, data: unknown): Envelope<string, unknown> {
  const { id, groupId, rootGroupId, actorId, targetId, timestamp, recordedAt = timestamp } = fields;
  return {
    id,
    type,
    groupId,
    rootGroupId,
    ...(actorId === undefined ? {} : { actorId }),
    ...(targetId === undefined ? {} : { targetId }),
    timestamp,
    recordedAt,
    data,
    schemaVersion: ENVELOPE_SCHEMA_VERSION,
  };
}
