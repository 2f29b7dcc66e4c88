import { DAY_MS } from '../shared/clock';
import { DEFAULT_COMPOSITION } from '../vocabulary';
import { creatorStatsProjection, evolveCreatorStats } from './creator-stats.projection';
import { creatorStatsView } from './creator-stats-view';
import { at, eventFactory } from './events.fixture';
import { foldEvents } from './projection';
import { thingProjection } from './thing.projection';

const CREATED = at('2025-01-01T00:00:00Z');
const NOW = at('2025-03-15T18:00:00Z');

/** A creator with 3 followers (one later unfollows), 2 pieces of content (one deleted), and events. */
const world = () => {
  const f = eventFactory();
  const creator = f.thing('c1', 'creator', CREATED);
  const fans = ['p1', 'p2', 'p3'].map((id, i) => f.thing(id, 'audience_member', CREATED + i + 1));
  const posts = ['b1', 'b2', 'b3'].map((id, i) => f.thing(id, 'blog_post', CREATED + 10 + i));
  const follows = fans.map((p, i) => f.connection(`f${i}`, p.id, 'c1', 'following', CREATED + 20 + i));
  const authored = posts.map((b, i) => f.connection(`a${i}`, 'c1', b.id, 'authored', CREATED + 30 + i));
  const events = [
    f.thingCreated(creator),
    ...fans.map((t) => f.thingCreated(t)),
    ...posts.map((t) => f.thingCreated(t)),
    ...follows.map((c) => f.connectionCreated(c, 'audience_member', 'creator')),
    ...authored.map((c) => f.connectionCreated(c, 'creator', 'blog_post')),
    f.connectionDeleted(follows[2], 'audience_member', 'creator', CREATED + 40),
    // deleting a post deletes its connections first
    f.connectionDeleted(authored[2], 'creator', 'blog_post', CREATED + 41),
    f.thingDeleted(posts[2], CREATED + 41),
    f.revenue('c1', 10.1, at('2025-03-01T10:00:00Z')),
    f.revenue('c1', 0.2, at('2025-03-14T10:00:00Z')),
    f.revenue('c1', 5, at('2023-06-01T00:00:00Z'), { recordedAt: at('2025-03-14T11:00:00Z'), currency: 'EUR' }),
    f.client('user_login', { actorId: 'c1', actorType: 'creator', timestamp: at('2025-03-10T09:00:00Z') }),
    f.revenue('p1', 99, at('2025-03-02T00:00:00Z'), { actorType: 'audience_member' }),
  ];
  return { f, events };
};

const read = (events: ReturnType<typeof world>['events'], now = NOW) => {
  const things = foldEvents(thingProjection(DEFAULT_COMPOSITION), events);
  const stats = foldEvents(creatorStatsProjection, events);
  return creatorStatsView(things.get('c1') ?? null, stats.get('c1') ?? null, now, 'c1');
};

