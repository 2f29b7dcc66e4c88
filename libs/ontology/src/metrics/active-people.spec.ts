import { DEFAULT_COMPOSITION } from '../vocabulary';
import { activePeopleFromDay, activePeopleProjection, countActivePeople } from './active-people.projection';
import { at, eventFactory } from './events.fixture';
import { foldEvents } from './projection';

const projection = activePeopleProjection(DEFAULT_COMPOSITION);
const NOW = at('2025-03-03T10:00:00Z');

describe('active people', () => {
  const f = eventFactory();
  const act = (actorId: string, actorType: string, iso: string, recordedAt = NOW - 1000) =>
    f.client('user_login', { actorId, actorType, timestamp: at(iso), recordedAt });

  it('counts distinct person actors over today and the 6 UTC days before', () => {
    const events = [
      act('p1', 'audience_member', '2025-03-03T09:00:00Z'),
      act('p1', 'audience_member', '2025-03-01T09:00:00Z'), // same person, another day: once
      act('c1', 'creator', '2025-02-25T00:00:00Z'), // first day of the window
      act('p2', 'audience_member', '2025-02-24T23:59:59Z', at('2025-02-24T23:59:59Z')), // the day before the window
      act('agent', 'strategy_agent', '2025-03-03T09:00:00Z'), // not a person
    ];
    const entries = [...foldEvents(projection, events).values()];
    expect(activePeopleFromDay(NOW)).toBe('2025-02-25');
    expect(countActivePeople(entries, NOW)).toBe(2);
    expect(entries).toHaveLength(4);
  });

  it('ignores platform events and events without an actor', () => {
    expect(projection.keysOf(f.thingCreated(f.thing('p1', 'audience_member', NOW)))).toEqual([]);
    expect(projection.keysOf(f.client('user_login', { timestamp: NOW }))).toEqual([]);
  });

  it('makes no entry for an event stamped before the window of its own ingest day (backdated import)', () => {
    expect(projection.keysOf(act('p1', 'audience_member', '2025-02-24T23:59:59Z', NOW))).toEqual([]);
    expect(projection.keysOf(act('p1', 'audience_member', '2025-02-25T00:00:00Z', NOW))).toEqual(['g1:2025-02-25:p1']);
  });

  it('is idempotent: the same event applied twice leaves one entry', () => {
    const e = act('p1', 'audience_member', '2025-03-03T09:00:00Z');
    const docs = foldEvents(projection, [e, e]);
    expect([...docs.values()]).toEqual([{ groupId: 'g1', day: '2025-03-03', actorId: 'p1' }]);
  });
});
