import { DEFAULT_COMPOSITION } from '../vocabulary';
import { at, eventFactory } from './events.fixture';
import { foldEvents } from './projection';
import { thingProjection } from './thing.projection';
import { compareThingsNewestFirst, matchesThing, parseThingsQuery, thingsPage, type ThingsQuery } from './things-page';

const T = at('2025-03-01T00:00:00Z');

describe('things list', () => {
  const f = eventFactory();
  const things = [
    f.thing('t1', 'blog_post', T), f.thing('t2', 'video', T + 1), f.thing('t3', 'blog_post', T + 1, { status: 'draft' }), f.thing('t4', 'blog_post', T + 2),
  ];
  const docs = foldEvents(thingProjection(DEFAULT_COMPOSITION), [...things.map((t) => f.thingCreated(t)), f.thingDeleted(things[3], T + 5)]);
  const list = (raw: Parameters<typeof parseThingsQuery>[0]) => {
    const parsed = parseThingsQuery(raw);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const q: ThingsQuery = parsed.value;
    const rows = [...docs.values()].filter((d) => matchesThing(d, 'g1', q)).sort(compareThingsNewestFirst).slice(0, q.limit + 1);
    return thingsPage(q, rows);
  };

  it('lists live things newest first ({items, nextCursor, hasMore}), ties by id', () => {
    const first = list({ limit: '2' });
    expect(first.items.map((t) => t.id)).toEqual(['t3', 't2']);
    expect(first.hasMore).toBe(true);
    const second = list({ limit: '2', cursor: first.nextCursor ?? undefined });
    expect(second).toMatchObject({ hasMore: false, nextCursor: null });
    expect(second.items.map((t) => t.id)).toEqual(['t1']);
  });

  it('filters by type and status', () => {
    expect(list({ type: 'blog_post' }).items.map((t) => t.id)).toEqual(['t3', 't1']);
    expect(list({ type: 'blog_post', status: 'draft' }).items.map((t) => t.id)).toEqual(['t3']);
    expect(parseThingsQuery({ status: 'gone' })).toMatchObject({ ok: false, problem: { code: 'invalid_status', path: 'status' } });
    expect(list({}).items).toHaveLength(3);
  });
});
