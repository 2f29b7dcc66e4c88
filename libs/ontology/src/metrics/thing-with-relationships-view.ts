import type { Connection, Knowledge, KnowledgeRole, Thing } from '../contracts/entities';
import { ok, type Result } from '../shared/result';
import type { CountsBy } from './counts';
import type { KnowledgeLinkDoc } from './knowledge-links.projection';
import type { ThingDoc } from './thing.projection';
import { liveThing, thingSnapshot } from './thing-view';

/**
 * Lists in `_relationships` hold at most this many live connections per direction, in the
 * relationships page's order (createdAt, id ascending); the counts are always exact, and the
 * relationships route pages through the rest.
 */
export const RELATIONSHIP_LIST_CAP = 100;
/** `_knowledge` holds at most this many linked items (oldest first). */
export const KNOWLEDGE_LIST_CAP = 100;

export type InboundItem = Connection & { readonly _from?: Thing | null };
export type OutboundItem = Connection & { readonly _to?: Thing | null };
export interface KnowledgeItem {
  readonly knowledgeId: string;
  readonly role: KnowledgeRole | null;
  readonly knowledge: Knowledge;
}

export interface RelationshipsSummary {
  readonly inbound: readonly InboundItem[];
  readonly outbound: readonly OutboundItem[];
  readonly inboundCount: number;
  readonly outboundCount: number;
  /** Distinct live connections touching the thing (a self-loop once). */
  readonly totalConnections: number;
  readonly connectionTypes: { readonly inbound: CountsBy; readonly outbound: CountsBy };
}

export type ThingWithRelationships = Thing & {
  readonly _relationships: RelationshipsSummary;
  /** Linked knowledge when asked for, else null (as the seed). */
  readonly _knowledge: readonly KnowledgeItem[] | null;
  readonly _computed: { readonly lastComputed: number };
};

export interface ThingWithRelationshipsInputs {
  /** The first live connections into / out of the thing (its `in` / `out` lists, ascending; at most the cap is used). */
  readonly inbound: readonly Connection[];
  readonly outbound: readonly Connection[];
  /** The knowledge links of the thing when `includeKnowledge`, else null. */
  readonly knowledge: readonly KnowledgeLinkDoc[] | null;
  /** The other endpoints' documents when `includeLazy` (adds `_from` / `_to`), else null. */
  readonly relatedDocs: ReadonlyMap<string, ThingDoc> | null;
  readonly now: number;
}

export const thingWithRelationshipsView = (
  doc: ThingDoc | null,
  inputs: ThingWithRelationshipsInputs,
  thingId = doc?.id ?? '',
): Result<ThingWithRelationships> => {
  const found = liveThing(doc, thingId, 'thing_not_found');
  if (!found.ok) return found;
  const live = found.value;
  const { relatedDocs } = inputs;
  const lazy = (id: string): Thing | null => thingSnapshot(relatedDocs?.get(id));
  const inbound = inputs.inbound
    .filter((c) => c.toThingId === live.id)
    .slice(0, RELATIONSHIP_LIST_CAP)
    .map((c): InboundItem => (relatedDocs === null ? c : { ...c, _from: lazy(c.fromThingId) }));
  const outbound = inputs.outbound
    .filter((c) => c.fromThingId === live.id)
    .slice(0, RELATIONSHIP_LIST_CAP)
    .map((c): OutboundItem => (relatedDocs === null ? c : { ...c, _to: lazy(c.toThingId) }));
  const knowledge =
    inputs.knowledge === null
      ? null
      : inputs.knowledge
          .filter((k) => k.sourceThingId === live.id)
          .slice(0, KNOWLEDGE_LIST_CAP)
          .map((k) => ({ knowledgeId: k.knowledgeId, role: k.role, knowledge: k.knowledge }));
  return ok({
    ...live.thing,
    _relationships: {
      inbound,
      outbound,
      inboundCount: live.inboundCount,
      outboundCount: live.outboundCount,
      totalConnections: live.inboundCount + live.outboundCount - live.selfLoopCount,
      connectionTypes: { inbound: live.inboundByType, outbound: live.outboundByType },
    },
    _knowledge: knowledge,
    _computed: { lastComputed: inputs.now },
  });
};
