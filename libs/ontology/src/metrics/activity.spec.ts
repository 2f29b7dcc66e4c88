import { DEFAULT_COMPOSITION } from '../vocabulary';
import { activityPage, compareActivity, matchesActivity, parseActivityQuery, type ActivityQuery } from './activity-page';
import { activityProjection, evolveActivity, type ActivityEntryDoc } from './activity.projection';
import { at, eventFactory } from './events.fixture';
import { foldEvents } from './projection';
import { thingProjection } from './thing.projection';

const T = at('2025-03-01T00:00:00Z');

const world = () => {
  const f = eventFactory();
  const creator = f.thing('c1', 'creator', T);
  const fan = f.thing('p1', 'audience_member', T);
  const events = [
    f.thingCreated(creator), f.thingCreated(fan),
    f.client('profile_updated', { actorId: 'c1', targetId: 'c1', timestamp: T + 10, metadata: { field: 'bio' } }),
    f.client('content_event', { actorId: 'p1', targetId: 'c1', timestamp: T + 20, metadata: { action: 'liked' } }),
    f.client('user_login', { actorId: 'c1', timestamp: T + 20 }), // same timestamp: ordered by event id
    f.thingUpdated({ ...creator, name: 'New', updatedAt: T + 30 }, 120, 100, { name: { old: creator.name, new: 'New' } }),
  ];
  const entries = foldEvents(activityProjection, events);
  const things = foldEvents(thingProjection(DEFAULT_COMPOSITION), events);
  return { events, entries, things };
};

/** What the store does: filter, sort newest first, fetch limit + 1. */
const fetch = (entries: Map<string, ActivityEntryDoc>, thingId: string, q: ActivityQuery) =>
  [...entries.values()].filter((e) => matchesActivity(e, thingId, q)).sort(compareActivity).slice(0, q.limit + 1);

const query = (raw: Parameters<typeof parseActivityQuery>[0]) => {
  const q = parseActivityQuery(raw);
  if (!q.ok) throw new Error(q.problem.message);
  return q.value;
};

describe('activity', () => {
  it('makes one entry per thing named, once when the actor is the target', () => {
    const { entries } = world();
    const ofC1 = [...entries.values()].filter((e) => e.thingId === 'c1');
    expect(ofC1.map((e) => e.type).sort()).toEqual(['content_event', 'profile_updated', 'thing_created', 'thing_updated', 'user_login']);
    expect([...entries.values()].filter((e) => e.thingId === 'p1').map((e) => e.type).sort()).toEqual(['content_event', 'thing_created']);
  });

  it('pages newest first with a cursor, totalEvents being the true total, each item with _actor and _target', () => {
    const { entries, things } = world();
    const c1 = things.get('c1');
    if (c1 === undefined) throw new Error('no c1');
    const first = activityPage(c1, query({ limit: '2' }), fetch(entries, 'c1', query({ limit: '2' })), things);
    expect(first.totalEvents).toBe(5);
    expect(first.hasMore).toBe(true);
    expect(first.activity.map((a) => a.type)).toEqual(['thing_updated', 'user_login']);
    expect(first.activity[0].metadata).toEqual({ changes: { name: { old: 'creator c1', new: 'New' } } });
    const q2 = query({ limit: 2, cursor: first.nextCursor });
    const second = activityPage(c1, q2, fetch(entries, 'c1', q2), things);
    expect(second.activity.map((a) => a.type)).toEqual(['content_event', 'profile_updated']);
    expect(second.activity[0]).toMatchObject({ actorId: 'p1', targetId: 'c1', metadata: { action: 'liked' }, _actor: { id: 'p1' }, _target: { id: 'c1', name: 'New' } });
    const q3 = query({ limit: 2, cursor: second.nextCursor });
    const third = activityPage(c1, q3, fetch(entries, 'c1', q3), things);
    expect(third).toMatchObject({ hasMore: false, nextCursor: null });
    expect(third.activity.map((a) => a.type)).toEqual(['thing_created']);
  });

  it('uses limit 50 by default, at most 100, and rejects bad limits and foreign cursors', () => {
    expect(query({}).limit).toBe(50);
    expect(query({ limit: '500' }).limit).toBe(100);
    expect(parseActivityQuery({ limit: '0' })).toMatchObject({ ok: false, problem: { code: 'invalid_limit', path: 'limit' } });
    expect(parseActivityQuery({ limit: '2.5' })).toMatchObject({ ok: false, problem: { code: 'invalid_limit' } });
    expect(parseActivityQuery({ cursor: 'not-a-cursor' })).toMatchObject({ ok: false, problem: { code: 'invalid_cursor', path: 'cursor' } });
  });

  it('entries are immutable: applying an event twice keeps the first entry', () => {
    const f = eventFactory();
    const e = f.client('user_login', { actorId: 'c1', timestamp: T });
    const [key] = activityProjection.keysOf(e);
    const doc = evolveActivity(null, e, key);
    expect(evolveActivity(doc, e, key)).toBe(doc);
  });

  it('summarises platform data instead of copying whole documents', () => {
    const f = eventFactory();
    const c = f.connection('k1', 'p1', 'c1', 'following', T);
    const entries = foldEvents(activityProjection, [f.connectionCreated(c, 'audience_member', 'creator')]);
    expect([...entries.values()]).toEqual([
      expect.objectContaining({ thingId: 'c1', metadata: { connectionId: 'k1', relationshipType: 'following', fromThingId: 'p1', toThingId: 'c1' } }),
    ]);
  });
});
