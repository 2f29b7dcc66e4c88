import {
  ENVELOPE_SCHEMA_VERSION,
  isPersonType,
  type Composition,
  type EventEnvelope,
  type UsageMetric,
  type UsageRecordedData,
} from '@onescale/ontology';
import { deterministicUuidv7 } from '@onescale/platform';
import { connectionOf, knowledgeOf, thingOf, type ConnectionRow, type KnowledgeRow, type ThingRow } from '../store/rows';
import type { BatchRecord } from '../store/records';

interface PlatformEventInput {
  readonly id: string;
  readonly type: string;
  readonly groupId: string;
  readonly rootGroupId: string;
  readonly targetId?: string;
  readonly at: number;
  readonly data: object;
}

/** A platform event: no actor (it is nobody's activity), event time = ingest time. */
export const platformEvent = (e: PlatformEventInput): EventEnvelope<object> => ({
  id: e.id,
  type: e.type,
  groupId: e.groupId,
  rootGroupId: e.rootGroupId,
  ...(e.targetId ? { targetId: e.targetId } : {}),
  timestamp: e.at,
  recordedAt: e.at,
  data: e.data,
  schemaVersion: ENVELOPE_SCHEMA_VERSION,
});

/** Event ids derive from what they describe, so a republished batch carries the same ids. */
export const eventIdFor = (subject: string, at: number): string => deterministicUuidv7(`event:${subject}`, at);

export const thingCreated = (row: ThingRow): EventEnvelope<object> =>
  platformEvent({
    id: eventIdFor(`${row._id}:created`, row.createdAt),
    type: 'thing_created',
    groupId: row.groupId,
    rootGroupId: row.rootGroupId,
    targetId: row._id,
    at: row.createdAt,
    data: { thing: thingOf(row), bytes: row.bytes },
  });

export const connectionCreated = (row: ConnectionRow): EventEnvelope<object> =>
  platformEvent({
    id: eventIdFor(`${row.id}:created`, row.createdAt),
    type: 'connection_created',
    groupId: row.groupId,
    rootGroupId: row.rootGroupId,
    targetId: row.toThingId,
    at: row.createdAt,
    data: { connection: connectionOf(row), fromThingType: row.fromThingType, toThingType: row.toThingType },
  });

export const knowledgeAdded = (row: KnowledgeRow): EventEnvelope<object> =>
  platformEvent({
    id: eventIdFor(`${row._id}:added`, row.createdAt),
    type: 'knowledge_added',
    groupId: row.groupId,
    rootGroupId: row.rootGroupId,
    targetId: row.sourceThingId,
    at: row.createdAt,
    data: { knowledge: knowledgeOf(row), bytes: row.bytes },
  });

/** One usage record per metric of a batch, confirming the reservation it was admitted under. */
export function usageEvents(record: BatchRecord, amounts: Partial<Record<UsageMetric, number>>): Array<EventEnvelope<UsageRecordedData>> {
  const reservations = new Map(record.reservations.map((r) => [r.metric, r]));
  const metrics = new Set<UsageMetric>([...(Object.keys(amounts) as UsageMetric[]), ...reservations.keys()]);
  return [...metrics]
    .map((metric) => {
      const amount = amounts[metric] ?? 0;
      const reservation = reservations.get(metric);
      if (amount === 0 && !reservation) return null;
      const data: UsageRecordedData = {
        metric,
        amount,
        ...(reservation ? { reservationId: reservation.reservationId, reservedAmount: reservation.reservedAmount } : {}),
      };
      return {
        id: eventIdFor(`${record._id}:usage:${metric}`, record.createdAt),
        type: 'usage_recorded',
        groupId: record.groupId,
        rootGroupId: record.rootGroupId,
        timestamp: record.createdAt,
        recordedAt: record.createdAt,
        data,
        schemaVersion: ENVELOPE_SCHEMA_VERSION,
      };
    })
    .filter((e): e is EventEnvelope<UsageRecordedData> => e !== null);
}

/** Gauge usage of the things that exist: entities, people and stored bytes. */
export const thingUsage = (rows: readonly ThingRow[], composition: Composition, sign = 1): Partial<Record<UsageMetric, number>> => ({
  entities_total: sign * rows.length,
  users: sign * rows.filter((r) => isPersonType(composition, r.type)).length,
  storage_bytes: sign * rows.reduce((sum, r) => sum + r.bytes, 0),
});
