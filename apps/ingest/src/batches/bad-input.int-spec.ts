import { TOPICS } from '@onescale/ontology';
import { request, type JsonResponse } from '../../../../test/support/http';
import { tapTopic, type TopicTap } from '../../../../test/support/kafka';
import { malformedBodies } from '../testing/malformed-bodies';
import { startIngestStack, type IngestStack } from '../testing/stack';

/** The only item failed on its own: a processed batch with that item's error and nothing created. */
const reportsTheItem = (reply: JsonResponse): boolean => {
  const body = reply.body as { created?: string[]; errors?: Array<{ index: number; code?: string }> };
  return (
    reply.status === 200 &&
    body.created?.length === 0 &&
    body.errors?.length === 1 &&
    body.errors[0]!.index === 0 &&
    typeof body.errors[0]!.code === 'string'
  );
};

/** A problem of the request as a whole: a 4xx problem naming what is wrong. */
const refusesTheRequest = (reply: JsonResponse): boolean => {
  const problem = reply.body as { code?: string; detail?: string; errors?: unknown[] };
  return (
    reply.status >= 400 &&
    reply.status < 500 &&
    !!reply.headers.get('content-type')?.startsWith('application/problem+json') &&
    typeof problem.code === 'string' &&
    typeof problem.detail === 'string' &&
    (reply.status !== 400 || (problem.errors?.length ?? 0) > 0)
  );
};

describe('bad input to the write routes (1,000 generated malformed bodies)', () => {
  let stack: IngestStack;
  let events: TopicTap;

  beforeAll(async () => {
    stack = await startIngestStack({ ingest: 3508, quota: 3509 });
    events = await tapTopic(TOPICS.events);
  });

  afterAll(async () => {
    await events?.stop();
    await stack?.stop();
  });

  it('refuses each bad request with a 4xx problem, reports each bad item as its own error, writes nothing and keeps serving', async () => {
    const group = await stack.createGroup();
    const cases = malformedBodies(1000);
    const failures: string[] = [];
    for (let i = 0; i < cases.length; i += 20) {
      await Promise.all(
        cases.slice(i, i + 20).map(async (c) => {
          const reply = await request(c.method, `${stack.ingest.url}/v1/groups/${group.id}/${c.route}`, { internal: true, raw: c.raw });
          const ok = c.level === 'item' ? reportsTheItem(reply) : refusesTheRequest(reply);
          if (!ok)
            failures.push(`${c.method} ${c.route} (${c.why}, ${c.level}) → ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
        }),
      );
    }
    expect(failures).toEqual([]);

    const counts = await request('GET', `${stack.ingest.url}/internal/groups/${group.id}/counts`, { internal: true });
    expect(counts.body).toEqual({ entities_total: 0, users: 0, connections_total: 0, storage_bytes: 0 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(events.envelopes.filter((e) => e.groupId === group.id && e.type !== 'group_created')).toEqual([]);
    expect((await fetch(`${stack.ingest.url}/ready`)).status).toBe(200);
  });

  it('refuses more than 10,000 items with 413 and writes nothing', async () => {
    const group = await stack.createGroup();
    const things = Array.from({ length: 10_001 }, (_, i) => ({ type: 'blog_post', name: `p${i}` }));
    const reply = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, { internal: true, body: { things } });
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ code: 'batch_too_large', limit: 10_000, received: 10_001 });
    const counts = await request('GET', `${stack.ingest.url}/internal/groups/${group.id}/counts`, { internal: true });
    expect(counts.body.entities_total).toBe(0);
  });

  it('answers 404 for an unknown group and 409 for an archived one', async () => {
    const body = { things: [{ type: 'blog_post', name: 'x' }] };
    expect((await request('POST', `${stack.ingest.url}/v1/groups/nope/things/batch`, { internal: true, body })).status).toBe(404);
    const group = await stack.createGroup();
    expect(
      (await request('PATCH', `${stack.ingest.url}/v1/groups/${group.id}`, { internal: true, body: { status: 'archived' } })).status,
    ).toBe(200);
    const reply = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, { internal: true, body });
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('group_inactive');
  });
});
