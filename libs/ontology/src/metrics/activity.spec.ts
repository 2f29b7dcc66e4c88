import { DEFAULT_COMPOSITION } from '../vocabulary';
import { ACTIVITY_METADATA_MAX_BYTES, activityEntryOf } from './activity-entry';
import { activityBeforeKey, activityPage, parseActivityQuery, type ActivityQuery } from './activity-page';
import { at, eventFactory, foldEntityLists } from './events.fixture';
import { foldEvents } from './projection';
import { thingProjection } from './thing.projection';

const T = at('2025-03-01T00:00:00Z');

const world = () => {
  const f = eventFactory();
  const creator = f.thing('c1', 'creator', T);
  const fan = f.thing('p1', 'audience_member', T);
  const events = [
    f.thingCreated(creator),
    f.thingCreated(fan),
    f.client('profile_updated', { actorId: 'c1', targetId: 'c1', timestamp: T + 10, metadata: { field: 'bio' } }),
    f.client('content_event', { actorId: 'p1', targetId: 'c1', timestamp: T + 20, metadata: { action: 'liked' } }),
    f.client('user_login', { actorId: 'c1', timestamp: T + 20 }), // same timestamp: ordered by event id
    f.thingUpdated({ ...creator, name: 'New', updatedAt: T + 30 }, 120, 100, { name: { old: creator.name, new: 'New' } }),
  ];
  return { f, events, things: foldEvents(thingProjection(DEFAULT_COMPOSITION), events), lists: foldEntityLists(events) };
};

type World = ReturnType<typeof world>;

/** What the store does: read the `act` list from its end, before the cursor, limit + 1 items. */
const page = (w: World, thingId: string, q: ActivityQuery) => {
  const before = activityBeforeKey(q);
  const items = (w.lists.get(`${thingId}/act`) ?? [])
    .filter((i) => before === null || i.k < before)
    .reverse()
    .slice(0, q.limit + 1);
  const thing = w.things.get(thingId);
  if (thing === undefined) throw new Error(`no ${thingId}`);
  return activityPage(thing, q, items, w.things);
};

const query = (raw: Parameters<typeof parseActivityQuery>[0]) => {
  const q = parseActivityQuery(raw);
  if (!q.ok) throw new Error(q.problem.message);
  return q.value;
};

describe('activity', () => {
  it('makes one entry per thing named, once when the actor is the target', () => {
    const { lists } = world();
    const types = (id: string) => (lists.get(`${id}/act`) ?? []).map((i) => activityEntryOf(id, i).type).sort();
    expect(types('c1')).toEqual(['content_event', 'profile_updated', 'thing_created', 'thing_updated', 'user_login']);
    expect(types('p1')).toEqual(['content_event', 'thing_created']);
  });

  it('pages newest first with a cursor, totalEvents being the true total, each item with _actor and _target', () => {
    const w = world();
    const first = page(w, 'c1', query({ limit: '2' }));
    expect(first.totalEvents).toBe(5);
    expect(first.hasMore).toBe(true);
    expect(first.activity.map((a) => a.type)).toEqual(['thing_updated', 'user_login']);
    expect(first.activity[0].metadata).toEqual({ changes: { name: { old: 'creator c1', new: 'New' } } });
    const second = page(w, 'c1', query({ limit: 2, cursor: first.nextCursor }));
    expect(second.activity.map((a) => a.type)).toEqual(['content_event', 'profile_updated']);
    expect(second.activity[0]).toMatchObject({
      actorId: 'p1',
      targetId: 'c1',
      timestamp: T + 20,
      metadata: { action: 'liked' },
      _actor: { id: 'p1' },
      _target: { id: 'c1', name: 'New' },
    });
    const third = page(w, 'c1', query({ limit: 2, cursor: second.nextCursor }));
    expect(third).toMatchObject({ hasMore: false, nextCursor: null });
    expect(third.activity.map((a) => a.type)).toEqual(['thing_created']);
    expect(third.activity[0]).toMatchObject({ id: w.events[0].id, groupId: 'g1', recordedAt: T });
  });

  it('uses limit 50 by default, at most 100, and rejects bad limits and foreign cursors', () => {
    expect(query({}).limit).toBe(50);
    expect(query({ limit: '500' }).limit).toBe(100);
    expect(parseActivityQuery({ limit: '0' })).toMatchObject({ ok: false, problem: { code: 'invalid_limit', path: 'limit' } });
    expect(parseActivityQuery({ limit: '2.5' })).toMatchObject({ ok: false, problem: { code: 'invalid_limit' } });
    expect(parseActivityQuery({ cursor: 'not-a-cursor' })).toMatchObject({
      ok: false,
      problem: { code: 'invalid_cursor', path: 'cursor' },
    });
  });

  it('summarises platform data instead of copying whole documents', () => {
    const f = eventFactory();
    const c = f.connection('k1', 'p1', 'c1', 'following', T);
    const [item] = foldEntityLists([f.connectionCreated(c, 'audience_member', 'creator')]).get('c1/act') ?? [];
    expect(activityEntryOf('c1', item)).toMatchObject({
      thingId: 'c1',
      metadata: { connectionId: 'k1', relationshipType: 'following', fromThingId: 'p1', toThingId: 'c1' },
    });
  });

  it('does not copy very large metadata into the feed', () => {
    const f = eventFactory();
    const big = f.client('content_event', { actorId: 'p1', timestamp: T, metadata: { blob: 'x'.repeat(ACTIVITY_METADATA_MAX_BYTES) } });
    const [item] = foldEntityLists([big]).get('p1/act') ?? [];
    expect(activityEntryOf('p1', item).metadata).toEqual({ _truncated: true, bytes: ACTIVITY_METADATA_MAX_BYTES + 11 });
  });
});
