import { MongoClient } from 'mongodb';
import { sha256Hex } from '@onescale/platform';
import { testEnv } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import { startIngestStack, type IngestStack } from '../testing/stack';
import { itemId } from './idempotency';

describe('idempotency records', () => {
  let stack: IngestStack;

  beforeAll(async () => {
    stack = await startIngestStack(
      { ingest: 3512, quota: 3513 },
      { IDEMPOTENCY_TTL_MS: '3000', IDEMPOTENCY_SWEEP_MS: '1000', IDEMPOTENCY_TAKEOVER_MS: '1000' },
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('replays a key within its TTL and treats it as new after it', async () => {
    const group = await stack.createGroup();
    const url = `${stack.ingest.url}/v1/groups/${group.id}/things/batch`;
    const headers = { 'idempotency-key': 'import-1' };
    const first = await request('POST', url, { internal: true, headers, body: { things: [{ type: 'blog_post', name: 'a' }] } });
    expect(first.status).toBe(200);
    const replay = await request('POST', url, { internal: true, headers, body: { things: [{ type: 'blog_post', name: 'a' }] } });
    expect({ status: replay.status, replayed: replay.headers.get('idempotent-replayed'), created: replay.body.created }).toEqual({
      status: 200,
      replayed: 'true',
      created: first.body.created,
    });
    const reused = await request('POST', url, { internal: true, headers, body: { things: [{ type: 'blog_post', name: 'b' }] } });
    expect(reused.status).toBe(422);

    await new Promise((r) => setTimeout(r, 4500));
    const later = await request('POST', url, { internal: true, headers, body: { things: [{ type: 'blog_post', name: 'b' }] } });
    expect({ status: later.status, replayed: later.headers.get('idempotent-replayed'), failed: later.body.failed }).toEqual({
      status: 200,
      replayed: null,
      failed: 0,
    });
  });

  it('derives ordered item ids for a new key, and the earlier ids when it takes over a key first used before them', async () => {
    const group = await stack.createGroup();
    const path = `/v1/groups/${group.id}/things/batch`;
    const body = { things: [0, 1, 2].map((i) => ({ type: 'blog_post', name: `item ${i}` })) };

    const many = { things: Array.from({ length: 20 }, (_, i) => ({ type: 'blog_post', name: `item ${i}` })) };
    const fresh = await request('POST', `${stack.ingest.url}${path}`, {
      internal: true,
      headers: { 'idempotency-key': 'new-key' },
      body: many,
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.created).toHaveLength(20);
    expect([...fresh.body.created].sort()).toEqual(fresh.body.created);

    // A request under this key started before item ids carried their index, and stopped half way.
    const mongo = await MongoClient.connect(testEnv.mongoUri, { directConnection: true });
    const _id = `${group.id}|old-key`;
    // older than the takeover time (1 s), younger than the TTL (3 s)
    const createdAt = Date.now() - 1500;
    try {
      await mongo
        .db(stack.env.MONGODB_DB)
        .collection<{ _id: string; requestHash: string; state: string; createdAt: number }>('idempotency')
        .insertOne({ _id, requestHash: sha256Hex(JSON.stringify({ method: 'POST', path, body })), state: 'pending', createdAt });
    } finally {
      await mongo.close();
    }
    const resumed = await request('POST', `${stack.ingest.url}${path}`, {
      internal: true,
      headers: { 'idempotency-key': 'old-key' },
      body,
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body.created).toEqual([0, 1, 2].map((i) => itemId(`${_id}|${createdAt}`, 'thing', i, createdAt, false)));
  });
});
