import { randomUUID } from 'node:crypto';
import {
  makeEvent,
  type ClientEventData,
  type Connection,
  type EventEnvelope,
  type EventFields,
  type EventMap,
  type EventType,
  type Group,
  type Knowledge,
  type Thing,
} from '@onescale/ontology';

/**
 * Envelopes exactly as ingest emits them (platform events without actor; connection events with the
 * endpoints' types; client events with metadata and the actor/target types), for integration tests
 * that publish a scripted history of one root group.
 */
export class HistoryBuilder {
  readonly events: EventEnvelope[] = [];
  readonly usage: EventEnvelope[] = [];
  private readonly types = new Map<string, string>();
  private lastGroup: Group | undefined;

  constructor(
    readonly groupId: string,
    readonly rootGroupId: string = groupId,
    private readonly recordedAt: () => number = () => Date.now(),
  ) {}

  private fields(f: { actorId?: string; targetId?: string; timestamp: number }): EventFields {
    return { ...f, id: randomUUID(), groupId: this.groupId, rootGroupId: this.rootGroupId, recordedAt: this.recordedAt() };
  }

  private push<K extends EventType>(
    type: K,
    f: { actorId?: string; targetId?: string; timestamp: number; data: EventMap[K] },
  ): EventEnvelope {
    const e = makeEvent(type, this.fields(f), f.data);
    this.events.push(e);
    return e;
  }

  private typeOf(thingId: string): string {
    const type = this.types.get(thingId);
    if (type === undefined) throw new Error(`thing ${thingId} is not in this history`);
    return type;
  }

  /** `group_updated` carries the changed fields (those of `extra`) against the group as last announced. */
  group(at: number, extra: Partial<Group> = {}, type: 'group_created' | 'group_updated' = 'group_created'): Group {
    const group: Group = {
      id: this.groupId,
      slug: `g-${this.groupId.slice(0, 8)}`,
      name: 'Scripted group',
      type: 'business',
      rootGroupId: this.rootGroupId,
      plan: 'pro',
      status: 'active',
      settings: { 'odd.key': true },
      createdAt: at,
      updatedAt: at,
      ...extra,
    };
    const before = this.lastGroup ?? group;
    const changes = Object.fromEntries(Object.keys(extra).map((k) => [k, { old: before[k as keyof Group], new: group[k as keyof Group] }]));
    if (type === 'group_created') this.push(type, { timestamp: group.updatedAt, data: { group } });
    else this.push(type, { timestamp: group.updatedAt, data: { group, changes } });
    this.lastGroup = group;
    return group;
  }

  thing(type: string, at: number, extra: Partial<Thing> = {}, bytes = 300): Thing {
    const thing: Thing = {
      id: randomUUID(),
      groupId: this.groupId,
      type,
      name: `${type} ${this.types.size}`,
      properties: { 'a.b': 1, $odd: ['x'] },
      status: 'active',
      schemaVersion: 1,
      createdAt: at,
      updatedAt: at,
      ...extra,
    };
    this.types.set(thing.id, type);
    this.push('thing_created', { targetId: thing.id, timestamp: at, data: { thing, bytes } });
    return thing;
  }

  update(thing: Thing, at: number, patch: Partial<Thing>, bytes: number, previousBytes: number): Thing {
    const next = { ...thing, ...patch, updatedAt: at };
    const changes = Object.fromEntries(Object.keys(patch).map((k) => [k, { old: thing[k as keyof Thing], new: next[k as keyof Thing] }]));
    this.push('thing_updated', { targetId: thing.id, timestamp: at, data: { changes, thing: next, bytes, previousBytes } });
    return next;
  }

  deleteThing(thing: Thing, at: number, bytes: number): void {
    this.push('thing_deleted', { targetId: thing.id, timestamp: at, data: { thing: { ...thing, updatedAt: at, deletedAt: at }, bytes } });
  }

  connect(from: string, to: string, relationshipType: string, at: number, metadata?: Record<string, unknown>): Connection {
    const connection: Connection = {
      id: randomUUID(),
      groupId: this.groupId,
      fromThingId: from,
      toThingId: to,
      relationshipType,
      createdAt: at,
      updatedAt: at,
      ...(metadata ? { metadata } : {}),
    };
    this.push('connection_created', {
      targetId: to,
      timestamp: at,
      data: { connection, fromThingType: this.typeOf(from), toThingType: this.typeOf(to) },
    });
    return connection;
  }

  disconnect(c: Connection, at: number): void {
    this.push('connection_deleted', {
      targetId: c.toThingId,
      timestamp: at,
      data: {
        connection: { ...c, updatedAt: at, deletedAt: at },
        fromThingType: this.typeOf(c.fromThingId),
        toThingType: this.typeOf(c.toThingId),
      },
    });
  }

  client(type: string, at: number, f: { actorId?: string; targetId?: string; metadata?: Record<string, unknown> } = {}): EventEnvelope {
    const data: ClientEventData = {
      metadata: f.metadata ?? {},
      ...(f.actorId ? { actorType: this.types.get(f.actorId) } : {}),
      ...(f.targetId ? { targetType: this.types.get(f.targetId) } : {}),
    };
    const e = makeEvent(type, this.fields({ actorId: f.actorId, targetId: f.targetId, timestamp: at }), data);
    this.events.push(e);
    return e;
  }

  revenue(actorId: string, amount: number, at: number, currency = 'USD', targetId?: string): EventEnvelope {
    return this.client('revenue_generated', at, { actorId, targetId, metadata: { amount, currency } });
  }

  knowledge(sourceThingId: string, at: number, bytes: number): Knowledge {
    const knowledge: Knowledge = {
      id: randomUUID(),
      groupId: this.groupId,
      knowledgeType: 'label',
      labels: ['vip'],
      sourceThingId,
      role: 'label',
      createdAt: at,
    };
    this.push('knowledge_added', { targetId: sourceThingId, timestamp: at, data: { knowledge, bytes } });
    return knowledge;
  }

  apiCalls(amount: number, periodStart: number): EventEnvelope {
    const e = makeEvent(
      'usage_recorded',
      { id: randomUUID(), groupId: this.groupId, rootGroupId: this.rootGroupId, timestamp: Date.now() },
      { metric: 'api_calls_per_month', amount, periodStart },
    );
    this.usage.push(e);
    return e;
  }
}
