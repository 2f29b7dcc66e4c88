import type { EventEnvelope } from '../contracts/event-map';
import type { UsageMetric } from '../contracts/usage';
import { DAY_MS } from '../shared/clock';
import { DEFAULT_COMPOSITION } from '../vocabulary';
import { BUCKET_DAYS_KEPT } from './day-buckets';
import { at, eventFactory } from './events.fixture';
import { apiCallsKey, apiCallsProjection } from './api-calls.projection';
import { groupListEntriesOf, rankingListId } from './group-lists';
import { groupMetricsProjection } from './group-metrics.projection';
import { groupMetricsView } from './group-metrics-view';
import { foldEvents } from './projection';
import { thingProjection } from './thing.projection';
import { topContentFromRanking } from './top-content';

const projection = groupMetricsProjection(DEFAULT_COMPOSITION);
const CREATED = at('2025-01-05T00:00:00Z');
/** A Monday early in March: the last 7 days reach back into February. */
const NOW = at('2025-03-03T10:00:00Z');
const MB = 1024 * 1024;

const world = () => {
  const f = eventFactory();
  const t = (id: string, type: string, i: number) => f.thing(id, type, CREATED + i * 1000);
  const [c1, p1, p2] = [t('c1', 'creator', 0), t('p1', 'audience_member', 1), t('p2', 'audience_member', 2)];
  const [b1, b2, b3, b4] = [t('b1', 'blog_post', 3), t('b2', 'video', 4), t('b3', 'podcast', 5), t('b4', 'blog_post', 6)];
  const conn = (id: string, from: string, to: string, type: string) => f.connection(id, from, to, type, CREATED + 10_000);
  const a3 = conn('a3', 'c1', 'b3', 'authored');
  const events: EventEnvelope[] = [
    f.groupEvent('group_created', f.group(CREATED)),
    ...[c1, p1, p2, b1, b2, b3, b4].map((x) => f.thingCreated(x, 100)),
    f.thingUpdated({ ...b1, updatedAt: CREATED + 20_000 }, 1.5 * MB, 100),
    f.knowledgeAdded({ id: 'k1', groupId: 'g1', knowledgeType: 'chunk', sourceThingId: 'b1', createdAt: CREATED + 30_000 }, 3 * MB),
    f.connectionCreated(conn('a1', 'c1', 'b1', 'authored'), 'creator', 'blog_post'),
    f.connectionCreated(conn('r1', 'b2', 'b1', 'references'), 'video', 'blog_post'),
    f.connectionCreated(conn('a2', 'c1', 'b2', 'authored'), 'creator', 'video'),
    f.connectionCreated(conn('a4', 'c1', 'b4', 'authored'), 'creator', 'blog_post'),
    f.connectionCreated(conn('m1', 'p1', 'c1', 'following'), 'audience_member', 'creator'), // not into content
    f.connectionCreated(a3, 'creator', 'podcast'),
    f.connectionDeleted(a3, 'creator', 'podcast', CREATED + 40_000),
    f.thingDeleted(b3, CREATED + 40_000, 100),
    f.thingDeleted(p2, CREATED + 41_000, 100),
  ];
  const login = (timestamp: number) => f.client('user_login', { actorId: 'p1', actorType: 'audience_member', timestamp });
  const activity = [
    login(at('2025-02-17T23:59:59Z')), // before both weeks
    login(at('2025-02-18T00:00:00Z')),
    login(at('2025-02-20T12:00:00Z')),
    login(at('2025-02-24T23:59:59Z')), // previous 7 days
    login(at('2025-02-25T00:00:00Z')),
    f.revenue('c1', 100, at('2025-02-28T23:59:59Z')), // this week, February
    f.revenue('c1', 20.5, at('2025-03-01T00:00:00Z')),
    f.revenue('c1', 9.5, at('2025-03-02T08:00:00Z')),
    login(at('2025-03-02T09:00:00Z')),
    login(at('2025-03-03T09:59:00Z')),
    f.revenue('c1', 1000, at('2023-03-02T00:00:00Z'), { recordedAt: NOW - 1000 }), // backdated import
  ];
  return { f, events: [...events, ...activity] };
};

