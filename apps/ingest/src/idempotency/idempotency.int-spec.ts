import { request } from '../../../../test/support/http';
import { startIngestStack, type IngestStack } from '../testing/stack';

describe('idempotency records expire', () => {
  let stack: IngestStack;

  beforeAll(async () => {
    stack = await startIngestStack({ ingest: 3512, quota: 3513 }, { IDEMPOTENCY_TTL_MS: '1500', IDEMPOTENCY_SWEEP_MS: '1000' });
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

    await new Promise((r) => setTimeout(r, 3000));
    const later = await request('POST', url, { internal: true, headers, body: { things: [{ type: 'blog_post', name: 'b' }] } });
    expect({ status: later.status, replayed: later.headers.get('idempotent-replayed'), failed: later.body.failed }).toEqual({
      status: 200,
      replayed: null,
      failed: 0,
    });
  });
});
