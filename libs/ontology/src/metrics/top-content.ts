import type { IndexSpec } from './projection';
import type { ThingDoc } from './thing.projection';

export const TOP_CONTENT_LIMIT = 10;

export interface TopContentItem {
  readonly entityId: string;
  readonly name: string;
  readonly type: string;
  readonly connectionCount: number;
  readonly createdAt: number;
}

/**
 * The store's query for topContentByEngagement over thing documents: live content things of the
 * group, most live inbound connections (any type) first, ties → newest createdAt, then greatest id.
 */
export const topContentOrder = {
  filter: (groupId: string) => ({ groupId, isContent: true, live: true }) as const,
  sort: [['inboundCount', -1], ['createdAt', -1], ['id', -1]] as IndexSpec,
  limit: TOP_CONTENT_LIMIT,
} as const;

/** The same order as a comparator, for in-memory use and to re-check what the store returns. */
export const compareTopContent = (a: ThingDoc, b: ThingDoc): number =>
  b.inboundCount - a.inboundCount || (b.createdAt ?? 0) - (a.createdAt ?? 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Ranks what the store returned (defensively re-filtered and re-sorted) into the seed's item shape. */
export const topContentItems = (docs: readonly ThingDoc[]): TopContentItem[] =>
  docs
    .filter((d) => d.live && d.isContent && d.thing !== null)
    .sort(compareTopContent)
    .slice(0, TOP_CONTENT_LIMIT)
    .map((d) => ({
      entityId: d.id,
      name: d.thing?.name ?? '',
      type: d.thing?.type ?? '',
      connectionCount: d.inboundCount,
      createdAt: d.createdAt ?? 0,
    }));
