import { isPersonType, makeEvent, type Composition, type EventOf, type UsageMetric } from '@onescale/ontology';
import { deterministicUuidv7 } from '@onescale/platform';
import { connectionOf, knowledgeOf, thingOf, type ConnectionRow, type KnowledgeRow, type ThingRow } from '../store/rows';
import type { BatchRecord } from '../store/records';

/** Event ids derive from what they describe, so a republished batch carries the same ids. */
export const eventIdFor = (subject: string, at: number): string => deterministicUuidv7(`event:${subject}`, at);

/** The fields of a platform event: no actor (it is nobody's activity), event time = ingest time. */
export const platformFields = (e: { id: string; groupId: string; rootGroupId: string; targetId?: string; at: number }) => ({
  id: e.id,
  groupId: e.groupId,
  rootGroupId: e.rootGroupId,
  ...(e.targetId ? { targetId: e.targetId } : {}),
  timestamp: e.at,
});

export const thingCreated = (row: ThingRow): EventOf<'thing_created'> =>
  makeEvent(
    'thing_created',
    platformFields({
      id: eventIdFor(`${row._id}:created`, row.createdAt),
      groupId: row.groupId,
      rootGroupId: row.rootGroupId,
      targetId: row._id,
      at: row.createdAt,
    }),
    { thing: thingOf(row), bytes: row.bytes },
  );

export const connectionCreated = (row: ConnectionRow): EventOf<'connection_created'> =>
  makeEvent(
    'connection_created',
    platformFields({
      id: eventIdFor(`${row.id}:created`, row.createdAt),
      groupId: row.groupId,
      rootGroupId: row.rootGroupId,
      targetId: row.toThingId,
      at: row.createdAt,
    }),
    { connection: connectionOf(row), fromThingType: row.fromThingType, toThingType: row.toThingType },
  );

export const knowledgeAdded = (row: KnowledgeRow): EventOf<'knowledge_added'> =>
  makeEvent(
    'knowledge_added',
    platformFields({
      id: eventIdFor(`${row._id}:added`, row.createdAt),
      groupId: row.groupId,
      rootGroupId: row.rootGroupId,
      targetId: row.sourceThingId,
      at: row.createdAt,
    }),
    { knowledge: knowledgeOf(row), bytes: row.bytes },
  );

/** One usage record per metric of a batch, confirming the reservation it was admitted under. */
export function usageEvents(record: BatchRecord, amounts: Partial<Record<UsageMetric, number>>): Array<EventOf<'usage_recorded'>> {
  const reservations = new Map(record.reservations.map((r) => [r.metric, r]));
  const metrics = new Set<UsageMetric>([...(Object.keys(amounts) as UsageMetric[]), ...reservations.keys()]);
  return [...metrics].flatMap((metric) => {
    const amount = amounts[metric] ?? 0;
    const reservation = reservations.get(metric);
    if (amount === 0 && !reservation) return [];
    const fields = {
      id: eventIdFor(`${record._id}:usage:${metric}`, record.createdAt),
      groupId: record.groupId,
      rootGroupId: record.rootGroupId,
      at: record.createdAt,
    };
    return [
      makeEvent('usage_recorded', platformFields(fields), {
        metric,
        amount,
        ...(reservation ? { reservationId: reservation.reservationId, reservedAmount: reservation.reservedAmount } : {}),
      }),
    ];
  });
}
/** Gauge usage of the things that exist: entities, people and stored bytes. */
export const thingUsage = (rows: readonly ThingRow[], composition: Composition, sign = 1): Partial<Record<UsageMetric, number>> => ({
  entities_total: sign * rows.length,
  users: sign * rows.filter((r) => isPersonType(composition, r.type)).length,
  storage_bytes: sign * rows.reduce((sum, r) => sum + r.bytes, 0),
});
