import { DEFAULT_COMPOSITION } from '../vocabulary';
import { activeDayKeys, activePeopleProjection, countActivePeople } from './active-people.projection';
import { at, eventFactory } from './events.fixture';
import { foldEvents } from './projection';

const projection = activePeopleProjection(DEFAULT_COMPOSITION);
const NOW = at('2025-03-03T10:00:00Z');

describe('active people', () => {
  const f = eventFactory();
  const act = (actorId: string, actorType: string, iso: string, recordedAt = NOW - 1000) =>
    f.client('user_login', { actorId, actorType, timestamp: at(iso), recordedAt });

  it('counts distinct person actors over today and the 6 UTC days before, from the 7 day documents', () => {
    const events = [
      act('p1', 'audience_member', '2025-03-03T09:00:00Z'),
      act('p1', 'audience_member', '2025-03-01T09:00:00Z'), // same person, another day: once
      act('c1', 'creator', '2025-02-25T00:00:00Z'), // first day of the window
      act('p2', 'audience_member', '2025-02-24T23:59:59Z', at('2025-02-24T23:59:59Z')), // the day before the window
      act('agent', 'strategy_agent', '2025-03-03T09:00:00Z'), // not a person
    ];
    const docs = foldEvents(projection, events);
    const keys = activeDayKeys('g1', NOW);
    expect(keys).toEqual(['g1|2025-03-03', 'g1|2025-03-02', 'g1|2025-03-01', 'g1|2025-02-28', 'g1|2025-02-27', 'g1|2025-02-26', 'g1|2025-02-25']);
    expect(countActivePeople(keys.map((k) => docs.get(k) ?? null), NOW)).toBe(2);
    expect(docs.size).toBe(4);
    // a document read for the wrong window does not count
    expect(countActivePeople([docs.get('g1|2025-02-24') ?? null], NOW)).toBe(0);
  });

  it('ignores platform events and events without an actor', () => {
    expect(projection.keysOf(f.thingCreated(f.thing('p1', 'audience_member', NOW)))).toEqual([]);
    expect(projection.keysOf(f.client('user_login', { timestamp: NOW }))).toEqual([]);
  });

  it('makes no entry for an event stamped before the window of its own ingest day (backdated import)', () => {
    expect(projection.keysOf(act('p1', 'audience_member', '2025-02-24T23:59:59Z', NOW))).toEqual([]);
    expect(projection.keysOf(act('p1', 'audience_member', '2025-02-25T00:00:00Z', NOW))).toEqual(['g1|2025-02-25']);
  });

  it('is idempotent: the same event applied twice leaves the document unchanged', () => {
    const e = act('p2', 'audience_member', '2025-03-03T09:00:00Z');
    const once = projection.evolve(null, e, 'g1|2025-03-03');
    expect(projection.evolve(once, e, 'g1|2025-03-03')).toBe(once);
    const two = projection.evolve(once, act('p1', 'audience_member', '2025-03-03T08:00:00Z'), 'g1|2025-03-03');
    expect(two).toEqual({ groupId: 'g1', day: '2025-03-03', actors: ['p1', 'p2'] });
  });
});
