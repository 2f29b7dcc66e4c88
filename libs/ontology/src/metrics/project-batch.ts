import type { EventEnvelope } from '../contracts/event-map';
import type { ActivePeopleDoc } from './active-people.projection';
import type { MetricsTypes } from './counts';
import { creatorStatsProjection, type CreatorStatsDoc } from './creator-stats.projection';
import { entityListOpsOf } from './entity-lists';
import { groupMetricsProjection, type GroupMetricsDoc } from './group-metrics.projection';
import { transitionOps } from './group-lists';
import type { KnowledgeLinkDoc } from './knowledge-links.projection';
import { isNewPosition, withPosition, type Positions } from './position-guard';
import { distinctIds, type Projection } from './projection';
import { activePeopleProjection } from './active-people.projection';
import { knowledgeLinksProjection } from './knowledge-links.projection';
import type { ListOp } from './list-ops';
import { thingKeysOf, thingProjection, type ThingDoc } from './thing.projection';

export interface PositionedEvent {
  readonly envelope: EventEnvelope;
  readonly offset: number;
}

/** A document with the highest offset applied to it per stream (position-guard.ts). */
export interface Guarded<D> {
  readonly doc: D | null;
  readonly positions: Positions;
}

/**
 * A thing's document as stored: the thing read model, the thing's creator stats when it acted in
 * client events, and the heads of its lists (entity-lists.ts), all keyed by the thing id and moved
 * together under one position: every event that changes any part names the thing. `H` is a list
 * head in the store's layout; the domain only carries heads, it never reads them.
 */
export interface EntityDoc<H = unknown> {
  readonly id: string;
  readonly positions: Positions;
  readonly thing: ThingDoc | null;
  readonly stats: CreatorStatsDoc | null;
  readonly lists: Readonly<Record<string, H>>;
}

export const emptyEntity = <H>(id: string): EntityDoc<H> => ({ id, positions: {}, thing: null, stats: null, lists: {} });

/** The documents a batch reads before it can be applied. */
export interface BatchKeys {
  readonly entities: readonly string[];
  readonly groups: readonly string[];
  readonly activePeople: readonly string[];
}

const entityKeysOf = (event: EventEnvelope): string[] =>
  distinctIds(...thingKeysOf(event), ...creatorStatsProjection.keysOf(event), ...entityListOpsOf(event).map((o) => o.entityId));

export const batchKeys = (events: readonly PositionedEvent[], types: MetricsTypes): BatchKeys => {
  const groups = groupMetricsProjection(types);
  const active = activePeopleProjection(types);
  const unique = (f: (e: EventEnvelope) => readonly string[]) => [...new Set(events.flatMap((e) => f(e.envelope)))];
  return { entities: unique(entityKeysOf), groups: unique(groups.keysOf), activePeople: unique(active.keysOf) };
};

/** The stored documents a batch starts from (what `batchKeys` named and the store found). */
export interface BatchDocs<H = unknown> {
  readonly entities: ReadonlyMap<string, EntityDoc<H>>;
  readonly groups: ReadonlyMap<string, Guarded<GroupMetricsDoc>>;
  readonly activePeople: ReadonlyMap<string, Guarded<ActivePeopleDoc>>;
}

export interface EntityChange<H = unknown> {
  /** The new document; its list heads are still the loaded ones (the store applies `listOps`). */
  readonly doc: EntityDoc<H>;
  readonly listOps: ReadonlyMap<string, readonly ListOp[]>;
}

export interface ProjectedBatch<H = unknown> {
  readonly entities: ReadonlyMap<string, EntityChange<H>>;
  readonly groups: ReadonlyMap<string, Guarded<GroupMetricsDoc>>;
  readonly activePeople: ReadonlyMap<string, Guarded<ActivePeopleDoc>>;
  /** Immutable documents: inserted once, a second insert is ignored. */
  readonly knowledge: readonly KnowledgeLinkDoc[];
  /** Changes of the group lists (group-lists.ts), derived from the things' states. */
  readonly groupListOps: ReadonlyMap<string, readonly ListOp[]>;
}

