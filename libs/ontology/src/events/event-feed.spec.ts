import type { EventEnvelope } from '../contracts/event-map';
import { checkFeedRange, feedEventOf, mergeFeedDay } from './event-feed';

const event = (id: string, timestamp: number, extra: Partial<EventEnvelope> = {}): EventEnvelope =>
  ({
    id,
    type: 'content_viewed',
    groupId: 'g',
    rootGroupId: 'g',
    timestamp,
    recordedAt: timestamp + 5,
    data: { metadata: { n: 1 } },
    schemaVersion: 1,
    ...extra,
  }) as EventEnvelope;

const ids = (events: readonly EventEnvelope[]): string[] => events.map((e) => e.id);

describe('mergeFeedDay', () => {
  const hot = [event('b', 200), event('a', 100), event('c', 200)];
  const archived = [event('a', 100), event('z', 50)];

  it('given an event in both tiers, returns it once, newest first and by id on a tie', () => {
    expect(ids(mergeFeedDay([hot, archived], {}, 'desc'))).toEqual(['c', 'b', 'a', 'z']);
  });

  it('returns oldest first for asc', () => {
    expect(ids(mergeFeedDay([hot, archived], {}, 'asc'))).toEqual(['z', 'a', 'b', 'c']);
  });

  it('resumes strictly after a position, within a tie on time', () => {
    expect(ids(mergeFeedDay([hot, archived], {}, 'desc', { timestamp: 200, id: 'c' }))).toEqual(['b', 'a', 'z']);
    expect(ids(mergeFeedDay([hot, archived], {}, 'asc', { timestamp: 200, id: 'b' }))).toEqual(['c']);
  });

  it('keeps [from, to), the type, the actor and the target', () => {
    const mixed = [
      event('p', 10, { type: 'user_login', actorId: 'u1' }),
      event('q', 20, { actorId: 'u2', targetId: 't1' }),
      event('r', 30, { actorId: 'u1', targetId: 't1' }),
    ];
    expect(ids(mergeFeedDay([mixed], { from: 20, to: 30 }, 'desc'))).toEqual(['q']);
    expect(ids(mergeFeedDay([mixed], { type: 'user_login' }, 'desc'))).toEqual(['p']);
    expect(ids(mergeFeedDay([mixed], { actorId: 'u1' }, 'desc'))).toEqual(['r', 'p']);
    expect(ids(mergeFeedDay([mixed], { actorId: 'u1', targetId: 't1' }, 'desc'))).toEqual(['r']);
  });
});

describe('feedEventOf', () => {
  it("answers a client event's metadata and a platform event's data, without the envelope's internals", () => {
    expect(feedEventOf(event('a', 1, { actorId: 'u' }))).toEqual({
      id: 'a',
      type: 'content_viewed',
      groupId: 'g',
      actorId: 'u',
      timestamp: 1,
      recordedAt: 6,
      metadata: { n: 1 },
    });
    const archived = { count: 1, cutoff: 0, objectKeys: ['k'], runId: 'r' };
    expect(feedEventOf(event('b', 1, { type: 'events_archived', data: archived } as Partial<EventEnvelope>)).metadata).toEqual(archived);
  });
});

describe('checkFeedRange', () => {
  it('refuses from after to, on from', () => {
    expect(checkFeedRange({ from: 5, to: 4 })).toMatchObject({ ok: false, problem: { code: 'validation_failed', path: 'from' } });
    expect(checkFeedRange({ from: 4, to: 4 }).ok).toBe(true);
  });
});
