import mongoose from 'mongoose';
import { TOPICS } from '@onescale/ontology';
import { eventually, testEnv } from '../../../test/support/env';
import { request } from '../../../test/support/http';
import { diffDumps, dumpReadModels } from './rebuild/read-model-dump';
import {
  expectedActivity,
  expectedCreatorStats,
  expectedGroupMetrics,
  expectedRelationships,
  expectedThings,
  modelOf,
} from './testing/expected';
import { MetricsHarness, TEST_SHARDS, topicEnds, setGroupOffsets, type MetricsUnderTest } from './testing/harness';
import { HistoryBuilder } from './testing/history';
import { ownedBy, scriptedHistory } from './testing/scenario';
import { Shards } from '@onescale/platform';

const PORT = 3201;
const harness = new MetricsHarness();
const now = Date.now();
const s = scriptedHistory(now);
const model = modelOf(s.events, s.usage);
let metrics: MetricsUnderTest;
let url: string;
let lastOffset = -1;
let startOffsets: Awaited<ReturnType<typeof topicEnds>>;

const get = (path: string) => request('GET', `${url}/v1/groups/${path}`, { internal: true });

/** Follows nextCursor through a list route and returns every item's id. */
const walk = async (path: string, field: 'items' | 'relationships' | 'activity'): Promise<string[]> => {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const r = await get(`${path}${path.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    ids.push(...(r.body[field] as Array<{ id: string }>).map((i) => i.id));
    cursor = r.body.nextCursor;
    expect(r.body.hasMore).toBe(cursor !== null);
    if (cursor === null) return ids;
  }
  throw new Error('too many pages');
};

const dumpOf = async (db: string) => {
  const connection = await harness.mongo(db);
  return dumpReadModels(new Shards(connection.db!, TEST_SHARDS));
};

beforeAll(async () => {
  metrics = await harness.start(PORT, 'scenario', { READ_WAIT_MS: '3000' });
  url = metrics.app.url;
  startOffsets = await topicEnds(harness.kafka);
  lastOffset = await harness.publishInChunks(s.events, 15);
  await harness.publish(s.usage, TOPICS.usage);
  await harness.caughtUp(url, s.root, lastOffset);
  await eventually(
    async () => ((await get(`${s.root}/metrics`)).body._computed?.apiCallsThisMonth === 150 ? true : undefined),
    30000,
    'api calls',
  );
});

afterAll(async () => {
  await metrics?.app.kill();
  await harness.close();
});

describe('metrics read models over real Kafka and FerretDB', () => {
  it('computes every group metric as the history says', async () => {
    const r = await get(`${s.root}/metrics`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: s.root, name: 'Renamed group', settings: { 'odd.key': true } });
    expect(r.body._computed).toEqual(expectedGroupMetrics(model, s.root, r.body._computed.lastComputed));
    expect(r.body._computed).toMatchObject({ userCount: 7, totalEntities: 12, activeUsers: 4 });
    expect(r.body._meta).toMatchObject({ position: expect.any(Number), partition: expect.any(Number), lag: expect.any(Number) });
    expect(r.body._meta.position).toBeGreaterThanOrEqual(lastOffset);
    const sub = await get(`${s.sub}/metrics`);
    expect(sub.body._computed).toEqual(expectedGroupMetrics(model, s.sub, sub.body._computed.lastComputed));
  });

  it('computes creator stats for each creator', async () => {
    for (const creator of [s.c1, s.c2]) {
      const r = await get(`${s.root}/creators/${creator.id}/stats`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: creator.id, properties: { 'a.b': 1, $odd: ['x'] } });
      const { revenueByCurrency, ...computed } = r.body._computed;
      expect(computed).toEqual(expectedCreatorStats(model, creator.id, computed.lastComputed));
      expect(Object.values(revenueByCurrency as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(computed.totalRevenue);
    }
    expect((await get(`${s.root}/creators/${s.c2.id}/stats`)).body._computed.revenueByCurrency).toEqual({ EUR: 99.75 });
    expect((await get(`${s.root}/creators/${s.b1.id}/stats`)).status).toBe(404); // not a person
  });

  it('answers a repeated read from memory, and a read right after a change with the change', async () => {
    const t = scriptedHistory(Date.now());
    await harness.caughtUp(url, t.root, await harness.publishInChunks(t.events, 50));
    const stats = () => get(`${t.root}/creators/${t.c1.id}/stats`);
    const before = (await stats()).body._computed.totalRevenue;
    expect((await stats()).body._computed.totalRevenue).toBe(before);
    const hits = async () =>
      Number(
        /onescale_metrics_read_cache_lookups_total\{result="hit"[^}]*\} (\d+)/.exec(
          (await request('GET', `${url}/metrics`, { internal: true })).body,
        )?.[1] ?? 0,
      );
    expect(await hits()).toBeGreaterThan(0);
    const more = new HistoryBuilder(t.root);
    more.revenue(t.c1.id, 7, Date.now() - 60_000);
    const positions = await harness.publish(more.events);
    await harness.caughtUp(url, t.root, positions.get(t.root)!.offset); // waits on group metrics, not on these stats
    const after = await stats();
    expect(after.body._computed.totalRevenue).toBe(before + 7);
    expect(after.body._meta.position).toBeGreaterThanOrEqual(positions.get(t.root)!.offset);
  });

  it('serves a thing with its relationships, knowledge and related things', async () => {
    const expected = expectedRelationships(model, s.c1.id);
    const r = await get(`${s.root}/things/${s.c1.id}?includeLazy=true`);
    expect(r.status).toBe(200);
    const rel = r.body._relationships;
    expect(rel).toMatchObject({
      inboundCount: expected.inboundCount,
      outboundCount: expected.outboundCount,
      totalConnections: expected.totalConnections,
      connectionTypes: expected.connectionTypes,
    });
    expect(rel.inbound.map((c: { id: string }) => c.id)).toEqual(expected.inbound);
    expect(rel.outbound.map((c: { id: string }) => c.id)).toEqual(expected.outbound);
    expect(rel.inbound[0]._from).toMatchObject({ type: 'audience_member' });
    expect(rel.inbound.find((c: { metadata?: object }) => c.metadata)?.metadata).toHaveProperty(['weird.key']);
    expect(r.body._knowledge).toBeNull();
    const post = await get(`${s.root}/things/${s.b1.id}?includeKnowledge=true`);
    expect(post.body).toMatchObject({ name: 'Renamed post', status: 'published' });
    expect(post.body._knowledge).toEqual([
      expect.objectContaining({ role: 'label', knowledge: expect.objectContaining({ labels: ['vip'] }) }),
    ]);
    expect(post.body._relationships.inbound[0]._from).toBeUndefined();
  });

  it('pages relationships with cursors, filters by type on the server and reports exact totals', async () => {
    const expected = expectedRelationships(model, s.c1.id);
    expect(await walk(`${s.root}/things/${s.c1.id}/relationships`, 'relationships')).toEqual(expected.both);
    expect(await walk(`${s.root}/things/${s.c1.id}/relationships?relationshipType=following&direction=inbound`, 'relationships')).toEqual(
      expected.ofType('following'),
    );
    const page = await get(`${s.root}/things/${s.c1.id}/relationships?offset=2&limit=2`);
    expect(page.body).toMatchObject({ total: expected.totalConnections, count: 2, offset: 2, hasMore: true });
    expect(page.body.relationships.map((r: { id: string }) => r.id)).toEqual(expected.both.slice(2, 4));
    expect(page.body.relationships[0].related).toMatchObject({ id: expect.any(String) });
  });

  it('pages the activity of a thing newest first, each event once, with the true total', async () => {
    for (const thing of [s.c1, s.b1, s.fans[1]!]) {
      const expected = expectedActivity(model, thing.id);
      expect(await walk(`${s.root}/things/${thing.id}/activity`, 'activity')).toEqual(expected);
      expect((await get(`${s.root}/things/${thing.id}/activity?limit=1`)).body).toMatchObject({
        thingId: thing.id,
        totalEvents: expected.length,
      });
    }
    const liked = (await get(`${s.root}/things/${s.b1.id}/activity`)).body.activity.find(
      (a: { type: string }) => a.type === 'content_event',
    );
    expect(liked).toMatchObject({
      metadata: { action: 'liked', 'dotted.key': 'kept as text' },
      _actor: { id: s.fans[1]!.id },
      _target: { id: s.b1.id },
    });
  });

  it('lists live things newest first, by type and status', async () => {
    expect(await walk(`${s.root}/things`, 'items')).toEqual(expectedThings(model, s.root));
    expect(await walk(`${s.root}/things?type=blog_post`, 'items')).toEqual(expectedThings(model, s.root, { type: 'blog_post' }));
    expect(await walk(`${s.root}/things?type=blog_post&status=published`, 'items')).toEqual([s.b1.id]);
    expect(await walk(`${s.sub}/things`, 'items')).toEqual([s.subThing.id]);
  });

  it('scopes every read by the group of the path and rejects bad queries naming the field', async () => {
    expect((await get(`${s.root}/things/${s.subThing.id}`)).status).toBe(404);
    expect((await get(`${s.sub}/creators/${s.c1.id}/stats`)).status).toBe(404);
    expect((await get(`${s.root}/things/${s.b4.id}`)).status).toBe(404); // deleted
    expect((await get(`g-unknown-${now}/metrics`)).body).toMatchObject({ code: 'group_not_found' });
    for (const [path, field] of [
      [`${s.root}/things?limit=abc`, 'limit'],
      [`${s.root}/things?limit=0`, 'limit'],
      [`${s.root}/things?status=gone`, 'status'],
      [`${s.root}/metrics?minPosition=-1`, 'minPosition'],
      [`${s.root}/things/${s.c1.id}?includeLazy=yes`, 'includeLazy'],
      [`${s.root}/things/${s.c1.id}/relationships?direction=sideways`, 'direction'],
      [`${s.root}/things/${s.c1.id}/activity?cursor=nope`, 'cursor'],
      [`${s.root}/metrics?bogus=1`, 'bogus'],
    ] as const) {
      const r = await get(path);
      expect([path, r.status]).toEqual([path, 400]);
      expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    }
  });

  it('refuses a minPosition beyond the partition at once, and waits for one a write just answered', async () => {
    const started = Date.now();
    const ahead = await get(`${s.root}/metrics?minPosition=${lastOffset + 1_000_000_000}`);
    expect({ status: ahead.status, code: ahead.body.code, path: ahead.body.errors?.[0]?.path }).toEqual({
      status: 400,
      code: 'position_out_of_range',
      path: 'minPosition',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    const { events } = scriptedHistory(Date.now()); // a new group: read right after its creation
    const positions = await harness.publish(events.slice(0, 1));
    const fresh = await get(`${events[0]!.groupId}/metrics?minPosition=${positions.get(events[0]!.rootGroupId)!.offset}`);
    expect(fresh.status).toBe(200);
  });

  it('counts republished copies of the same events (new offsets) once', async () => {
    const mine = ownedBy([s.root, s.sub], s.events);
    const before = await dumpOf(metrics.db);
    const positions = await harness.publish(s.events);
    await harness.publish(s.usage, TOPICS.usage);
    await harness.caughtUp(url, s.root, positions.get(s.root)!.offset);
    await new Promise((r) => setTimeout(r, 1500)); // the usage partition too
    const after = await dumpOf(metrics.db);
    expect(diffDumps(before, after, mine)).toEqual([]);
    expect([...before.keys()].filter(mine).length).toBeGreaterThan(20);
    const prom = await request('GET', `${url}/metrics`, { internal: true });
    expect(prom.body).toMatch(/onescale_metrics_duplicates_skipped_total\{topic="events"[^}]*\} [1-9]/);
  });

  it('changes nothing when the whole topic is delivered again from the first offset of the test', async () => {
    const mine = ownedBy([s.root, s.sub], s.events);
    const before = await dumpOf(metrics.db);
    await metrics.app.kill();
    await setGroupOffsets(harness.kafka, metrics.consumerGroup, startOffsets);
    await metrics.app.restart();
    const marker = scriptedHistory(Date.now()).events.slice(0, 1);
    const positions = await harness.publish(marker);
    await harness.caughtUp(url, marker[0]!.groupId, positions.get(marker[0]!.rootGroupId)!.offset);
    await harness.caughtUp(url, s.root, (await get(`${s.root}/metrics`)).body._meta.position);
    const after = await dumpOf(metrics.db);
    expect(diffDumps(before, after, mine)).toEqual([]);
    const prom = await request('GET', `${url}/metrics`, { internal: true });
    expect(prom.body).toMatch(/onescale_metrics_redeliveries_skipped_total\{topic="events"[^}]*\} [1-9]/);
  });

  it('rebuilds every read model from the event store with zero differences', async () => {
    await metrics.app.kill(); // an idle projector: nothing lands between the rebuild and the comparison
    const result = await harness.rebuild(metrics.db);
    expect(result.output).toMatch(/the read models match/);
    expect(result.status).toBe(0);
    expect(result.output).toMatch(/archive: skipped \(ARCHIVER_URL is not set\)/);
    // a read model changed behind the projector's back is reported, and fails the command
    const connection = await mongoose.createConnection(testEnv.mongoUri, { dbName: metrics.db }).asPromise();
    const ghost = `${s.root}|1999-01-01`;
    const shards = new Shards(connection.db!, TEST_SHARDS);
    await shards
      .collection('active_people', ghost)
      .insertOne({ _id: ghost, p: {}, d: JSON.stringify({ groupId: s.root, day: '1999-01-01', actors: ['ghost'] }) } as never);
    const broken = await harness.rebuild(metrics.db);
    await connection.close();
    expect(broken.status).toBe(1);
    expect(broken.output).toMatch(/1999-01-01: only live/);
  });
});
