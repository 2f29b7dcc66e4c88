import { DEFAULT_COMPOSITION } from '../vocabulary';
import type { Connection } from '../contracts/entities';
import { at, eventFactory, foldEntityLists } from './events.fixture';
import { connectionOfItem } from './relationships-page';
import { knowledgeLinksProjection } from './knowledge-links.projection';
import { foldEvents } from './projection';
import { thingProjection } from './thing.projection';
import { RELATIONSHIP_LIST_CAP, thingWithRelationshipsView } from './thing-with-relationships-view';

const T = at('2025-03-01T00:00:00Z');
const NOW = at('2025-03-05T00:00:00Z');

const world = (fans = 2) => {
  const f = eventFactory();
  const people = Array.from({ length: fans }, (_, i) => f.thing(`p${i}`, 'audience_member', T));
  const events = [
    f.thingCreated(f.thing('c1', 'creator', T)),
    f.thingCreated(f.thing('b1', 'blog_post', T)),
    ...people.map((p) => f.thingCreated(p)),
    ...people.map((p, i) => f.connectionCreated(f.connection(`f${i}`, p.id, 'c1', 'following', T + i), 'audience_member', 'creator')),
    f.connectionCreated(f.connection('a1', 'c1', 'b1', 'authored', T), 'creator', 'blog_post'),
    f.connectionCreated(f.connection('s1', 'c1', 'c1', 'references', T), 'creator', 'creator'),
    f.knowledgeAdded(
      { id: 'k1', groupId: 'g1', knowledgeType: 'label', labels: ['vip'], sourceThingId: 'c1', role: 'label', createdAt: T },
      10,
    ),
    f.knowledgeAdded({ id: 'k2', groupId: 'g1', knowledgeType: 'label', createdAt: T }, 10), // linked to nothing
  ];
  const lists = foldEntityLists(events);
  const connections = (list: string): Connection[] =>
    (lists.get(`c1/${list}`) ?? []).map(connectionOfItem).filter((c): c is Connection => c !== null);
  return {
    f,
    things: foldEvents(thingProjection(DEFAULT_COMPOSITION), events),
    inbound: connections('in'),
    outbound: connections('out'),
    knowledge: [...foldEvents(knowledgeLinksProjection, events).values()],
  };
};

describe('thing with relationships', () => {
  it('adds _relationships with exact counts, types, and (when asked) knowledge and related things', () => {
    const w = world();
    const r = thingWithRelationshipsView(w.things.get('c1') ?? null, {
      inbound: w.inbound,
      outbound: w.outbound,
      knowledge: w.knowledge,
      relatedDocs: w.things,
      now: NOW,
    });
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value).toMatchObject({ id: 'c1', type: 'creator', _computed: { lastComputed: NOW } });
    const rel = r.value._relationships;
    expect(rel).toMatchObject({
      inboundCount: 3,
      outboundCount: 2,
      totalConnections: 4, // the self-loop is one connection
      connectionTypes: { inbound: { following: 2, references: 1 }, outbound: { authored: 1, references: 1 } },
    });
    // list order: (createdAt, id) ascending
    expect(rel.inbound.map((c) => [c.id, c._from?.id])).toEqual([
      ['f0', 'p0'],
      ['s1', 'c1'],
      ['f1', 'p1'],
    ]);
    expect(rel.outbound.map((c) => [c.id, c._to?.id])).toEqual([
      ['a1', 'b1'],
      ['s1', 'c1'],
    ]);
    expect(r.value._knowledge).toEqual([{ knowledgeId: 'k1', role: 'label', knowledge: expect.objectContaining({ labels: ['vip'] }) }]);
  });

  it('without includeKnowledge / includeLazy: _knowledge is null and items carry no related thing', () => {
    const w = world();
    const r = thingWithRelationshipsView(w.things.get('c1') ?? null, {
      inbound: w.inbound,
      outbound: w.outbound,
      knowledge: null,
      relatedDocs: null,
      now: NOW,
    });
    expect(r.ok && r.value._knowledge).toBeNull();
    expect(r.ok && Object.keys(r.value._relationships.inbound[0])).not.toContain('_from');
  });

  it('caps the lists but keeps the counts exact', () => {
    const w = world(RELATIONSHIP_LIST_CAP + 5);
    const r = thingWithRelationshipsView(w.things.get('c1') ?? null, {
      inbound: w.inbound,
      outbound: w.outbound,
      knowledge: null,
      relatedDocs: null,
      now: NOW,
    });
    expect(r.ok && r.value._relationships.inbound).toHaveLength(RELATIONSHIP_LIST_CAP);
    expect(r.ok && r.value._relationships.inboundCount).toBe(RELATIONSHIP_LIST_CAP + 6);
  });

  it('fails with thing_not_found for an unknown or deleted thing', () => {
    const w = world();
    const inputs = { inbound: [], outbound: [], knowledge: null, relatedDocs: null, now: NOW };
    expect(thingWithRelationshipsView(null, inputs, 'zz')).toMatchObject({
      ok: false,
      problem: { code: 'thing_not_found', message: 'Thing zz was not found' },
    });
    const deleted = foldEvents(thingProjection(DEFAULT_COMPOSITION), [
      w.f.thingCreated(w.f.thing('x', 'video', T)),
      w.f.thingDeleted(w.f.thing('x', 'video', T), T + 1),
    ]);
    expect(thingWithRelationshipsView(deleted.get('x') ?? null, inputs)).toMatchObject({ ok: false, problem: { code: 'thing_not_found' } });
  });
});
