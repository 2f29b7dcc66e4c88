import type { EventEnvelope } from '../contracts/event-map';
import { DEFAULT_COMPOSITION } from '../vocabulary';
import { activePeopleProjection } from './active-people.projection';
import { creatorStatsProjection } from './creator-stats.projection';
import { creatorStatsView } from './creator-stats-view';
import { at, eventFactory, foldEntityLists } from './events.fixture';
import { groupMetricsProjection } from './group-metrics.projection';
import { foldEvents } from './projection';
import { thingProjection } from './thing.projection';

const CREATED = at('2025-03-01T00:00:00Z');
const NOW = at('2025-03-15T18:00:00Z');

/** A creator with revenue (one amount wrong), a login, and a fan who commented on a post. */
const world = () => {
  const f = eventFactory();
  const [creator, fan, post] = [
    f.thing('c1', 'creator', CREATED),
    f.thing('p1', 'audience_member', CREATED),
    f.thing('b1', 'blog_post', CREATED),
  ];
  const wrong = f.revenue('c1', 250.75, at('2025-03-10T10:00:00Z'));
  const comment = f.client('comment_added', {
    actorId: 'p1',
    actorType: 'audience_member',
    targetId: 'b1',
    targetType: 'blog_post',
    timestamp: at('2025-03-11T10:00:00Z'),
  });
  const events: EventEnvelope[] = [
    ...[creator, fan, post].map((t) => f.thingCreated(t)),
    f.revenue('c1', 10.5, at('2025-03-02T10:00:00Z')),
    wrong,
    comment,
    f.revenue('c1', 4, at('2025-03-14T10:00:00Z')),
  ];
  return { f, events, wrong, comment };
};

const without = (events: readonly EventEnvelope[], gone: EventEnvelope) => events.filter((e) => e.id !== gone.id);

/** Every document a client event feeds, of a history. */
const models = (events: readonly EventEnvelope[]) => ({
  things: foldEvents(thingProjection(DEFAULT_COMPOSITION), events),
  stats: foldEvents(creatorStatsProjection, events),
  group: foldEvents(groupMetricsProjection(DEFAULT_COMPOSITION), events),
  lists: foldEntityLists(events),
  active: foldEvents(activePeopleProjection(DEFAULT_COMPOSITION), events),
});

describe('event_voided: a void takes back exactly what its event added', () => {
  it('leaves every read model as if the revenue event had never been recorded', () => {
    const { f, events, wrong } = world();
    const voided = models([...events, f.voided(wrong, NOW)]);
    expect(voided).toEqual(models(without(events, wrong)));
    const stats = creatorStatsView(voided.things.get('c1')!, voided.stats.get('c1')!, NOW, 'c1');
    expect(stats.ok && stats.value._computed).toMatchObject({ totalRevenue: 14.5, totalEvents: 2, eventsByType: { revenue_generated: 2 } });
    expect(voided.group.get('g1')).toMatchObject({ totalEvents: 3, revenueMicros: 14_500_000 });
    expect(voided.group.get('g1')!.days['2025-03-10']).toBeUndefined();
  });

  it("removes an event from the actor's and the target's activity and counts", () => {
    const { f, events, comment } = world();
    const voided = models([...events, f.voided(comment, NOW)]);
    const { stats, ...rest } = voided;
    const { stats: _never, ...expected } = models(without(events, comment));
    expect(rest).toEqual(expected);
    // the counts go back to zero; lastActive is a max and stays where the voided event moved it
    expect(stats.get('p1')).toMatchObject({ totalEvents: 0, eventsByType: {}, lastActive: comment.timestamp });
    expect(voided.lists.get('p1/act')?.map((i) => JSON.parse(i.v!).type)).toEqual(['thing_created']);
    expect(voided.things.get('b1')!.activityCount).toBe(1);
    expect(voided.things.get('p1')!.activityCount).toBe(1);
  });

  it('gives the same documents when a rebuild meets the void before its event (sums commute)', () => {
    const { f, events, wrong } = world();
    const voidedLast = models([...events, f.voided(wrong, NOW)]);
    const voidFirst = f.voided(wrong, NOW);
    const reordered = models([voidFirst, ...events]);
    expect(reordered.stats).toEqual(voidedLast.stats);
    expect(reordered.group.get('g1')).toMatchObject({ totalEvents: 3, revenueMicros: 14_500_000 });
  });

  it('only names the documents of the voided event', () => {
    const { f, wrong } = world();
    const v = f.voided(wrong, NOW);
    expect(creatorStatsProjection.keysOf(v)).toEqual(['c1']);
    expect(groupMetricsProjection(DEFAULT_COMPOSITION).keysOf(v)).toEqual(['g1']);
    expect(thingProjection(DEFAULT_COMPOSITION).keysOf(v)).toEqual(['c1']);
  });
});