/**
 * Applies keyed projections with the position guard: an event at or below a document's recorded
 * offset for `stream` is skipped. Returns only the documents that changed.
 */
export const foldGuarded = <D>(
  projection: Projection<D>,
  loaded: ReadonlyMap<string, Guarded<D>>,
  events: readonly PositionedEvent[],
  stream: string,
): Map<string, Guarded<D>> => {
  const changed = new Map<string, Guarded<D>>();
  for (const { envelope, offset } of events) {
    for (const key of projection.keysOf(envelope)) {
      const current = changed.get(key) ?? loaded.get(key) ?? { doc: null, positions: {} };
      if (!isNewPosition(current.positions, stream, offset)) continue;
      const doc = projection.evolve(current.doc, envelope, key);
      if (doc === current.doc) continue;
      changed.set(key, { doc, positions: withPosition(current.positions, stream, offset) });
    }
  }
  return changed;
};

/** Immutable documents of the applied events (knowledge links), each once. */
const immutableDocs = <D>(projection: Projection<D>, events: readonly PositionedEvent[]): D[] => {
  const docs = new Map<string, D>();
  for (const { envelope } of events) {
    for (const key of projection.keysOf(envelope)) {
      const doc = projection.evolve(null, envelope, key);
      if (doc !== null && !docs.has(key)) docs.set(key, doc);
    }
  }
  return [...docs.values()];
};

const pushTo = <T>(m: Map<string, T[]>, key: string, value: T): void => {
  const list = m.get(key);
  if (list === undefined) m.set(key, [value]);
  else list.push(value);
};

/**
 * One partition's batch of new events (in offset order) applied to the loaded documents. Every
 * change of a thing document and of its lists is guarded by the thing document's position; the
 * group lists are derived from the states the thing documents went through (see transitionOps).
 */
export const projectBatch = <H>(
  types: MetricsTypes,
  stream: string,
  events: readonly PositionedEvent[],
  loaded: BatchDocs<H>,
): ProjectedBatch<H> => {
  const thingModel = thingProjection(types);
  const entities = new Map<string, { doc: EntityDoc<H>; ops: Map<string, ListOp[]>; states: (ThingDoc | null)[] }>();
  for (const { envelope, offset } of events) {
    const thingKeys = thingModel.keysOf(envelope);
    const statsKeys = creatorStatsProjection.keysOf(envelope);
    const listOps = entityListOpsOf(envelope);
    for (const id of entityKeysOf(envelope)) {
      const start = loaded.entities.get(id) ?? emptyEntity<H>(id);
      const work = entities.get(id) ?? { doc: start, ops: new Map<string, ListOp[]>(), states: [start.thing] };
      if (!isNewPosition(work.doc.positions, stream, offset)) continue;
      const thing = thingKeys.includes(id) ? thingModel.evolve(work.doc.thing, envelope, id) : work.doc.thing;
      const stats = statsKeys.includes(id) ? creatorStatsProjection.evolve(work.doc.stats, envelope, id) : work.doc.stats;
      for (const o of listOps) if (o.entityId === id) pushTo(work.ops, o.list, o.op);
      if (thing !== work.doc.thing) work.states.push(thing);
      work.doc = { ...work.doc, thing, stats, positions: withPosition(work.doc.positions, stream, offset) };
      entities.set(id, work);
    }
  }
  const groupListOps = new Map<string, ListOp[]>();
  for (const { states } of entities.values()) {
    for (const { list, op } of transitionOps(states)) pushTo(groupListOps, list, op);
  }
  return {
    entities: new Map([...entities].map(([id, w]) => [id, { doc: w.doc, listOps: w.ops }])),
    groups: foldGuarded(groupMetricsProjection(types), loaded.groups, events, stream),
    activePeople: foldGuarded(activePeopleProjection(types), loaded.activePeople, events, stream),
    knowledge: immutableDocs(knowledgeLinksProjection, events),
    groupListOps,
  };
};
