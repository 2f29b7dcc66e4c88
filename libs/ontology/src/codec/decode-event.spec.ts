import type { Connection, Group, Knowledge, Thing } from '../contracts/entities';
import type { EventEnvelope } from '../contracts/event-map';
import { makeEvent, type EventFields } from '../contracts/make-event';
import { PLATFORM_EVENT_TYPES } from '../contracts/platform-events';
import { TOPICS } from '../contracts/topics';
import { decodeEnvelope, decodeEvent, decodeStoredEvent, encodeEnvelope } from './envelope-codec';

const AT = Date.UTC(2026, 0, 5);
const fields: EventFields = { id: 'e1', groupId: 'g1', rootGroupId: 'g1', timestamp: AT };
const group: Group = {
  id: 'g1',
  slug: 'acme',
  name: 'Acme',
  type: 'business',
  rootGroupId: 'g1',
  plan: 'pro',
  status: 'active',
  settings: {},
  createdAt: AT,
  updatedAt: AT,
};
const thing: Thing = {
  id: 't1',
  groupId: 'g1',
  type: 'creator',
  name: 'Ann',
  properties: {},
  status: 'active',
  schemaVersion: 1,
  createdAt: AT,
  updatedAt: AT,
};
const connection: Connection = {
  id: 'c1',
  groupId: 'g1',
  fromThingId: 't1',
  toThingId: 't2',
  relationshipType: 'authored',
  createdAt: AT,
  updatedAt: AT,
};
const knowledge: Knowledge = { id: 'k1', groupId: 'g1', knowledgeType: 'chunk', text: 'hi', embedding: [0.1, 0.2], createdAt: AT };

