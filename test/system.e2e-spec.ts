import { eventually } from './support/env';
import { type JsonResponse } from './support/http';
import { ok, send } from './support/gateway';

// The whole system, driven only through the gateway's public API: a starter group imports people,
// content, connections, events and knowledge; computed fields are read back with minPosition and
// compared with values worked out here; quotas refuse what does not fit; old events are archived and
// read back from S3; and a group runs out of api calls.

const platformKey = process.env.E2E_ADMIN_KEY!;
const DAY = 86_400_000;

/** `_computed` holds the figures (seed shape); tolerate apps that answer them at the top level. */
const computed = (body: any): any => body?._computed ?? body;

describe('onescale end to end, through the gateway', () => {
  const now = Date.now();
  let groupId: string;
  let admin: string;
  let writer: string;
  let reader: string;
  let position = 0;
  const ids: Record<string, string> = {};
  const backdatedEventIds: string[] = [];
  const at = (path: string) => `/v1/groups/${groupId}${path}`;
  const track = <T extends { position?: number | null }>(result: T): T => {
    if (typeof result.position === 'number') position = Math.max(position, result.position);
    return result;
  };

  it('creates a starter group with its first admin key, and keys for each role', async () => {
    const created = await ok('POST', '/v1/groups', platformKey, { name: `E2E circle ${now}`, type: 'friend_circle' });
    expect(created.group).toMatchObject({ type: 'friend_circle', plan: 'starter', status: 'active' });
    expect(created.apiKey).toMatchObject({ role: 'admin', key: expect.stringMatching(/^osk_/) });
    groupId = created.group.id;
    admin = created.apiKey.key;
    writer = (await ok('POST', at('/api-keys'), admin, { role: 'writer' })).key;
    reader = (await ok('POST', at('/api-keys'), admin, { role: 'reader' })).key;
    expect(await ok('GET', at(''), reader)).toMatchObject({ id: groupId, plan: 'starter' });
  });

  it('imports things, reporting each in input order', async () => {
    const names = [
      'Ada:creator',
      'Ben:audience_member',
      'Cy:audience_member',
      'Di:audience_member',
      'Post 1:blog_post',
      'Post 2:blog_post',
      'Post 3:blog_post',
      'Clip:video',
      'Show:podcast',
    ];
    const result = track(
      await ok('POST', at('/things/batch'), writer, {
        things: names.map((n) => ({ type: n.split(':')[1], name: n.split(':')[0], status: 'active' })),
      }),
    );
    expect(result.summary).toEqual({ total: 9, success: 9, failed: 0, successRate: 100 });
    names.forEach((n, i) => (ids[n.split(':')[0]!] = result.created[i]));
  });

  it('imports connections with partial success: a self-loop fails, the rest are written', async () => {
    const following = ['Ben', 'Cy', 'Di'].map((p) => ({ fromThingId: ids[p], toThingId: ids.Ada, relationshipType: 'following' }));
    const authored = ['Post 1', 'Post 2', 'Post 3', 'Clip', 'Show'].map((c) => ({
      fromThingId: ids.Ada,
      toThingId: ids[c],
      relationshipType: 'authored',
    }));
    const selfLoop = { fromThingId: ids.Ada, toThingId: ids.Ada, relationshipType: 'following' };
    const result = track(await ok('POST', at('/connections/batch'), writer, { connections: [...following, ...authored, selfLoop] }));
    expect(result.summary).toEqual({ total: 9, success: 8, failed: 1, successRate: 89 });
    expect(result.errors.map((e: { index: number }) => e.index)).toEqual([8]);
  });

  it('records client events, backdated ones included', async () => {
    const revenue = [10, 20.5, 30].map((amount, i) => ({
      type: 'revenue_generated',
      actorId: ids.Ada,
      timestamp: now - (i + 1) * 1000,
      metadata: { amount, currency: 'USD' },
    }));
    const login = { type: 'user_login', actorId: ids.Ben, timestamp: now - 5000 };
    const old = [400, 401, 402, 403].map((days) => ({ type: 'user_login', actorId: ids.Cy, timestamp: now - days * DAY }));
    const result = track(await ok('POST', at('/events/batch'), writer, { events: [...revenue, login, ...old] }));
    expect(result.summary).toMatchObject({ total: 8, success: 8 });
    backdatedEventIds.push(...result.created.slice(4));
    const knowledge = track(
      await ok('POST', at('/knowledge/batch'), writer, {
        knowledge: [{ knowledgeType: 'label', text: 'launch', sourceThingId: ids['Post 1'], role: 'label' }],
      }),
    );
    expect(knowledge.summary).toMatchObject({ total: 1, success: 1 });
  });

  it('answers creator stats computed from the stream, read-your-writes', async () => {
    const stats = computed(await ok('GET', at(`/creators/${ids.Ada}/stats?minPosition=${position}`), reader));
    expect(stats).toMatchObject({
      totalRevenue: 60.5,
      totalFollowers: 3,
      contentCount: 5,
      averageEngagement: 0.6,
      revenuePerContent: 12.1,
      totalEvents: 3,
      eventsByType: { revenue_generated: 3 },
      isActive: true,
    });
  });

  it('answers group metrics and a thing with its relationships', async () => {
    const metrics = computed(await ok('GET', at(`/metrics?minPosition=${position}`), reader));
    expect(metrics).toMatchObject({
      userCount: 4,
      totalEntities: 9,
      revenueThisMonth: 60.5,
      eventsThisMonth: 4,
      activeUsers: 2,
      isActive: true,
    });
    expect(
      metrics.topContentByEngagement.map((c: { entityId: string; connectionCount: number }) => [c.entityId, c.connectionCount]).sort(),
    ).toEqual(['Post 1', 'Post 2', 'Post 3', 'Clip', 'Show'].map((c) => [ids[c], 1]).sort());
    const ada = await ok('GET', at(`/things/${ids.Ada}?minPosition=${position}`), reader);
    expect(ada._relationships).toMatchObject({
      inboundCount: 3,
      outboundCount: 5,
      totalConnections: 8,
      connectionTypes: { inbound: { following: 3 }, outbound: { authored: 5 } },
    });
  });

  it('pages relationships with a cursor and lists things by type', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ok(
        'GET',
        at(
          `/things/${ids.Ada}/relationships?direction=outbound&relationshipType=authored&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ),
        reader,
      );
      expect(page.total).toBe(5);
      seen.push(...page.relationships.map((r: { toThingId: string }) => r.toThingId));
      cursor = page.hasMore ? page.nextCursor : undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(['Post 1', 'Post 2', 'Post 3', 'Clip', 'Show'].map((c) => ids[c]).sort());
    const people = await ok('GET', at(`/things?type=audience_member&limit=10&minPosition=${position}`), reader);
    expect(people.items.map((t: { id: string }) => t.id).sort()).toEqual([ids.Ben, ids.Cy, ids.Di].sort());
    const activity = await ok('GET', at(`/things/${ids.Ben}/activity?minPosition=${position}`), reader);
    expect(activity.totalEvents).toBe(2);
    expect(activity.activity.map((e: { type: string }) => e.type).sort()).toEqual(['thing_created', 'user_login']);
  });

  it('admits people only up to the starter limit of 5 users', async () => {
    const result = track(
      await ok('POST', at('/things/batch'), writer, { things: ['Eve', 'Fay', 'Gus'].map((name) => ({ type: 'audience_member', name })) }),
    );
    expect(result.summary).toEqual({ total: 3, success: 1, failed: 2, successRate: 33 });
    expect(result.errors.map((e: { code: string }) => e.code)).toEqual(['quota_exceeded', 'quota_exceeded']);
    // quota counts from the usage stream (ingest's `position` is on the event stream), so allow it a moment
    const quotas = await eventually(
      async () => {
        const body = await ok('GET', at(`/quotas?minPosition=${position}`), reader);
        return body.quotas.users.current === 5 ? body : undefined;
      },
      20000,
      'quota counting the 5th user',
    );
    expect(quotas.quotas.users).toMatchObject({ current: 5, limit: 5, status: 'exceeded' });
    expect(quotas.quotas.entities_total).toMatchObject({ current: 10, limit: 100 });
  });

  it('stops counting a deleted thing and its connections', async () => {
    const deleted = await send('DELETE', at(`/things/${ids.Clip}`), writer);
    expect(deleted.status).toBeLessThan(300);
    if (typeof deleted.body?.position === 'number') track(deleted.body);
    const stats = computed(await ok('GET', at(`/creators/${ids.Ada}/stats?minPosition=${position}`), reader));
    expect(stats).toMatchObject({ contentCount: 4, averageEngagement: 0.75, revenuePerContent: 15.125 });
  });

  it('archives events older than the cutoff and reads them back from the archive', async () => {
    // the 4 backdated events reach the hot store through the event stream first
    await eventually(
      async () => ((await ok('GET', `/v1/archival/status?groupId=${groupId}`, reader)).eligibleForArchival === 4 ? true : undefined),
      20000,
      '4 events eligible for archival',
    );
    const run = await send('POST', at('/archival/runs'), admin, { daysCutoff: 365 });
    expect(run.status).toBeLessThan(300);
    const archived = await ok('GET', at(`/archive/events?from=${now - 404 * DAY}&to=${now - 399 * DAY}&limit=100`), reader);
    expect(archived.items.map((e: { id: string }) => e.id).sort()).toEqual([...backdatedEventIds].sort());
    const manifests = await ok('GET', at('/archive/manifests'), reader);
    expect(manifests.items.reduce((n: number, m: { count: number }) => n + m.count, 0)).toBe(4);
    const status = await ok('GET', `/v1/archival/status?groupId=${groupId}`, reader);
    expect(status).toMatchObject({ alreadyArchived: 4, eligibleForArchival: 0 });
  });

  it('counts every api call of a group and refuses the 1,001st of the month with 429', async () => {
    const flood = await ok('POST', '/v1/groups', platformKey, { name: `E2E flood ${now}`, type: 'friend_circle' });
    const key: string = flood.apiKey.key;
    const path = `/v1/groups/${flood.group.id}`;
    const first = await send('GET', path, key);
    expect([first.status, first.headers.get('x-quota-limit'), first.headers.get('x-quota-remaining')]).toEqual([200, '1000', '999']);
    let admitted = 1;
    let refused: JsonResponse | undefined;
    while (!refused && admitted < 1100) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => send('GET', path, key)));
      admitted += batch.filter((r) => r.status === 200).length;
      refused = batch.find((r) => r.status === 429);
    }
    expect(admitted).toBe(1000);
    expect(refused!.body).toMatchObject({ code: 'quota_exceeded', limit: 1000 });
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    const usage = await ok('GET', `${path}/quotas?minPosition=0`, platformKey);
    expect(usage.quotas.api_calls_per_month.limit).toBe(1000);
  });
});