const viewOf = (events: readonly EventEnvelope[], now = NOW, apiCallsThisMonth = 0) => {
  const doc = foldEvents(projection, events).get('g1') ?? null;
  const things = [...foldEvents(thingProjection(DEFAULT_COMPOSITION), events).values()];
  // the ranking list as the store keeps it: the entries of every thing document, sorted by key
  const ranking = things
    .flatMap(groupListEntriesOf)
    .filter((e) => e.list === rankingListId('g1'))
    .map((e) => ({ k: e.key, v: e.value }));
  ranking.sort((a, b) => (a.k < b.k ? -1 : 1));
  const view = groupMetricsView(doc, { activeUsers: 2, topContent: topContentFromRanking(ranking), apiCallsThisMonth, now });
  if (!view.ok) throw new Error(view.problem.message);
  return view.value;
};

describe('group metrics', () => {
  it('computes every figure of SPEC §4 (given the active users and top content the store found)', () => {
    const { events } = world();
    const view = viewOf(events, NOW, 150);
    expect(view).toMatchObject({ id: 'g1', slug: 'acme', plan: 'pro' });
    expect(view._computed).toEqual({
      userCount: 2, // c1, p1 (p2 deleted)
      activeUsers: 2,
      totalEntities: 5, // 7 created, 2 deleted
      storageUsed: 700 + (1.5 * MB - 100) + 3 * MB - 200,
      storageUsedMB: 4.5,
      apiCallsThisMonth: 150,
      revenueThisMonth: 30, // 20.5 + 9.5; neither February's 100 nor the backdated 1000
      eventsThisMonth: 4,
      eventsThisWeek: 6, // Feb 25 .. Mar 3 (today), across the month boundary
      eventsPreviousWeek: 3, // Feb 18 .. Feb 24
      topContentByEngagement: [
        { entityId: 'b1', name: 'blog_post b1', type: 'blog_post', connectionCount: 2, createdAt: CREATED + 3000 },
        { entityId: 'b4', name: 'blog_post b4', type: 'blog_post', connectionCount: 1, createdAt: CREATED + 6000 }, // tie: newer first
        { entityId: 'b2', name: 'video b2', type: 'video', connectionCount: 1, createdAt: CREATED + 4000 },
      ],
      averageEngagementPerContent: 1.33, // 4 live inbound connections over 3 live content things
      avgEventsPerUser: 2, // 4 / 2
      avgRevenuePerUser: 15, // 30 / 2
      isActive: true,
      trendingUp: true, // 6 > 3
      lastComputed: NOW,
    });
  });

  it('keeps backdated revenue in the all-time totals but in no day bucket older than the kept range', () => {
    const { events } = world();
    const doc = foldEvents(projection, events).get('g1');
    expect(doc?.revenueMicros).toBe(1130 * 1e6);
    expect(doc?.totalEvents).toBe(11);
    expect(Object.keys(doc?.days ?? {})).not.toContain('2023-03-02');
    expect(doc?.latestDay).toBe('2025-03-03');
  });

  it('on the first day of a month, the month figures restart while the last 7 days still count', () => {
    const f = eventFactory();
    const events = [
      f.groupEvent('group_created', f.group(CREATED)),
      f.thingCreated(f.thing('c1', 'creator', CREATED)),
      f.revenue('c1', 40, at('2025-03-31T23:59:59Z')),
    ];
    const view = viewOf(events, at('2025-04-01T00:00:00Z'));
    expect(view._computed).toMatchObject({
      eventsThisMonth: 0,
      revenueThisMonth: 0,
      isActive: false,
      eventsThisWeek: 1,
      avgRevenuePerUser: 0,
    });
    const march = viewOf(events, at('2025-03-31T23:59:59Z'));
    expect(march._computed).toMatchObject({ eventsThisMonth: 1, revenueThisMonth: 40, isActive: true, avgRevenuePerUser: 40 });
  });

  it('the week window moves by UTC day: an event 7 days before today moves to the previous week', () => {
    const f = eventFactory();
    const events = [
      f.groupEvent('group_created', f.group(CREATED)),
      f.client('user_login', { actorId: 'x', timestamp: at('2025-03-10T05:00:00Z') }),
    ];
    expect(viewOf(events, at('2025-03-16T23:59:59Z'))._computed).toMatchObject({
      eventsThisWeek: 1,
      eventsPreviousWeek: 0,
      trendingUp: true,
    });
    expect(viewOf(events, at('2025-03-17T00:00:00Z'))._computed).toMatchObject({
      eventsThisWeek: 0,
      eventsPreviousWeek: 1,
      trendingUp: false,
    });
  });

  it('gives zero ratios for a group without users or content', () => {
    const f = eventFactory();
    const view = viewOf([f.groupEvent('group_created', f.group(CREATED)), f.client('user_login', { timestamp: NOW - 1000 })]);
    expect(view._computed).toMatchObject({
      userCount: 0,
      avgEventsPerUser: 0,
      avgRevenuePerUser: 0,
      averageEngagementPerContent: 0,
      topContentByEngagement: [],
      eventsThisMonth: 1,
    });
  });

  it('fails with group_not_found before the group is known', () => {
    const f = eventFactory();
    const doc = foldEvents(projection, [f.thingCreated(f.thing('c1', 'creator', CREATED))]).get('g1') ?? null;
    const inputs = { activeUsers: 0, topContent: [], apiCallsThisMonth: 0, now: NOW };
    expect(groupMetricsView(doc, inputs)).toMatchObject({ ok: false, problem: { code: 'group_not_found' } });
    expect(groupMetricsView(null, inputs)).toMatchObject({ ok: false, problem: { code: 'group_not_found' } });
  });

  it('keeps the newest group snapshot whatever the order, and the same document for any order of events', () => {
    const { f, events } = world();
    const renamed = f.groupEvent('group_updated', f.group(CREATED, { name: 'Acme 2', updatedAt: CREATED + 99 }));
    const all = [...events, renamed];
    const forward = foldEvents(projection, all);
    expect(forward.get('g1')?.group?.name).toBe('Acme 2');
    expect(foldEvents(projection, [...all].reverse())).toEqual(forward);
  });

  it('a redelivered group event is harmless (snapshot); counters rely on the store position guard', () => {
    const f = eventFactory();
    const created = f.groupEvent('group_created', f.group(CREATED));
    const doc = foldEvents(projection, [created]).get('g1') ?? null;
    expect(projection.evolve(doc, created, 'g1')).toBe(doc);
    const thing = f.thingCreated(f.thing('c1', 'creator', CREATED));
    const twice = foldEvents(projection, [created, thing, thing]).get('g1');
    expect(twice?.totalEntities).toBe(2); // why the store guards redelivery by position
  });

  it('bounds the day buckets to the last BUCKET_DAYS_KEPT days of the latest event', () => {
    const f = eventFactory();
    const latest = at('2025-03-03T00:00:00Z');
    const events = [
      f.client('user_login', { timestamp: latest - (BUCKET_DAYS_KEPT - 1) * DAY_MS }), // oldest kept day
      f.client('user_login', { timestamp: latest - BUCKET_DAYS_KEPT * DAY_MS }), // one day too old
      f.client('user_login', { timestamp: latest }),
    ];
    for (const order of [events, [...events].reverse()]) {
      const doc = foldEvents(projection, order).get('g1');
      expect(Object.keys(doc?.days ?? {}).sort()).toEqual([
        new Date(latest - (BUCKET_DAYS_KEPT - 1) * DAY_MS).toISOString().slice(0, 10),
        '2025-03-03',
      ]);
      expect(doc?.totalEvents).toBe(3);
    }
  });

  it('counts api calls per group and UTC month from usage records, one document per month', () => {
    const usage = (amount: number, periodStart: number, metric: UsageMetric = 'api_calls_per_month') => ({
      ...eventFactory().envelope('usage_recorded', { timestamp: periodStart, data: { metric, amount, periodStart } }),
    });
    const docs = foldEvents(apiCallsProjection, [
      usage(5, at('2023-02-01T00:00:00Z')),
      usage(7, at('2023-03-01T00:00:00Z')),
      usage(3, at('2025-02-01T00:00:00Z')),
      usage(1, at('2025-02-01T00:00:00Z'), 'entities_total'),
    ]);
    expect([...docs.keys()]).toEqual([apiCallsKey('g1', '2023-02'), 'g1|2023-03', 'g1|2025-02']);
    expect(docs.get('g1|2025-02')).toEqual({ groupId: 'g1', month: '2025-02', calls: 3 });
    const noPeriod = eventFactory().envelope('usage_recorded', {
      timestamp: at('2025-03-09T00:00:00Z'),
      data: { metric: 'api_calls_per_month', amount: 2 },
    });
    expect(apiCallsProjection.keysOf(noPeriod)).toEqual(['g1|2025-03']);
  });

  it('does not touch group metrics for connections into non-content things or for unknown platform events', () => {
    const f = eventFactory();
    const c = f.connection('m1', 'p1', 'c1', 'following', CREATED);
    expect(projection.keysOf(f.connectionCreated(c, 'audience_member', 'creator'))).toEqual([]);
    expect(
      projection.keysOf(
        f.envelope('quota_threshold_crossed', {
          timestamp: CREATED,
          data: { metric: 'users', level: 'warning', current: 8, limit: 10, periodStart: 0 },
        }),
      ),
    ).toEqual([]);
  });
});
