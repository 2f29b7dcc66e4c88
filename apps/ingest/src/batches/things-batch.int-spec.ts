import { randomUUID } from 'node:crypto';
import { TOPICS, isType, type EventEnvelope } from '@onescale/ontology';
import { eventually } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import { tapTopic, type TopicTap } from '../../../../test/support/kafka';
import { startIngestStack, type IngestStack } from '../testing/stack';

describe('things batches through ingest (real Kafka, FerretDB and quota)', () => {
  let stack: IngestStack;
  let events: TopicTap;
  let usage: TopicTap;

  beforeAll(async () => {
    stack = await startIngestStack({ ingest: 3501, quota: 3502 });
    [events, usage] = await Promise.all([tapTopic(TOPICS.events), tapTopic(TOPICS.usage)]);
  });

  afterAll(async () => {
    await Promise.all([events?.stop(), usage?.stop()]);
    await stack?.stop();
  });

  const thingsOf = (groupId: string, type = 'thing_created'): EventEnvelope[] =>
    events.envelopes.filter((e) => e.groupId === groupId && e.type === type);

  it('accepts a 10,000-thing batch and puts every thing_created on the topic exactly once', async () => {
    const group = await stack.createGroup({ type: 'business' });
    const things = Array.from({ length: 10_000 }, (_, i) => ({
      type: i % 10 === 0 ? 'creator' : 'blog_post',
      name: `item ${i}`,
      properties: { i },
    }));
    // A pro group allows 50 people: 1,000 creators are asked for, so 950 of them must fail on quota.
    const reply = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, { internal: true, body: { things } });
    expect(reply.status).toBe(200);
    expect(reply.body.summary).toEqual({ total: 10_000, success: 9_000 + 50, failed: 950, successRate: 91 });
    const refused = reply.body.errors as Array<{ index: number; code: string; error: string }>;
    expect(refused.every((e) => e.code === 'quota_exceeded' && e.index % 10 === 0 && /users: limit 50/.test(e.error))).toBe(true);
    expect(typeof reply.body.position).toBe('number');

    const created = await eventually(() => (thingsOf(group.id).length >= 9_050 ? thingsOf(group.id) : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    const ids = thingsOf(group.id).map((e) => e.targetId);
    expect(ids).toHaveLength(9_050);
    expect(new Set(ids).size).toBe(9_050);
    expect(new Set(ids)).toEqual(new Set(reply.body.created));
    expect(created.every((e) => e.recordedAt === created[0]!.recordedAt && e.rootGroupId === group.rootGroupId)).toBe(true);

    const records = await eventually(() => {
      const mine = usage.envelopes.filter((e) => isType(e, 'usage_recorded')).filter((e) => e.groupId === group.id);
      return mine.length >= 3 ? mine : undefined;
    });
    const amounts = Object.fromEntries(records.map((e) => [e.data.metric, e.data.amount]));
    expect(amounts.entities_total).toBe(9_050);
    expect(amounts.users).toBe(50);
    const counts = await request('GET', `${stack.ingest.url}/internal/groups/${group.id}/counts`, { internal: true });
    expect(counts.body).toMatchObject({ entities_total: 9_050, users: 50, connections_total: 0, storage_bytes: amounts.storage_bytes });
  });

  it('keeps property keys named constructor and __proto__ as data', async () => {
    const group = await stack.createGroup();
    const raw = '{"things":[{"type":"blog_post","name":"keys","properties":{"constructor":"Acme","__proto__":{"x":1},"toString":2}}]}';
    const reply = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, { internal: true, raw });
    expect(reply.status).toBe(200);
    expect(reply.body.summary).toMatchObject({ success: 1, failed: 0 });

    const [created] = await eventually(() => (thingsOf(group.id).length > 0 ? thingsOf(group.id) : undefined));
    const properties = (created!.data as { thing: { properties: object } }).thing.properties;
    expect(Object.entries(properties)).toEqual([
      ['constructor', 'Acme'],
      ['__proto__', { x: 1 }],
      ['toString', 2],
    ]);
  });

  it('admits exactly 100 of 120 things for a starter group and reports the other 20 as quota_exceeded', async () => {
    const group = await stack.createGroup({ type: 'friend_circle' });
    const things = Array.from({ length: 120 }, (_, i) => ({ type: 'blog_post', name: `post ${i}` }));
    const reply = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, { internal: true, body: { things } });
    expect(reply.body.summary).toEqual({ total: 120, success: 100, failed: 20, successRate: 83 });
    expect(reply.body.errors.map((e: { index: number }) => e.index)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(reply.body.errors[0]).toMatchObject({
      code: 'quota_exceeded',
      error: 'Quota exceeded for entities_total: limit 100, remaining 100',
    });
    const again = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, {
      internal: true,
      body: { things: things.slice(0, 1) },
    });
    expect(again.body.summary.success).toBe(0);
  });

  it('answers a retried Idempotency-Key request with the first response and writes nothing new', async () => {
    const group = await stack.createGroup();
    const key = randomUUID();
    const body = {
      things: [
        { type: 'creator', name: 'Ada' },
        { type: 'video', name: 'Intro' },
      ],
    };
    const first = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, {
      internal: true,
      body,
      headers: { 'idempotency-key': key },
    });
    const second = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, {
      internal: true,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const reused = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, {
      internal: true,
      body: { things: [] },
      headers: { 'idempotency-key': key },
    });
    expect(reused.status).toBe(422);

    await stack.ingest.kill();
    await stack.ingest.restart();
    const third = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, {
      internal: true,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(third.body).toEqual(first.body);
    await new Promise((r) => setTimeout(r, 1500));
    expect(thingsOf(group.id)).toHaveLength(2);
    const counts = await request('GET', `${stack.ingest.url}/internal/groups/${group.id}/counts`, { internal: true });
    expect(counts.body.entities_total).toBe(2);
  });
});
