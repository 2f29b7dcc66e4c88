import { DEFAULT_COMPOSITION } from '../vocabulary';
import { at, eventFactory } from './events.fixture';
import { foldEvents } from './projection';
import { evolveThing, thingProjection, type ThingDoc } from './thing.projection';

const projection = thingProjection(DEFAULT_COMPOSITION);
const T = at('2025-03-10T12:00:00Z');

const setup = () => {
  const f = eventFactory();
  const creator = f.thing('c1', 'creator', T);
  const fan = f.thing('p1', 'audience_member', T + 1);
  const post = f.thing('b1', 'blog_post', T + 2);
  const follows = f.connection('k1', 'p1', 'c1', 'following', T + 10);
  const authored = f.connection('k2', 'c1', 'b1', 'authored', T + 11);
  return { f, creator, fan, post, follows, authored };
};

const fold = (events: Parameters<typeof foldEvents>[1]) => foldEvents(projection, events);

describe('thing projection', () => {
  it('given a created thing, then the document holds it, live, with its flags', () => {
    const { f, creator } = setup();
    const doc = fold([f.thingCreated(creator)]).get('c1');
    expect(doc).toMatchObject({
      id: 'c1',
      groupId: 'g1',
      thing: creator,
      type: 'creator',
      status: 'active',
      live: true,
      isPerson: true,
      isContent: false,
      createdAt: T,
      deletedAt: null,
    });
  });

  it('given connections, then each end counts its live inbound or outbound connections by type', () => {
    const { f, creator, fan, post, follows, authored } = setup();
    const docs = fold([
      f.thingCreated(creator),
      f.thingCreated(fan),
      f.thingCreated(post),
      f.connectionCreated(follows, 'audience_member', 'creator'),
      f.connectionCreated(authored, 'creator', 'blog_post'),
    ]);
    expect(docs.get('c1')).toMatchObject({
      inboundCount: 1,
      outboundCount: 1,
      inboundByType: { following: 1 },
      outboundByType: { authored: 1 },
    });
    expect(docs.get('p1')).toMatchObject({ inboundCount: 0, outboundCount: 1, outboundByType: { following: 1 } });
    expect(docs.get('b1')).toMatchObject({ inboundCount: 1, inboundByType: { authored: 1 }, isContent: true });
  });

  it('when a connection is deleted, then it stops counting at both ends', () => {
    const { f, creator, fan, follows } = setup();
    const docs = fold([
      f.thingCreated(creator),
      f.thingCreated(fan),
      f.connectionCreated(follows, 'audience_member', 'creator'),
      f.connectionDeleted(follows, 'audience_member', 'creator', T + 20),
    ]);
    expect(docs.get('c1')).toMatchObject({ inboundCount: 0, inboundByType: {} });
    expect(docs.get('p1')).toMatchObject({ outboundCount: 0, outboundByType: {} });
  });

  it('given a self-referencing connection, then it counts once inbound, once outbound and once as a self-loop', () => {
    const { f, creator } = setup();
    const loop = f.connection('k9', 'c1', 'c1', 'references', T + 5);
    const event = f.connectionCreated(loop, 'creator', 'creator');
    expect(projection.keysOf(event)).toEqual(['c1']);
    const doc = fold([f.thingCreated(creator), event]).get('c1');
    expect(doc).toMatchObject({ inboundCount: 1, outboundCount: 1, selfLoopCount: 1, selfLoopByType: { references: 1 } });
  });

  it('counts an event naming the thing as both actor and target once in its activity', () => {
    const { f, creator } = setup();
    const selfEvent = f.client('profile_updated', { actorId: 'c1', targetId: 'c1', timestamp: T + 3 });
    expect(projection.keysOf(selfEvent)).toEqual(['c1']);
    const doc = fold([f.thingCreated(creator), selfEvent, f.client('user_login', { actorId: 'c1', timestamp: T + 4 })]).get('c1');
    // thing_created (target) + profile_updated (actor and target, once) + user_login (actor)
    expect(doc?.activityCount).toBe(3);
  });

  it('counts a connection event in the activity of its target (toThingId) only', () => {
    const { f, creator, fan, follows } = setup();
    const docs = fold([f.thingCreated(creator), f.thingCreated(fan), f.connectionCreated(follows, 'audience_member', 'creator')]);
    expect(docs.get('c1')?.activityCount).toBe(2);
    expect(docs.get('p1')?.activityCount).toBe(1);
  });

  it('when the thing is updated then deleted, then the newest state is kept and it is no longer live', () => {
    const { f, creator } = setup();
    const renamed = { ...creator, name: 'Renamed', updatedAt: T + 50 };
    const doc = fold([f.thingCreated(creator), f.thingUpdated(renamed, 120, 100), f.thingDeleted(renamed, T + 60)]).get('c1');
    expect(doc).toMatchObject({ live: false, deletedAt: T + 60, thing: { name: 'Renamed', deletedAt: T + 60 } });
  });

  it('given the events in reverse order (a rebuild reading archive then hot store), then the document is the same', () => {
    const { f, creator, fan, follows } = setup();
    const renamed = { ...creator, name: 'Renamed', updatedAt: T + 50 };
    const events = [
      f.thingCreated(creator),
      f.thingCreated(fan),
      f.connectionCreated(follows, 'audience_member', 'creator'),
      f.client('user_login', { actorId: 'c1', timestamp: T + 30 }),
      f.thingUpdated(renamed, 120, 100),
      f.connectionDeleted(follows, 'audience_member', 'creator', T + 55),
      f.thingDeleted(renamed, T + 60),
    ];
    expect(fold([...events].reverse())).toEqual(fold(events));
  });

  it('given an event naming a thing before its thing_created, then a stub is kept that reads as not live', () => {
    const { f } = setup();
    const doc = fold([f.client('user_login', { actorId: 'c1', timestamp: T })]).get('c1') as ThingDoc;
    expect(doc).toMatchObject({ thing: null, live: false, activityCount: 1 });
  });

  it('applying the same thing_created or thing_deleted twice changes nothing (idempotent snapshot)', () => {
    const { f, creator } = setup();
    const created = f.thingCreated(creator);
    const deleted = f.thingDeleted(creator, T + 9);
    const once = evolveThing(DEFAULT_COMPOSITION, evolveThing(DEFAULT_COMPOSITION, null, created, 'c1'), deleted, 'c1');
    const twice = evolveThing(DEFAULT_COMPOSITION, once, deleted, 'c1');
    expect({ ...twice, activityCount: 0 }).toEqual({ ...once, activityCount: 0 });
    // Counters are not idempotent: the activity count of a redelivered event is kept out by the store's position guard.
    expect(twice.activityCount).toBe(once.activityCount + 1);
  });

  it('ignores group events (no keys)', () => {
    const { f } = setup();
    expect(projection.keysOf(f.groupEvent('group_created', f.group(T)))).toEqual([]);
  });
});
