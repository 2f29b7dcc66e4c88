import {
  type ActivePeopleDoc,
  type ApiCallsDoc,
  type CreatorStatsDoc,
  type EntityDoc,
  type GroupMetricsDoc,
  type Guarded,
  type KnowledgeLinkDoc,
  type ListItem,
  type Positions,
  type ThingDoc,
} from '../ontology';
import { type ListHead } from '@onescale/platform';

/**
 * How documents are stored. User JSON (thing properties, connection metadata, group settings) may
 * hold keys FerretDB rejects (`.`, leading `$`), so it is kept as JSON text. So is every other
 * structured part (list heads, chunk items): FerretDB converts nested documents field by field on
 * every read and write, while a string costs next to nothing, and nothing queries inside them.
 */
export interface StoredEntity {
  _id: string;
  p: Positions;
  thing: string | null;
  stats: string | null;
  /** JSON of the list heads by list name. */
  lists: string;
}

export const encodeEntity = (doc: EntityDoc<ListHead>): StoredEntity => ({
  _id: doc.id,
  p: doc.positions,
  thing: doc.thing === null ? null : JSON.stringify(doc.thing),
  stats: doc.stats === null ? null : JSON.stringify(doc.stats),
  lists: JSON.stringify(doc.lists),
});

export const decodeEntity = (s: StoredEntity): EntityDoc<ListHead> => ({
  id: s._id,
  positions: s.p ?? {},
  thing: s.thing === null ? null : (JSON.parse(s.thing) as ThingDoc),
  stats: s.stats === null ? null : (JSON.parse(s.stats) as CreatorStatsDoc),
  lists: typeof s.lists === 'string' ? (JSON.parse(s.lists) as Record<string, ListHead>) : {},
});

export interface StoredGuarded {
  _id: string;
  p: Positions;
  d: string | null;
  /** group metrics only: the partition of the group's events, for reads with minPosition. */
  partition?: number;
}

export const encodeGuarded = <D>(id: string, g: Guarded<D>, extra: { partition?: number } = {}): StoredGuarded => ({
  _id: id,
  p: g.positions,
  d: g.doc === null ? null : JSON.stringify(g.doc),
  ...extra,
});

export const decodeGuarded = <D>(s: StoredGuarded): Guarded<D> => ({
  doc: s.d === null ? null : (JSON.parse(s.d) as D),
  positions: s.p ?? {},
});

export type StoredGroup = StoredGuarded;
export type GroupGuarded = Guarded<GroupMetricsDoc>;
export type ActivePeopleGuarded = Guarded<ActivePeopleDoc>;
export type ApiCallsGuarded = Guarded<ApiCallsDoc>;

export interface StoredHead {
  _id: string;
  head: string;
}

export const encodeHead = (id: string, head: ListHead): StoredHead => ({ _id: id, head: JSON.stringify(head) });
export const decodeHead = (s: StoredHead | null | undefined): ListHead | undefined => (s ? (JSON.parse(s.head) as ListHead) : undefined);

export interface StoredChunk {
  _id: string;
  items: string;
}

export const encodeChunk = (id: string, items: readonly ListItem[]): StoredChunk => ({ _id: id, items: JSON.stringify(items) });
export const decodeChunk = (s: StoredChunk | null | undefined): ListItem[] | undefined =>
  s ? (JSON.parse(s.items) as ListItem[]) : undefined;

export interface StoredKnowledge {
  _id: string;
  d: string;
}

export const encodeKnowledge = (k: KnowledgeLinkDoc): StoredKnowledge => ({ _id: k.knowledgeId, d: JSON.stringify(k) });
export const decodeKnowledge = (s: StoredKnowledge): KnowledgeLinkDoc => JSON.parse(s.d) as KnowledgeLinkDoc;
