import { DEFAULT_COMPOSITION } from '../vocabulary';
import { activePeopleProjection, countActivePeople } from './active-people.projection';
import { at, eventFactory } from './events.fixture';
import { foldEvents } from './projection';

const projection = activePeopleProjection(DEFAULT_COMPOSITION);
const NOW = at('2025-03-03T10:00:00Z');

describe('active people', () => {
  const f = eventFactory();
  const act = (actorId: string, actorType: string, iso: string, recordedAt = NOW - 1000) =>
    f.client('user_login', { actorId, actorType, timestamp: at(iso), recordedAt });
  const history = [
    act('p1', 'audience_member', '2025-03-03T09:00:00Z'),
    act('p1', 'audience_member', '2025-03-01T09:00:00Z'), // same person, another day: once
    act('c1', 'creator', '2025-02-25T00:00:00Z'), // first day of the window
    act('p2', 'audience_member', '2025-02-24T23:59:59Z', at('2025-02-24T23:59:59Z')), // the day before the window
    act('agent', 'strategy_agent', '2025-03-03T09:00:00Z'), // not a person
  ];

  it('counts distinct person actors over today and the 6 UTC days before, from one document', () => {
    const doc = foldEvents(projection, history).get('g1') ?? null;
    expect(countActivePeople(doc, NOW)).toBe(2);
    expect(doc).toEqual({
      groupId: 'g1',
      latestDay: '2025-03-03',
      days: { p1: { '2025-03-03': 1, '2025-03-01': 1 }, c1: { '2025-02-25': 1 } },
    });
    expect(countActivePeople(doc, at('2025-03-04T00:00:00Z'))).toBe(1); // c1 leaves the window the next day
    expect(countActivePeople(null, NOW)).toBe(0);
  });

  it('gives the same document for any order of the events', () => {
    const forward = foldEvents(projection, history).get('g1');
    expect(foldEvents(projection, [...history].reverse()).get('g1')).toEqual(forward);
  });

  it('takes a voided event back: a person whose only event in the window is voided is no longer active', () => {
    const voided = [...history, f.voided(history[2]!, NOW), f.voided(history[1]!, NOW)];
    const doc = foldEvents(projection, voided).get('g1') ?? null;
    expect(countActivePeople(doc, NOW)).toBe(1);
    expect(doc?.days).toEqual({ p1: { '2025-03-03': 1 } });
    // a rebuild may meet a void before its event: the counts commute
    const voidsFirst = foldEvents(projection, [...voided.slice(history.length), ...history]).get('g1');
    expect(voidsFirst).toEqual(doc);
  });

  it('reads a document stored before voids (last day per person) as one event on that day', () => {
    const stored = { groupId: 'g1', latestDay: '2025-03-03', days: {}, lastDay: { p1: '2025-03-03', c1: '2025-02-25' } };
    expect(countActivePeople(stored, NOW)).toBe(2);
    expect(projection.evolve(stored, f.voided(history[2]!, NOW), 'g1')).toEqual({
      groupId: 'g1',
      latestDay: '2025-03-03',
      days: { p1: { '2025-03-03': 1 } },
    });
  });

  it('ignores platform events and events without an actor', () => {
    expect(projection.keysOf(f.thingCreated(f.thing('p1', 'audience_member', NOW)))).toEqual([]);
    expect(projection.keysOf(f.client('user_login', { timestamp: NOW }))).toEqual([]);
  });

  it('makes no entry for an event stamped before the window of its own ingest day (backdated import)', () => {
    expect(projection.keysOf(act('p1', 'audience_member', '2025-02-24T23:59:59Z', NOW))).toEqual([]);
    expect(projection.keysOf(act('p1', 'audience_member', '2025-02-25T00:00:00Z', NOW))).toEqual(['g1']);
  });
});