/** Per type: a valid event, and a malformed copy of its data with the reason the decoder must give. */
const CASES: ReadonlyArray<[string, EventEnvelope, unknown, RegExp]> = [
  [
    'group_created',
    makeEvent('group_created', fields, { group }),
    { group: { ...group, plan: 'gold' } },
    /data\.group\.plan must be one of starter, pro, enterprise/,
  ],
  [
    'group_updated',
    makeEvent('group_updated', fields, { group, changes: { name: { old: 'A', new: 'Acme' } } }),
    { group, changes: { name: 'Acme' } },
    /data\.changes\.name must be a JSON object, got string/,
  ],
  [
    'thing_created',
    makeEvent('thing_created', fields, { thing, bytes: 10 }),
    { thing: { ...thing, status: 'gone' }, bytes: 10 },
    /data\.thing\.status must be one of/,
  ],
  [
    'thing_updated',
    makeEvent('thing_updated', fields, { thing, bytes: 12, previousBytes: 10, changes: { name: { old: 'A', new: 'Ann' } } }),
    { thing, bytes: 12, changes: {} },
    /data\.previousBytes must be an integer, got undefined/,
  ],
  [
    'thing_deleted',
    makeEvent('thing_deleted', fields, { thing: { ...thing, deletedAt: AT }, bytes: 10 }),
    { thing: { ...thing, deletedAt: 'now' }, bytes: 10 },
    /data\.thing\.deletedAt must be an integer, got string/,
  ],
  [
    'connection_created',
    makeEvent('connection_created', fields, { connection, fromThingType: 'creator', toThingType: 'blog_post' }),
    { connection, fromThingType: 'creator' },
    /data\.toThingType must be a non-empty string, got undefined/,
  ],
  [
    'connection_deleted',
    makeEvent('connection_deleted', fields, {
      connection: { ...connection, deletedAt: AT },
      fromThingType: 'creator',
      toThingType: 'blog_post',
    }),
    { connection: { ...connection, fromThingId: '' }, fromThingType: 'creator', toThingType: 'blog_post' },
    /data\.connection\.fromThingId must be a non-empty string/,
  ],
  [
    'knowledge_added',
    makeEvent('knowledge_added', fields, { knowledge, bytes: 40 }),
    { knowledge: { ...knowledge, embedding: [1, 'x'] }, bytes: 40 },
    /data\.knowledge\.embedding\[1\] must be a finite number, got string/,
  ],
  [
    'usage_recorded',
    makeEvent('usage_recorded', fields, { metric: 'users', amount: -1, reservationId: 'r1', reservedAmount: 2 }),
    { metric: 'bogus', amount: 1 },
    /data\.metric must be one of users, storage_bytes/,
  ],
  [
    'quota_threshold_crossed',
    makeEvent('quota_threshold_crossed', fields, { metric: 'users', level: 'warning', current: 80, limit: 100, periodStart: 0 }),
    { metric: 'users', level: 'panic', current: 80, limit: 100, periodStart: 0 },
    /data\.level must be one of warning, critical, exceeded, got "panic"/,
  ],
  [
    'events_archived',
    makeEvent('events_archived', fields, { count: 3, cutoff: AT, objectKeys: ['a/b.ndjson.gz'], runId: 'run1' }),
    { count: 3, cutoff: AT, objectKeys: 'a/b.ndjson.gz', runId: 'run1' },
    /data\.objectKeys must be an array, got string/,
  ],
  [
    'event_voided',
    makeEvent('event_voided', fields, {
      eventId: 'e0',
      reason: 'duplicate import',
      voided: makeEvent('revenue_generated', { ...fields, id: 'e0', actorId: 't1' }, { metadata: { amount: 5 }, actorType: 'creator' }),
    }),
    {
      eventId: 'e0',
      reason: 'duplicate import',
      voided: makeEvent('thing_deleted', { ...fields, id: 'e0' }, { thing, bytes: 1 }),
    },
    /data\.voided\.type must be a client event type, got thing_deleted/,
  ],
  [
    'archival_failed',
    makeEvent('archival_failed', fields, { runId: 'run1', stage: 'upload', error: 'upload: ECONNREFUSED', failed: 3 }),
    { runId: 'run1', stage: 'upload', error: 'upload: ECONNREFUSED', failed: 'many' },
    /data\.failed must be an integer/,
  ],
  [
    'revenue_generated',
    makeEvent('revenue_generated', { ...fields, actorId: 't1' }, { metadata: { amount: 5, currency: 'EUR' }, actorType: 'creator' }),
    { metadata: { amount: -5 } },
    /data\.metadata\.amount must be a number ≥ 0/,
  ],
  [
    'revenue_generated (lower-case currency)',
    makeEvent('revenue_generated', { ...fields, actorId: 't1' }, { metadata: { amount: 5, currency: 'EUR' } }),
    { metadata: { amount: 5, currency: 'eur' } },
    /data\.metadata\.currency must be an ISO 4217 code of three upper-case letters/,
  ],
  [
    'content_event',
    makeEvent('content_event', { ...fields, actorId: 't1' }, { metadata: { action: 'viewed' } }),
    { metadata: { action: 'eaten' } },
    /data\.metadata\.action must be one of created, updated/,
  ],
  [
    'payment_event',
    makeEvent('payment_event', fields, { metadata: { status: 'verified' } }),
    { metadata: {} },
    /data\.metadata\.status must be one of requested, verified, processed/,
  ],
  [
    'subscription_event',
    makeEvent('subscription_event', fields, { metadata: { action: 'renewed' } }),
    { metadata: { action: 1 } },
    /data\.metadata\.action must be one of started, renewed, cancelled/,
  ],
  [
    'user_login (any client type)',
    makeEvent('user_login', { ...fields, actorId: 't1' }, { metadata: { device: 'phone' } }),
    { metadata: [] },
    /data\.metadata must be a JSON object, got array/,
  ],
];

const wire = (event: EventEnvelope, data?: unknown): string => JSON.stringify(data === undefined ? event : { ...event, data });

