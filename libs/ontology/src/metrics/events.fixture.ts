// Event builders for the metrics specs: envelopes exactly as ingest emits them, with explicit times.
import type { Connection, Group, Knowledge, Thing } from '../contracts/entities';
import type { ClientEventData } from '../contracts/client-events';
import type { EventEnvelope, EventMap, EventType } from '../contracts/event-map';
import { makeEvent } from '../contracts/make-event';
import { isClientEvent } from './client-event';
import { entityListOpsOf } from './entity-lists';
import type { ListItem } from './list-ops';

export const GROUP = 'g1';

export const at = (iso: string): number => Date.parse(iso);

interface EnvelopeFields<D> {
  readonly actorId?: string;
  readonly targetId?: string;
  readonly timestamp: number;
  readonly recordedAt?: number;
  readonly data: D;
}

/** Builders sharing one counter, so event ids are unique and ordered like the ingest's time-ordered ids. */
export const eventFactory = (groupId = GROUP) => {
  let n = 0;
  const fieldsOf = <D>(f: EnvelopeFields<D>) => ({ ...f, id: `ev-${String(++n).padStart(6, '0')}`, groupId, rootGroupId: groupId });
  const envelope = <K extends EventType>(type: K, f: EnvelopeFields<EventMap[K]>): EventEnvelope => makeEvent(type, fieldsOf(f), f.data);
  const clientEnvelope = (type: string, f: EnvelopeFields<ClientEventData>): EventEnvelope => makeEvent(type, fieldsOf(f), f.data);
  const thing = (id: string, type: string, createdAt: number, extra: Partial<Thing> = {}): Thing => ({
    id,
    groupId,
    type,
    name: `${type} ${id}`,
    properties: {},
    status: 'active',
    schemaVersion: 1,
    createdAt,
    updatedAt: createdAt,
    ...extra,
  });
  const connection = (id: string, from: string, to: string, relationshipType: string, createdAt: number): Connection => ({
    id,
    groupId,
    fromThingId: from,
    toThingId: to,
    relationshipType,
    createdAt,
    updatedAt: createdAt,
  });
  return {
    envelope,
    thing,
    connection,
    thingCreated: (t: Thing, bytes = 100) =>
      envelope('thing_created', { targetId: t.id, timestamp: t.createdAt, data: { thing: t, bytes } }),
    thingUpdated: (t: Thing, bytes: number, previousBytes: number, changes: Record<string, { old: unknown; new: unknown }> = {}) =>
      envelope('thing_updated', { targetId: t.id, timestamp: t.updatedAt, data: { changes, thing: t, bytes, previousBytes } }),
    thingDeleted: (t: Thing, deletedAt: number, bytes = 100) =>
      envelope('thing_deleted', {
        targetId: t.id,
        timestamp: deletedAt,
        data: { thing: { ...t, updatedAt: deletedAt, deletedAt }, bytes },
      }),
    connectionCreated: (c: Connection, fromThingType: string, toThingType: string) =>
      envelope('connection_created', {
        targetId: c.toThingId,
        timestamp: c.createdAt,
        data: { connection: c, fromThingType, toThingType },
      }),
    connectionDeleted: (c: Connection, fromThingType: string, toThingType: string, deletedAt: number) =>
      envelope('connection_deleted', {
        targetId: c.toThingId,
        timestamp: deletedAt,
        data: { connection: { ...c, updatedAt: deletedAt, deletedAt }, fromThingType, toThingType },
      }),
    clientEnvelope,
    client: (
      type: string,
      f: {
        actorId?: string;
        actorType?: string;
        targetId?: string;
        targetType?: string;
        timestamp: number;
        recordedAt?: number;
        metadata?: Record<string, unknown>;
      },
    ) =>
      clientEnvelope(type, {
        actorId: f.actorId,
        targetId: f.targetId,
        timestamp: f.timestamp,
        recordedAt: f.recordedAt,
        data: {
          metadata: f.metadata ?? {},
          ...(f.actorType ? { actorType: f.actorType } : {}),
          ...(f.targetType ? { targetType: f.targetType } : {}),
        },
      }),
    revenue: (actorId: string, amount: number, timestamp: number, f: { currency?: string; recordedAt?: number; actorType?: string } = {}) =>
      envelope('revenue_generated', {
        actorId,
        timestamp,
        recordedAt: f.recordedAt,
        data: { metadata: { amount, currency: f.currency ?? 'USD' }, actorType: f.actorType ?? 'creator' },
      }),
    /** The void of a client event (what ingest emits for POST …/events/:eventId/void). */
    voided: (event: EventEnvelope, timestamp: number) => {
      if (!isClientEvent(event)) throw new Error(`${event.type} is no client event`);
      return envelope('event_voided', { timestamp, data: { eventId: event.id, reason: 'correction', voided: event } });
    },
    knowledgeAdded: (k: Knowledge, bytes: number) =>
      envelope('knowledge_added', { targetId: k.sourceThingId, timestamp: k.createdAt, data: { knowledge: k, bytes } }),
    groupEvent: (type: 'group_created' | 'group_updated', g: Group) => envelope(type, { timestamp: g.updatedAt, data: { group: g } }),
    group: (createdAt: number, extra: Partial<Group> = {}): Group => ({
      id: groupId,
      slug: 'acme',
      name: 'Acme',
      type: 'business',
      rootGroupId: groupId,
      plan: 'pro',
      status: 'active',
      settings: {},
      createdAt,
      updatedAt: createdAt,
      ...extra,
    }),
  };
};

/** The thing lists of a history (entity-lists.ts) as a store holds them: `<thingId>/<list>` → sorted items. */
export const foldEntityLists = (events: readonly EventEnvelope[]): Map<string, ListItem[]> => {
  const lists = new Map<string, Map<string, string | undefined>>();
  for (const event of events) {
    for (const { entityId, list, op } of entityListOpsOf(event)) {
      const id = `${entityId}/${list}`;
      const m = lists.get(id) ?? new Map<string, string | undefined>();
      lists.set(id, m);
      if (op.op === 'add') m.set(op.key, op.value);
      else m.delete(op.key);
    }
  }
  return new Map([...lists].map(([id, m]) => [id, [...m.keys()].sort().map((k) => (m.get(k) === undefined ? { k } : { k, v: m.get(k) }))]));
};
