import { at, eventFactory } from './events.fixture';
import { foldEvents } from './projection';
import { connectionProjection, evolveConnection } from './connection.projection';

const T = at('2025-03-01T00:00:00Z');

describe('connection projection', () => {
  const f = eventFactory();
  const c = f.connection('k1', 'p1', 'c1', 'following', T);
  const created = f.connectionCreated(c, 'audience_member', 'creator');
  const deleted = f.connectionDeleted(c, 'audience_member', 'creator', T + 500);

  it('given a created connection, then it is live with its endpoints at the top level', () => {
    expect(foldEvents(connectionProjection, [created]).get('k1')).toEqual({
      id: 'k1', groupId: 'g1', connection: c, fromThingId: 'p1', toThingId: 'c1', relationshipType: 'following', createdAt: T, deletedAt: null, live: true,
    });
  });

  it('when it is deleted, then it is kept with deletedAt and no longer live, in either order', () => {
    const forward = foldEvents(connectionProjection, [created, deleted]).get('k1');
    expect(forward).toMatchObject({ live: false, deletedAt: T + 500, connection: { deletedAt: T + 500 } });
    expect(foldEvents(connectionProjection, [deleted, created]).get('k1')).toEqual(forward);
  });

  it('is idempotent: a redelivered creation or deletion returns the same document', () => {
    const doc = evolveConnection(null, created);
    expect(evolveConnection(doc, created)).toBe(doc);
    const gone = evolveConnection(doc, deleted);
    expect(evolveConnection(gone, deleted)).toBe(gone);
  });

  it('touches only connection events', () => {
    expect(connectionProjection.keysOf(f.thingCreated(f.thing('c1', 'creator', T)))).toEqual([]);
    expect(connectionProjection.keysOf(created)).toEqual(['k1']);
  });
});