describe('decodeEnvelope: data checked against the contract of its type', () => {
  it.each(CASES)('%s: a valid event decodes to itself', (_type, event) => {
    expect(decodeEnvelope(wire(event))).toEqual({ ok: true, value: event });
  });

  it.each(CASES)('%s: malformed data is undecodable, with the reason', (_type, event, data, reason) => {
    const decoded = decodeEnvelope(wire(event, data));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.problem).toMatchObject({ code: 'undecodable', message: expect.stringMatching(reason) });
    expect(!decoded.ok && decoded.problem.message.startsWith(`${event.type}: data`)).toBe(true);
  });

  it('covers every platform event type', () => {
    const covered = new Set(CASES.map(([, e]) => e.type));
    expect(PLATFORM_EVENT_TYPES.filter((t) => !covered.has(t))).toEqual([]);
  });

  it('every platform event type travels on exactly one topic, the one its contract names', () => {
    const carried = Object.values(TOPICS).flatMap((topic) => topic.eventTypes);
    expect([...carried].sort()).toEqual([...PLATFORM_EVENT_TYPES].sort());
    expect(TOPICS.usage.eventTypes).toEqual(['usage_recorded']);
  });

  it('a reserved name is no event type', () => {
    const decoded = decodeEnvelope(wire({ ...makeEvent('entity_created', fields, { metadata: {} }) }));
    expect(!decoded.ok && decoded.problem.message).toBe('entity_created: unknown event type entity_created: it is reserved');
  });

  it('client data is a JSON object with metadata, and thing types are strings', () => {
    const event = makeEvent('user_login', fields, { metadata: {} });
    expect(!decodeEnvelope(wire(event, { actorType: 'creator' })).ok && 'rejected').toBe('rejected');
    const decoded = decodeEnvelope(wire(event, { metadata: {}, actorType: 3 }));
    expect(!decoded.ok && decoded.problem.message).toBe('user_login: data.actorType must be a non-empty string, got number');
  });

  it('a topic accepts only the types it declares', () => {
    const usage = makeEvent('usage_recorded', fields, { metric: 'users', amount: 1 });
    const login = makeEvent('user_login', fields, { metadata: {} });
    expect(decodeEnvelope(wire(usage), TOPICS.usage).ok).toBe(true);
    expect(decodeEnvelope(wire(login), TOPICS.events).ok).toBe(true);
    const misplaced = decodeEnvelope(wire(usage), TOPICS.events);
    expect(!misplaced.ok && misplaced.problem.message).toBe('usage_recorded events do not travel on onescale.events.v1');
    const client = decodeEnvelope(wire(login), TOPICS.usage);
    expect(!client.ok && client.problem.message).toBe('user_login events do not travel on onescale.usage.v1');
  });
});

describe('decodeStoredEvent', () => {
  it('returns an event read back from a store', () => {
    const event = makeEvent('thing_created', fields, { thing, bytes: 10 });
    expect(decodeStoredEvent(JSON.parse(wire(event)))).toEqual(event);
  });

  it('throws on a stored event that does not decode (a corrupt store, not poison)', () => {
    expect(() => decodeStoredEvent({ ...makeEvent('thing_created', fields, { thing, bytes: 10 }), data: {} })).toThrow(
      'a stored event does not decode: thing_created: data.thing must be a JSON object, got undefined',
    );
  });
});

describe('makeEvent', () => {
  it('builds the envelope of the current schema version; ingest time defaults to the event time', () => {
    expect(makeEvent('usage_recorded', fields, { metric: 'users', amount: 1 })).toEqual({
      id: 'e1',
      type: 'usage_recorded',
      groupId: 'g1',
      rootGroupId: 'g1',
      timestamp: AT,
      recordedAt: AT,
      data: { metric: 'users', amount: 1 },
      schemaVersion: 1,
    });
  });

  it('keeps actor, target and a separate ingest time, and leaves absent ids out', () => {
    const event = makeEvent('user_login', { ...fields, actorId: 'a', targetId: undefined, recordedAt: AT + 5 }, { metadata: {} });
    expect(event).toEqual({
      id: 'e1',
      type: 'user_login',
      groupId: 'g1',
      rootGroupId: 'g1',
      actorId: 'a',
      timestamp: AT,
      recordedAt: AT + 5,
      data: { metadata: {} },
      schemaVersion: 1,
    });
    expect('targetId' in event).toBe(false);
  });

  it('what it builds encodes and decodes back unchanged', () => {
    const event = makeEvent('knowledge_added', { ...fields, targetId: 't1' }, { knowledge, bytes: 40 });
    expect(decodeEvent(JSON.parse(encodeEnvelope(event, 'ingest').value))).toEqual({ ok: true, value: event });
  });
});