describe('creator stats', () => {
  it('computes every figure of SPEC §4 from the read models', () => {
    const { events } = world();
    const result = read(events);
    if (!result.ok) throw new Error(result.problem.message);
    expect(result.value).toMatchObject({ id: 'c1', type: 'creator', name: 'creator c1' });
    expect(result.value._computed).toEqual({
      totalRevenue: 15.3, // 10.1 + 0.2 + 5 (backdated, still all-time), exact in micro-units
      revenueByCurrency: { USD: 10.3, EUR: 5 },
      totalFollowers: 2, // the unfollow stopped counting
      contentCount: 2, // the deleted post stopped counting
      lastActive: at('2025-03-14T10:00:00Z'), // the backdated event does not move it back
      averageEngagement: 1,
      totalEvents: 4,
      eventsByType: { revenue_generated: 3, user_login: 1 },
      isActive: true,
      accountAge: 73, // whole days from Jan 1 00:00 to Mar 15 18:00
      revenuePerContent: 7.65,
      lastComputed: NOW,
    });
  });

  it.each([
    [2, 0, 0, 0],
    [2, 3, 0.67, 4],
    [1, 3, 0.33, 4],
    [5, 2, 2.5, 6],
  ])(
    'given %i followers and %i pieces of content, averageEngagement is %s (round2, 0 without content)',
    (followers, content, expected, perContent) => {
      const f = eventFactory();
      const fans = Array.from({ length: followers }, (_, i) => f.thing(`p${i}`, 'audience_member', CREATED));
      const posts = Array.from({ length: content }, (_, i) => f.thing(`b${i}`, 'blog_post', CREATED));
      const events = [
        f.thingCreated(f.thing('c1', 'creator', CREATED)),
        ...fans.map((t) => f.thingCreated(t)),
        ...posts.map((t) => f.thingCreated(t)),
        ...fans.map((p, i) => f.connectionCreated(f.connection(`f${i}`, p.id, 'c1', 'following', CREATED), 'audience_member', 'creator')),
        ...posts.map((b, i) => f.connectionCreated(f.connection(`a${i}`, 'c1', b.id, 'authored', CREATED), 'creator', 'blog_post')),
        f.revenue('c1', 12, CREATED),
      ];
      const r = read(events);
      expect(r.ok && r.value._computed).toMatchObject({
        totalFollowers: followers,
        contentCount: content,
        averageEngagement: expected,
        revenuePerContent: perContent,
      });
    },
  );

  it('isActive holds while the last event is less than 30 days old, and lastActive is null without events', () => {
    const f = eventFactory();
    const creator = f.thing('c1', 'creator', CREATED);
    const last = at('2025-02-13T18:00:00Z');
    const events = [f.thingCreated(creator), f.client('user_login', { actorId: 'c1', actorType: 'creator', timestamp: last })];
    const just = read(events, last + 30 * DAY_MS - 1);
    const over = read(events, last + 30 * DAY_MS);
    expect(just.ok && just.value._computed.isActive).toBe(true);
    expect(over.ok && over.value._computed.isActive).toBe(false);
    const none = read([f.thingCreated(creator)]);
    expect(none.ok && none.value._computed).toMatchObject({
      lastActive: null,
      isActive: false,
      totalEvents: 0,
      totalRevenue: 0,
      eventsByType: {},
    });
  });

  it('accountAge counts whole days: 0 until a full day has passed', () => {
    const f = eventFactory();
    const events = [f.thingCreated(f.thing('c1', 'creator', CREATED))];
    const r1 = read(events, CREATED + DAY_MS - 1);
    const r2 = read(events, CREATED + DAY_MS);
    expect(r1.ok && r1.value._computed.accountAge).toBe(0);
    expect(r2.ok && r2.value._computed.accountAge).toBe(1);
  });

  it('fails with creator_not_found for an unknown, deleted or non-person thing', () => {
    const f = eventFactory();
    const creator = f.thing('c1', 'creator', CREATED);
    expect(read([])).toMatchObject({ ok: false, problem: { code: 'creator_not_found' } });
    expect(read([f.thingCreated(creator), f.thingDeleted(creator, CREATED + 5)])).toMatchObject({
      ok: false,
      problem: { code: 'creator_not_found' },
    });
    expect(read([f.thingCreated(f.thing('c1', 'blog_post', CREATED))])).toMatchObject({
      ok: false,
      problem: { code: 'creator_not_found' },
    });
  });

  it('counts client events only: platform events naming the creator as target do not count', () => {
    const { f } = world();
    const creator = f.thing('c1', 'creator', CREATED);
    expect(creatorStatsProjection.keysOf(f.thingCreated(creator))).toEqual([]);
    expect(creatorStatsProjection.keysOf(f.client('user_login', { targetId: 'c1', timestamp: CREATED }))).toEqual([]);
  });

  it('lastActive is a max (idempotent); the sums of a redelivered event rely on the position guard', () => {
    const { f } = world();
    const e = f.revenue('c1', 2, CREATED);
    const once = evolveCreatorStats(null, e);
    const twice = evolveCreatorStats(once, e);
    expect(twice?.lastActive).toBe(once?.lastActive);
    expect(twice?.revenueMicros).toBe(4_000_000);
  });

  it('gives the same stats whatever order the events are applied in', () => {
    const { events } = world();
    expect(foldEvents(creatorStatsProjection, [...events].reverse())).toEqual(foldEvents(creatorStatsProjection, events));
  });
});
