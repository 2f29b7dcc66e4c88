import { TOPICS } from '@onescale/ontology';
import { request } from '../../../../test/support/http';
import { tapTopic, type TopicTap } from '../../../../test/support/kafka';
import { startIngestStack, type IngestStack } from '../testing/stack';

describe('connections under concurrency (real FerretDB)', () => {
  let stack: IngestStack;
  let events: TopicTap;

  beforeAll(async () => {
    stack = await startIngestStack({ ingest: 3503, quota: 3504 });
    events = await tapTopic(TOPICS.events);
  });

  afterAll(async () => {
    await events?.stop();
    await stack?.stop();
  });

  it('creates exactly one of 20 concurrent requests for the same connection', async () => {
    const group = await stack.createGroup();
    const things = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, {
      internal: true,
      body: {
        things: [
          { type: 'audience_member', name: 'Fan' },
          { type: 'creator', name: 'Star' },
        ],
      },
    });
    const [fan, star] = things.body.created as string[];
    const body = { connections: [{ fromThingId: fan, toThingId: star, relationshipType: 'following' }] };
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        request('POST', `${stack.ingest.url}/v1/groups/${group.id}/connections/batch`, { internal: true, body }),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies.filter((r) => r.body.summary.success === 1)).toHaveLength(1);
    const losers = replies.filter((r) => r.body.summary.success === 0);
    expect(losers).toHaveLength(19);
    expect(losers.every((r) => r.body.errors[0].code === 'duplicate_connection')).toBe(true);

    const counts = await request('GET', `${stack.ingest.url}/internal/groups/${group.id}/counts`, { internal: true });
    expect(counts.body.connections_total).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(events.envelopes.filter((e) => e.groupId === group.id && e.type === 'connection_created')).toHaveLength(1);
  });

  it('applies exactly one of two concurrent deletes of a thing and its connections', async () => {
    const group = await stack.createGroup();
    const things = await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/things/batch`, {
      internal: true,
      body: {
        things: [
          { type: 'creator', name: 'Writer' },
          { type: 'blog_post', name: 'Essay' },
          { type: 'audience_member', name: 'Reader' },
        ],
      },
    });
    const [writer, essay, reader] = things.body.created as string[];
    await request('POST', `${stack.ingest.url}/v1/groups/${group.id}/connections/batch`, {
      internal: true,
      body: {
        connections: [
          { fromThingId: writer, toThingId: essay, relationshipType: 'authored' },
          { fromThingId: reader, toThingId: writer, relationshipType: 'following' },
        ],
      },
    });
    const replies = await Promise.all(
      [1, 2, 3].map(() => request('DELETE', `${stack.ingest.url}/v1/groups/${group.id}/things/${writer}`, { internal: true })),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 200)[0]!.body.connectionsDeleted).toBe(2);
    expect(replies.every((r) => [200, 404, 409].includes(r.status))).toBe(true);
    const counts = await request('GET', `${stack.ingest.url}/internal/groups/${group.id}/counts`, { internal: true });
    expect(counts.body).toMatchObject({ entities_total: 2, connections_total: 0 });
    await new Promise((r) => setTimeout(r, 1500));
    const mine = events.envelopes.filter((e) => e.groupId === group.id);
    expect(mine.filter((e) => e.type === 'thing_deleted')).toHaveLength(1);
    expect(mine.filter((e) => e.type === 'connection_deleted')).toHaveLength(2);
  });
});
