import connectionFixture from '../codec/fixtures/connection-created.json';
import revenueFixture from '../codec/fixtures/revenue-generated.json';
import { decodeStoredEvent } from '../codec/envelope-codec';
import type { EventEnvelope } from '../contracts/event-map';
import { DEFAULT_COMPOSITION } from '../vocabulary';
import { creatorStatsProjection } from './creator-stats.projection';
import { at, eventFactory } from './events.fixture';
import { knowledgeLinksProjection } from './knowledge-links.projection';
import { isNewPosition, streamKey, withPosition, type Positions } from './position-guard';
import { foldEvents, handlesEvent, type Projection } from './projection';
import { metricsProjections, PROJECTIONS, USAGE_PROJECTIONS } from './projections';

const T = at('2025-03-01T00:00:00Z');

/** The store adapter's algorithm in memory: load, skip if already applied, evolve, record position. */
const guardedStore = () => {
  const rows = new Map<string, { doc: unknown; positions: Positions }>();
  const apply = (p: Projection<unknown>, event: EventEnvelope, stream: string, offset: number) => {
    for (const key of p.keysOf(event)) {
      const id = `${p.name}/${key}`;
      const row = rows.get(id);
      if (!isNewPosition(row?.positions, stream, offset)) continue;
      const doc = p.evolve(row?.doc ?? null, event, key);
      if (doc === null) rows.delete(id);
      else rows.set(id, { doc, positions: withPosition(row?.positions, stream, offset) });
    }
  };
  const docs = () => new Map([...rows].map(([id, row]) => [id, row.doc]));
  return { apply, docs };
};

const log = () => {
  const f = eventFactory();
  const creator = f.thing('c1', 'creator', T);
  const fan = f.thing('p1', 'audience_member', T);
  const post = f.thing('b1', 'blog_post', T);
  return [
    f.groupEvent('group_created', f.group(T)),
    f.thingCreated(creator),
    f.thingCreated(fan),
    f.thingCreated(post),
    f.connectionCreated(f.connection('k1', 'p1', 'c1', 'following', T), 'audience_member', 'creator'),
    f.connectionCreated(f.connection('k2', 'c1', 'b1', 'authored', T), 'creator', 'blog_post'),
    f.revenue('c1', 12.5, T + 10),
    f.client('user_login', { actorId: 'p1', actorType: 'audience_member', targetId: 'c1', targetType: 'creator', timestamp: T + 20 }),
    f.knowledgeAdded({ id: 'n1', groupId: 'g1', knowledgeType: 'label', sourceThingId: 'b1', createdAt: T }, 40),
  ];
};

describe('projection registry', () => {
  it('names every read model once', () => {
    expect(PROJECTIONS.map((p) => p.name)).toEqual(['thing', 'creatorStats', 'groupMetrics', 'activePeople', 'knowledgeLinks']);
    expect(USAGE_PROJECTIONS.map((p) => p.name)).toEqual(['apiCalls']);
  });

  it('gives keys only for events a projection declares it handles', () => {
    for (const event of log()) {
      for (const p of PROJECTIONS) if (!handlesEvent(p, event)) expect(p.keysOf(event)).toEqual([]);
    }
  });

  it('with the position guard, redelivering part of the log changes no document', () => {
    const events = log();
    const once = guardedStore();
    events.forEach((e, offset) => PROJECTIONS.forEach((p) => once.apply(p, e, streamKey('events', 0), offset)));
    const again = guardedStore();
    events.forEach((e, offset) => PROJECTIONS.forEach((p) => again.apply(p, e, streamKey('events', 0), offset)));
    // a crash after offset 7 was written but before it was committed: 4..8 come again
    events.slice(4).forEach((e, i) => PROJECTIONS.forEach((p) => again.apply(p, e, streamKey('events', 0), i + 4)));
    expect(again.docs()).toEqual(once.docs());
    expect(once.docs().get('creatorStats/c1')).toMatchObject({ revenueMicros: 12_500_000, totalEvents: 1 });
  });

  it('knowledge links are immutable: a redelivered knowledge_added keeps the first document', () => {
    const f = eventFactory();
    const e = f.knowledgeAdded({ id: 'n1', groupId: 'g1', knowledgeType: 'label', sourceThingId: 'b1', role: 'keyword', createdAt: T }, 40);
    const doc = knowledgeLinksProjection.evolve(null, e, 'n1');
    expect(doc).toMatchObject({ knowledgeId: 'n1', sourceThingId: 'b1', role: 'keyword' });
    expect(knowledgeLinksProjection.evolve(doc, e, 'n1')).toBe(doc);
    expect(knowledgeLinksProjection.keysOf(f.knowledgeAdded({ id: 'n2', groupId: 'g1', knowledgeType: 'label', createdAt: T }, 1))).toEqual(
      [],
    );
  });

  it('reads the golden wire fixtures of the codec as ingest emits them', () => {
    const [revenue, connection] = [revenueFixture, connectionFixture].map((f) => decodeStoredEvent(f.envelope));
    const stats = foldEvents(creatorStatsProjection, [revenue]).get(revenue.actorId ?? '');
    expect(stats).toMatchObject({ revenueMicros: 49_990_000, revenueMicrosByCurrency: { EUR: 49_990_000 }, totalEvents: 1 });
    const group = foldEvents(metricsProjections(DEFAULT_COMPOSITION).groupMetrics, [connection]).get(connection.groupId);
    expect(group?.contentInboundCount).toBe(1); // authored into a blog_post
  });

  it('keeps one position per stream, so usage offsets do not hide event offsets', () => {
    const positions = withPosition(withPosition(undefined, streamKey('events', 0), 40), streamKey('usage', 0), 3);
    expect(isNewPosition(positions, 'usage-0', 4)).toBe(true);
    expect(isNewPosition(positions, 'usage-0', 3)).toBe(false);
    expect(isNewPosition(positions, 'events-0', 39)).toBe(false);
    expect(isNewPosition(positions, 'events-1', 0)).toBe(true);
  });
});
