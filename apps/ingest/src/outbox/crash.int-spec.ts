import { MongoClient } from 'mongodb';
import { TOPICS, isType } from '@onescale/ontology';
import { eventually, testEnv } from '../../../../test/support/env';
import { startAppProcess } from '../../../../test/support/app-process';
import { request } from '../../../../test/support/http';
import { tapTopic, type TopicTap } from '../../../../test/support/kafka';
import { startIngestStack, type IngestStack } from '../testing/stack';
import { WRITE_CHUNK_ROWS } from './outbox';

describe('a crash during the registry write and the publish (SIGKILL)', () => {
  let stack: IngestStack;
  let events: TopicTap;
  let usage: TopicTap;

  beforeAll(async () => {
    stack = await startIngestStack({ ingest: 3505, quota: 3506 });
    [events, usage] = await Promise.all([tapTopic(TOPICS.events), tapTopic(TOPICS.usage)]);
  });

  afterAll(async () => {
    await Promise.all([events?.stop(), usage?.stop()]);
    await stack?.stop();
  });

  it('loses nothing and duplicates nothing once ingest is back', async () => {
    const group = await stack.createGroup();
    await stack.ingest.kill();
    const crashing = await startAppProcess('ingest', {
      port: 3507,
      env: { ...stack.env, INGEST_CRASH_AFTER: 'rows', RELAY_INTERVAL_MS: '600000' },
    });
    const things = Array.from({ length: 500 }, (_, i) => ({ type: 'blog_post', name: `post ${i}` }));
    const attempt = await request('POST', `${crashing.url}/v1/groups/${group.id}/things/batch`, { internal: true, body: { things } }).catch(
      (e: Error) => e,
    );
    expect(String((attempt as Error).message)).toMatch(/fetch failed|socket|terminated/);
    await crashing.kill();
    // Nothing was published before the crash…
    await new Promise((r) => setTimeout(r, 1000));
    expect(events.envelopes.filter((e) => e.groupId === group.id && e.type === 'thing_created')).toHaveLength(0);

    // …and the restarted ingest's relay publishes every row that was written, once.
    await stack.ingest.restart();
    const created = await eventually(() => {
      const mine = events.envelopes.filter((e) => e.groupId === group.id && e.type === 'thing_created');
      return mine.length >= 500 ? mine : undefined;
    }, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(events.envelopes.filter((e) => e.groupId === group.id && e.type === 'thing_created')).toHaveLength(500);
    expect(new Set(created.map((e) => e.targetId)).size).toBe(500);
    const records = usage.envelopes.filter((e) => isType(e, 'usage_recorded')).filter((e) => e.groupId === group.id);
    expect(records.filter((e) => e.data.metric === 'entities_total').map((e) => e.data.amount)).toEqual([500]);
    const counts = await request('GET', `${stack.ingest.url}/internal/groups/${group.id}/counts`, { internal: true });
    expect(counts.body.entities_total).toBe(500);
  });

  it('mid-batch, after a first chunk was published: every row written is published once, nothing else is', async () => {
    const group = await stack.createGroup();
    await stack.ingest.kill();
    const crashing = await startAppProcess('ingest', {
      port: 3507,
      env: { ...stack.env, INGEST_CRASH_AFTER: 'chunk', RELAY_INTERVAL_MS: '600000' },
    });
    const total = WRITE_CHUNK_ROWS * 2 + 500;
    const things = Array.from({ length: total }, (_, i) => ({ type: 'blog_post', name: `post ${i}` }));
    const attempt = await request('POST', `${crashing.url}/v1/groups/${group.id}/things/batch`, { internal: true, body: { things } }).catch(
      (e: Error) => e,
    );
    expect(String((attempt as Error).message)).toMatch(/fetch failed|socket|terminated/);
    await crashing.kill();
    const createdOf = () => events.envelopes.filter((e) => e.groupId === group.id && e.type === 'thing_created');
    // The first chunk's events went out before the crash, and no event of a later chunk did…
    await new Promise((r) => setTimeout(r, 1000));
    expect(new Set(createdOf().map((e) => e.targetId)).size).toBe(WRITE_CHUNK_ROWS);
    // …and the relay publishes exactly the rows that were written: the first chunk again (same event
    // ids, which consumers keep once) and whatever of the next chunks the crash let through.
    const mongo = await MongoClient.connect(testEnv.mongoUri, { directConnection: true });
    const written = await mongo
      .db(stack.env.MONGODB_DB)
      .collection<{ _id: string }>('things')
      .find({ groupId: group.id }, { projection: { _id: 1 } })
      .toArray()
      .finally(() => mongo.close());
    const rowIds = written.map((r) => r._id).sort();
    expect(rowIds.length).toBeGreaterThanOrEqual(WRITE_CHUNK_ROWS);
    await stack.ingest.restart();
    await eventually(() => (createdOf().length >= WRITE_CHUNK_ROWS + rowIds.length ? true : undefined), 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    const created = createdOf();
    expect([...new Set(created.map((e) => e.targetId))].sort()).toEqual(rowIds);
    expect(new Set(created.map((e) => e.id)).size).toBe(rowIds.length);
    const records = usage.envelopes.filter((e) => isType(e, 'usage_recorded')).filter((e) => e.groupId === group.id);
    expect(records.filter((e) => e.data.metric === 'entities_total').map((e) => e.data.amount)).toEqual([rowIds.length]);
    const counts = await request('GET', `${stack.ingest.url}/internal/groups/${group.id}/counts`, { internal: true });
    expect(counts.body.entities_total).toBe(rowIds.length);
  });

  it('a retried request after the relay closed its half-written record: quota counts every row once', async () => {
    // The relay closes the record with the usage of the rows it finds; the retry (same Idempotency-Key,
    // so the same record and usage ids) writes the rest and publishes that usage again with more in it.
    const group = await stack.createGroup();
    await stack.ingest.kill();
    const url = `/v1/groups/${group.id}/things/batch`;
    const headers = { 'idempotency-key': `crash-retry-${group.id}` };
    const total = WRITE_CHUNK_ROWS * 2 + 500;
    const body = { things: Array.from({ length: total }, (_, i) => ({ type: 'blog_post', name: `post ${i}` })) };
    const crashing = await startAppProcess('ingest', {
      port: 3507,
      env: { ...stack.env, INGEST_CRASH_AFTER: 'rows', RELAY_INTERVAL_MS: '600000' },
    });
    const attempt = await request('POST', `${crashing.url}${url}`, { internal: true, headers, body }).catch((e: Error) => e);
    expect(String((attempt as Error).message)).toMatch(/fetch failed|socket|terminated/);
    await crashing.kill();

    const entityUsage = () =>
      usage.envelopes
        .filter((e) => isType(e, 'usage_recorded') && e.groupId === group.id && e.data.metric === 'entities_total')
        .map((e) => (e as { data: { amount: number } }).data.amount);
    const restarted = await startAppProcess('ingest', { port: 3507, env: { ...stack.env, IDEMPOTENCY_TAKEOVER_MS: '1000' } });
    try {
      const relayed = await eventually(() => entityUsage()[0], 30_000, 'the relay to close the record');
      // Killed once its first chunk of rows was written (the next chunk's insert may have been in
      // flight and finished): the relay finds the rows that exist, and only those.
      const mongo = await MongoClient.connect(testEnv.mongoUri, { directConnection: true });
      const rows = await mongo
        .db(stack.env.MONGODB_DB)
        .collection('things')
        .countDocuments({ groupId: group.id })
        .finally(() => mongo.close());
      expect(relayed).toBe(rows);
      expect(relayed).toBeGreaterThanOrEqual(WRITE_CHUNK_ROWS);
      expect(relayed).toBeLessThan(total);
      const retried = await request('POST', `${restarted.url}${url}`, { internal: true, headers, body });
      expect(retried.status).toBe(200);
      expect(retried.body.summary).toMatchObject({ total, failed: 0 });
      await eventually(() => (entityUsage().length === 2 ? true : undefined), 30_000, 'the retry to publish its usage');
      expect(entityUsage()).toEqual([relayed, total]);

      const counted = async () =>
        (await request('GET', `${stack.quota.url}/internal/usage/${group.rootGroupId}`, { internal: true })).body.usage?.entities_total;
      await eventually(async () => ((await counted()) === total ? true : undefined), 30_000, `quota to count ${total}`);
      const counts = await request('GET', `${restarted.url}/internal/groups/${group.id}/counts`, { internal: true });
      expect(counts.body.entities_total).toBe(total);
    } finally {
      await restarted.kill();
      await stack.ingest.restart();
    }
  });
});
