import { DEFAULT_COMPOSITION } from '../vocabulary';
import { at, eventFactory, foldEntityLists } from './events.fixture';
import { foldEvents } from './projection';
import {
  connectionOfItem,
  mergeAscending,
  parseRelationshipsQuery,
  relationshipListsOf,
  relationshipsAfterKey,
  relationshipsPage,
  type RelationshipsParams,
  type RelationshipsQuery,
} from './relationships-page';
import type { Connection } from '../contracts/entities';
import { thingProjection } from './thing.projection';

const T = at('2025-03-01T00:00:00Z');

const world = () => {
  const f = eventFactory();
  const things = [
    f.thing('c1', 'creator', T),
    ...['p1', 'p2', 'p3'].map((id) => f.thing(id, 'audience_member', T)),
    f.thing('b1', 'blog_post', T),
  ];
  const follow = (i: number) => f.connection(`f${i}`, `p${i}`, 'c1', 'following', T + i);
  const events = [
    ...things.map((t) => f.thingCreated(t)),
    ...[1, 2, 3].map((i) => f.connectionCreated(follow(i), 'audience_member', 'creator')),
    f.connectionCreated(f.connection('a1', 'c1', 'b1', 'authored', T + 4), 'creator', 'blog_post'),
    f.connectionCreated(f.connection('s1', 'c1', 'c1', 'references', T + 5), 'creator', 'creator'), // legacy self-loop
    f.connectionDeleted(follow(2), 'audience_member', 'creator', T + 6),
  ];
  return { lists: foldEntityLists(events), things: foldEvents(thingProjection(DEFAULT_COMPOSITION), events) };
};

const query = (raw: RelationshipsParams): RelationshipsQuery => {
  const q = parseRelationshipsQuery(raw);
  if (!q.ok) throw new Error(q.problem.message);
  return q.value;
};

/** The store: read the query's lists after the cursor key, merge, skip offset, fetch limit + 1. */
const page = (raw: RelationshipsParams) => {
  const { lists, things } = world();
  const q = query(raw);
  const after = relationshipsAfterKey(q);
  const merged = mergeAscending(
    relationshipListsOf(q).map((l) => (lists.get(`c1/${l}`) ?? []).filter((i) => after === null || i.k > after)),
  );
  const rows = merged
    .slice(q.offset, q.offset + q.limit + 1)
    .map(connectionOfItem)
    .filter((c): c is Connection => c !== null);
  const c1 = things.get('c1');
  if (c1 === undefined) throw new Error('no c1');
  return relationshipsPage(c1, q, rows, things);
};

describe('relationships page', () => {
  it('lists both directions in one keyset order, the self-loop once, with exact total and related things', () => {
    const all = page({});
    expect(all).toMatchObject({ total: 4, count: 4, offset: 0, limit: 20, hasMore: false, nextCursor: null });
    expect(all.relationships.map((r) => [r.id, r.direction, r.related?.id])).toEqual([
      ['f1', 'inbound', 'p1'],
      ['f3', 'inbound', 'p3'],
      ['a1', 'outbound', 'b1'],
      ['s1', 'self', 'c1'],
    ]);
  });

  it('follows nextCursor page by page without repeating or skipping', () => {
    const first = page({ limit: '3' });
    expect(first).toMatchObject({ count: 3, hasMore: true, total: 4 });
    const second = page({ limit: '3', cursor: first.nextCursor });
    expect(second).toMatchObject({ count: 1, hasMore: false, nextCursor: null });
    expect([...first.relationships, ...second.relationships].map((r) => r.id)).toEqual(['f1', 'f3', 'a1', 's1']);
  });

  it('filters by direction and type on the server side, with totals from the counters', () => {
    expect(relationshipListsOf(query({ direction: 'inbound', relationshipType: 'following' }))).toEqual(['in:following']);
    expect(relationshipListsOf(query({}))).toEqual(['in', 'out']);
    expect(page({ direction: 'inbound' })).toMatchObject({ total: 3, count: 3 }); // f1, f3, s1
    expect(page({ direction: 'outbound' })).toMatchObject({ total: 2, count: 2 }); // a1, s1
    const following = page({ direction: 'both', relationshipType: 'following' });
    expect(following).toMatchObject({ total: 2, count: 2 });
    expect(following.relationships.every((r) => r.relationshipType === 'following')).toBe(true);
    expect(page({ relationshipType: 'references' })).toMatchObject({ total: 1, count: 1 });
    expect(page({ relationshipType: 'owns' })).toMatchObject({ total: 0, count: 0, relationships: [] });
  });

  it('still accepts the seed offset, but not together with a cursor', () => {
    expect(page({ offset: '2', limit: '1' }).relationships.map((r) => r.id)).toEqual(['a1']);
    const cursor = page({ limit: '1' }).nextCursor;
    expect(parseRelationshipsQuery({ offset: '1', cursor })).toMatchObject({ ok: false, problem: { code: 'invalid_pagination' } });
  });

  it('validates its parameters as Results', () => {
    expect(query({}).limit).toBe(20);
    expect(query({ limit: 1000 }).limit).toBe(100);
    expect(parseRelationshipsQuery({ direction: 'sideways' })).toMatchObject({
      ok: false,
      problem: { code: 'invalid_direction', path: 'direction' },
    });
    expect(parseRelationshipsQuery({ limit: '-1' })).toMatchObject({ ok: false, problem: { code: 'invalid_limit' } });
    expect(parseRelationshipsQuery({ offset: '-3' })).toMatchObject({ ok: false, problem: { code: 'invalid_offset' } });
    expect(parseRelationshipsQuery({ relationshipType: '' })).toMatchObject({ ok: false, problem: { code: 'invalid_relationship_type' } });
    const activityCursor = 'WyJhY3Rpdml0eSIsMSwiZSJd'; // ["activity",1,"e"]
    expect(parseRelationshipsQuery({ cursor: activityCursor })).toMatchObject({ ok: false, problem: { code: 'invalid_cursor' } });
  });

  it('merges lists in key order with each key once and ignores items without a connection', () => {
    expect(
      mergeAscending([
        [{ k: 'b' }, { k: 'd' }],
        [{ k: 'a' }, { k: 'b' }],
      ]).map((i) => i.k),
    ).toEqual(['a', 'b', 'd']);
    expect(connectionOfItem({ k: 'x' })).toBeNull();
    expect(connectionOfItem({ k: 'x', v: '{bad' })).toBeNull();
  });
});
