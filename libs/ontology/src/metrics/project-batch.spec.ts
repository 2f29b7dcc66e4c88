import { DEFAULT_COMPOSITION } from '../vocabulary';
import type { ActivePeopleDoc } from './active-people.projection';
import { at, eventFactory } from './events.fixture';
import type { GroupMetricsDoc } from './group-metrics.projection';
import { batchKeys, projectBatch, type EntityDoc, type Guarded, type PositionedEvent } from './project-batch';

const T = at('2025-03-01T00:00:00Z');
const STREAM = 'events-0';

/** Stored documents and lists, updated with a batch result the way the store does (lists as plain maps). */
const store = () => {
  const entities = new Map<string, EntityDoc>();
  const groups = new Map<string, Guarded<GroupMetricsDoc>>();
  const activePeople = new Map<string, Guarded<ActivePeopleDoc>>();
  const lists = new Map<string, Map<string, string | undefined>>();
  const apply = (events: readonly PositionedEvent[]) => {
    const result = projectBatch(DEFAULT_COMPOSITION, STREAM, events, { entities, groups, activePeople });
    const applyOps = (id: string, ops: readonly { op: 'add' | 'remove'; key: string; value?: string }[]) => {
      const m = lists.get(id) ?? new Map<string, string | undefined>();
      lists.set(id, m);
      for (const o of ops)
        if (o.op === 'add') m.set(o.key, o.value);
        else m.delete(o.key);
    };
    for (const [id, change] of result.entities) {
      entities.set(id, change.doc);
      for (const [list, ops] of change.listOps) applyOps(`${id}/${list}`, ops);
    }
    for (const [list, ops] of result.groupListOps) applyOps(list, ops);
    result.groups.forEach((g, id) => groups.set(id, g));
    result.activePeople.forEach((d, id) => activePeople.set(id, d));
    return result;
  };
  const snapshot = () => ({
    entities: new Map([...entities].map(([id, e]) => [id, { thing: e.thing, stats: e.stats }])),
    groups: new Map([...groups].map(([id, g]) => [id, g.doc])),
    activePeople: new Map([...activePeople].map(([id, d]) => [id, d.doc])),
    lists: new Map([...lists].map(([id, m]) => [id, [...m.keys()].sort().map((k) => [k, m.get(k)])])),
  });
  return { apply, snapshot };
};

const history = (): PositionedEvent[] => {
  const f = eventFactory();
  const creator = f.thing('c1', 'creator', T);
  const fan = f.thing('p1', 'audience_member', T);
  const post = f.thing('b1', 'blog_post', T);
  const follow = f.connection('k1', 'p1', 'c1', 'following', T + 1);
  return [
    f.groupEvent('group_created', f.group(T)),
    f.thingCreated(creator),
    f.thingCreated(fan),
    f.thingCreated(post),
    f.connectionCreated(follow, 'audience_member', 'creator'),
    f.connectionCreated(f.connection('k2', 'c1', 'b1', 'authored', T + 2), 'creator', 'blog_post'),
    f.revenue('c1', 10, T + 3),
    f.client('user_login', { actorId: 'p1', actorType: 'audience_member', timestamp: T + 4 }),
    f.connectionDeleted(follow, 'audience_member', 'creator', T + 5),
    f.thingUpdated({ ...post, status: 'published', updatedAt: T + 6 }, 100, 100),
  ].map((envelope, offset) => ({ envelope, offset }));
};

describe('a batch applied to the stored documents', () => {
  it('names the documents it needs: things, groups and active people', () => {
    const keys = batchKeys(history(), DEFAULT_COMPOSITION);
    expect([...keys.entities].sort()).toEqual(['b1', 'c1', 'p1']);
    expect(keys.groups).toEqual(['g1']);
    expect(keys.activePeople).toEqual(['g1']);
  });

  it('given the whole history in one batch or in several, then the documents and lists are the same', () => {
    const once = store();
    once.apply(history());
    const split = store();
    const events = history();
    split.apply(events.slice(0, 4));
    split.apply(events.slice(4, 7));
    split.apply(events.slice(7));
    expect(split.snapshot()).toEqual(once.snapshot());
    const s = once.snapshot();
    expect(s.entities.get('c1')).toMatchObject({
      thing: { inboundCount: 0, outboundByType: { authored: 1 } },
      stats: { totalEvents: 1, revenueMicros: 10e6 },
    });
    expect(s.lists.get('c1/in')).toEqual([]);
    expect(s.lists.get('c1/out:authored')).toHaveLength(1);
    expect(s.lists.get('things|g1|s|published')).toHaveLength(1);
    expect(s.groups.get('g1')).toMatchObject({ totalEntities: 3, userCount: 2, contentCount: 1, contentInboundCount: 1 });
  });

  it('when the batch is delivered again (same offsets), then nothing changes and nothing is written', () => {
    const s = store();
    s.apply(history());
    const before = s.snapshot();
    const again = s.apply(history());
    expect(again.entities.size).toBe(0);
    expect(again.groups.size).toBe(0);
    expect(again.groupListOps.size).toBe(0);
    expect(s.snapshot()).toEqual(before);
  });

  it('when a crash stopped a batch after some documents were written, then applying it again completes it exactly', () => {
    const clean = store();
    clean.apply(history());
    const crashed = store();
    const events = history();
    crashed.apply(events.slice(0, 6)); // as if only the first documents of the batch were written
    crashed.apply(events); // the redelivered batch from its first offset
    expect(crashed.snapshot()).toEqual(clean.snapshot());
  });
});
