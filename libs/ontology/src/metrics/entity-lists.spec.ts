import { entityListConfig, entityListOpsOf } from './entity-lists';
import { at, eventFactory, foldEntityLists } from './events.fixture';
import { timeKey, timeKeyAt, timeKeyId } from './list-keys';

const T = at('2025-03-01T00:00:00Z');

describe('thing lists changed by events', () => {
  const f = eventFactory();

  it('adds an event to the activity of its actor and its target, once when they are the same thing', () => {
    const e = f.client('content_event', { actorId: 'p1', targetId: 'b1', timestamp: T });
    const value = expect.stringContaining('"type":"content_event"');
    expect(entityListOpsOf(e)).toEqual([
      { entityId: 'p1', list: 'act', op: { op: 'add', key: timeKey(T, e.id), value } },
      { entityId: 'b1', list: 'act', op: { op: 'add', key: timeKey(T, e.id), value } },
    ]);
    expect(entityListOpsOf(f.client('profile_updated', { actorId: 'p1', targetId: 'p1', timestamp: T }))).toHaveLength(1);
    expect(entityListOpsOf(f.groupEvent('group_created', f.group(T)))).toEqual([]);
  });

  it('keeps a connection in the in/out lists of both ends, per type too, and removes it on deletion', () => {
    const c = f.connection('k1', 'p1', 'c1', 'following', T);
    const created = f.connectionCreated(c, 'audience_member', 'creator');
    const lists = foldEntityLists([created]);
    expect([...lists.keys()].sort()).toEqual(['c1/act', 'c1/in', 'c1/in:following', 'p1/out', 'p1/out:following']);
    expect(JSON.parse(lists.get('c1/in')?.[0]?.v ?? '{}')).toEqual(c);
    const after = foldEntityLists([created, f.connectionDeleted(c, 'audience_member', 'creator', T + 5)]);
    expect(after.get('c1/in')).toEqual([]);
    expect(after.get('p1/out:following')).toEqual([]);
    expect(after.get('c1/act')).toHaveLength(2); // both events stay in the feed
  });

  it('lists a self-loop in both directions of the one thing', () => {
    const loop = foldEntityLists([f.connectionCreated(f.connection('s1', 'c1', 'c1', 'references', T), 'creator', 'creator')]);
    expect(loop.get('c1/in')).toHaveLength(1);
    expect(loop.get('c1/out')).toHaveLength(1);
  });

  it('links knowledge to its source thing', () => {
    const ops = entityListOpsOf(
      f.knowledgeAdded({ id: 'n1', groupId: 'g1', knowledgeType: 'label', sourceThingId: 'b1', createdAt: T }, 4),
    );
    expect(ops).toContainEqual({ entityId: 'b1', list: 'kn', op: { op: 'add', key: timeKey(T, 'n1') } });
  });

  it('uses keys that sort like (time, id) and configs sized per list', () => {
    expect(timeKey(5, 'b') < timeKey(10, 'a')).toBe(true);
    expect(timeKey(5, 'a') < timeKey(5, 'ab')).toBe(true);
    expect([timeKeyAt(timeKey(T, 'x|y')), timeKeyId(timeKey(T, 'x|y'))]).toEqual([T, 'x|y']);
    expect(entityListConfig('act').tailMax).toBeGreaterThan(entityListConfig('in:following').tailMax);
  });
});
