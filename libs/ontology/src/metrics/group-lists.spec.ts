import type { EventEnvelope } from '../contracts/event-map';
import { DEFAULT_COMPOSITION } from '../vocabulary';
import { at, eventFactory } from './events.fixture';
import { groupListEntriesOf, rankingListId, thingsListId, transitionOps } from './group-lists';
import { rankKey } from './list-keys';
import { evolveThing, type ThingDoc } from './thing.projection';
import { topContentFromRanking } from './top-content';

const T = at('2025-03-01T00:00:00Z');
const types = DEFAULT_COMPOSITION;

/** The states a thing document goes through while a batch is applied (before, then after each event). */
const statesOf = (id: string, start: ThingDoc | null, events: readonly EventEnvelope[]): (ThingDoc | null)[] => {
  const states: (ThingDoc | null)[] = [start];
  for (const e of events) states.push(evolveThing(types, states[states.length - 1], e, id));
  return states;
};

/** Lists as plain sets of `list\nkey\nvalue`, with ops applied in order. */
const applyTo = (lists: Set<string>, ops: ReturnType<typeof transitionOps>): void => {
  for (const { list, op } of ops) {
    for (const entry of [...lists]) if (entry.startsWith(`${list}\n${op.key}\n`)) lists.delete(entry);
    if (op.op === 'add') lists.add(`${list}\n${op.key}\n${op.value ?? ''}`);
  }
};
const expected = (doc: ThingDoc | null): Set<string> =>
  new Set(groupListEntriesOf(doc).map((e) => `${e.list}\n${e.key}\n${e.value ?? ''}`));

describe('group lists derived from thing documents', () => {
  const f = eventFactory();
  const post = f.thing('b1', 'blog_post', T);
  const created = f.thingCreated(post);
  const published = f.thingUpdated({ ...post, status: 'published', updatedAt: T + 5 }, 100, 100);
  const follow = f.connectionCreated(f.connection('k1', 'p1', 'b1', 'references', T + 6), 'video', 'blog_post');
  const deleted = f.thingDeleted({ ...post, status: 'published' }, T + 9);

  it('puts a live thing in the group lists of its type and status, and content in the ranking', () => {
    const doc = statesOf('b1', null, [created]).pop() ?? null;
    expect(groupListEntriesOf(doc).map((e) => e.list)).toEqual([
      'things|g1',
      'things|g1|t|blog_post',
      'things|g1|s|active',
      'things|g1|t|blog_post|s|active',
      'rank|g1',
    ]);
    expect(groupListEntriesOf(doc)[4]).toEqual({
      list: rankingListId('g1'),
      key: rankKey(0, T, 'b1'),
      value: JSON.stringify({ name: 'blog_post b1', type: 'blog_post' }),
    });
    expect(thingsListId('g1', null, 'draft')).toBe('things|g1|s|draft');
  });

  it('moves a thing between status lists and up the ranking, and drops it when deleted', () => {
    const lists = new Set<string>();
    const states = statesOf('b1', null, [created, published, follow]);
    applyTo(lists, transitionOps(states));
    expect(lists).toEqual(expected(states[states.length - 1]));
    expect([...lists].some((e) => e.startsWith(`rank|g1\n${rankKey(1, T, 'b1')}`))).toBe(true);
    applyTo(lists, transitionOps(statesOf('b1', states[states.length - 1], [deleted])));
    expect(lists.size).toBe(0);
  });

  it('emits nothing when the entries did not change (a counter of activity, a redelivery)', () => {
    const doc = statesOf('b1', null, [created]).pop() ?? null;
    const login = f.client('user_login', { actorId: 'p1', targetId: 'b1', timestamp: T + 1 });
    expect(transitionOps(statesOf('b1', doc, [login]))).toEqual([]);
  });

  it('repairs lists a crashed attempt left in any intermediate state of the batch', () => {
    const events = [created, published, follow, f.thingUpdated({ ...post, status: 'active', updatedAt: T + 7 }, 100, 100)];
    const states = statesOf('b1', null, events);
    for (let crashedAt = 1; crashedAt < states.length; crashedAt++) {
      const lists = expected(states[crashedAt]); // what the crashed attempt wrote
      applyTo(lists, transitionOps(states)); // the batch applied again from the stored state
      expect(lists).toEqual(expected(states[states.length - 1]));
    }
  });

  it('reads the top content from the end of the ranking: most connections, ties newest, at most 10', () => {
    const item = (count: number, createdAt: number, id: string) => ({
      k: rankKey(count, createdAt, id),
      v: JSON.stringify({ name: id, type: 'video' }),
    });
    const tail = [
      item(0, T + 9, 'z'),
      item(2, T, 'a'),
      item(1, T + 1, 'b'),
      item(1, T + 2, 'c'),
      ...Array.from({ length: 9 }, (_, i) => item(0, T, `n${i}`)),
    ];
    const top = topContentFromRanking(tail);
    expect(top).toHaveLength(10);
    expect(top.slice(0, 4).map((t) => [t.entityId, t.connectionCount])).toEqual([
      ['a', 2],
      ['c', 1],
      ['b', 1],
      ['z', 0],
    ]);
    expect(top[0]).toEqual({ entityId: 'a', name: 'a', type: 'video', connectionCount: 2, createdAt: T });
  });
});
