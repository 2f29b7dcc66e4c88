import { DEFAULT_COMPOSITION } from '../vocabulary';
import { at, eventFactory } from './events.fixture';
import { groupListEntriesOf } from './group-lists';
import { foldEvents } from './projection';
import { thingProjection } from './thing.projection';
import { parseThingsQuery, thingsBeforeKey, thingsListOf, thingsPage, type ThingsQuery } from './things-page';

const T = at('2025-03-01T00:00:00Z');

describe('things list', () => {
  const f = eventFactory();
  const things = [
    f.thing('t1', 'blog_post', T),
    f.thing('t2', 'video', T + 1),
    f.thing('t3', 'blog_post', T + 1, { status: 'draft' }),
    f.thing('t4', 'blog_post', T + 2),
  ];
  const docs = foldEvents(thingProjection(DEFAULT_COMPOSITION), [
    ...things.map((t) => f.thingCreated(t)),
    f.thingDeleted(things[3], T + 5),
  ]);
  /** The group lists as the store keeps them: the entries of every thing document. */
  const lists = new Map<string, string[]>();
  for (const doc of docs.values()) for (const e of groupListEntriesOf(doc)) lists.set(e.list, [...(lists.get(e.list) ?? []), e.key].sort());

  const list = (raw: Parameters<typeof parseThingsQuery>[0]) => {
    const parsed = parseThingsQuery(raw);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const q: ThingsQuery = parsed.value;
    const before = thingsBeforeKey(q);
    const keys = (lists.get(thingsListOf('g1', q)) ?? [])
      .filter((k) => before === null || k < before)
      .reverse()
      .slice(0, q.limit + 1);
    return thingsPage(q, keys, docs);
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
    expect(thingsListOf('g1', { type: 'blog_post', status: 'draft' })).toBe('things|g1|t|blog_post|s|draft');
    expect(list({ type: 'blog_post' }).items.map((t) => t.id)).toEqual(['t3', 't1']);
    expect(list({ type: 'blog_post', status: 'draft' }).items.map((t) => t.id)).toEqual(['t3']);
    expect(parseThingsQuery({ status: 'gone' })).toMatchObject({ ok: false, problem: { code: 'invalid_status', path: 'status' } });
    expect(list({}).items).toHaveLength(3);
  });

  it('leaves out a thing that is no longer live when its document is read', () => {
    const q = { type: null, status: null, limit: 5, before: null };
    const keys = [...(lists.get('things|g1') ?? [])].reverse();
    const gone = new Map(docs);
    gone.set('t3', { ...docs.get('t3')!, live: false });
    expect(thingsPage(q, keys, gone).items.map((t) => t.id)).toEqual(['t2', 't1']);
  });
});
