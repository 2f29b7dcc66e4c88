import type { EventEnvelope } from '../contracts/event-map';
import { fail, ok, type Result } from '../shared/result';

/** What a feed read asks for: a time range [from, to) and exact matches, each optional. */
export interface FeedFilter {
  readonly from?: number;
  readonly to?: number;
  readonly type?: string;
  readonly actorId?: string;
  readonly targetId?: string;
}

/** `desc`: newest first (the default); `asc`: oldest first, e.g. to read a range forward. */
export type FeedOrder = 'desc' | 'asc';

/** The last event a page returned: the next page starts strictly after it, in the feed's order. */
export interface FeedPosition {
  readonly timestamp: number;
  readonly id: string;
}

/** An event as the feed answers it (SPEC §7): a client event's `metadata`, a platform event's data. */
export interface FeedEvent {
  readonly id: string;
  readonly type: string;
  readonly groupId: string;
  readonly actorId?: string;
  readonly targetId?: string;
  readonly timestamp: number;
  readonly recordedAt: number;
  readonly metadata: unknown;
}

export const feedEventOf = (e: EventEnvelope): FeedEvent => {
  const data = e.data as unknown;
  const metadata = typeof data === 'object' && data !== null && 'metadata' in data ? data.metadata : data;
  return {
    id: e.id,
    type: e.type,
    groupId: e.groupId,
    ...(e.actorId === undefined ? {} : { actorId: e.actorId }),
    ...(e.targetId === undefined ? {} : { targetId: e.targetId }),
    timestamp: e.timestamp,
    recordedAt: e.recordedAt,
    metadata,
  };
};

/** Feed order: by time, then id (ids are unique, so the order is total and a position is exact). */
export const compareFeed =
  (order: FeedOrder) =>
  (a: FeedPosition, b: FeedPosition): number => {
    const ascending = a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return order === 'asc' ? ascending : -ascending;
  };

export const matchesFeed = (e: EventEnvelope, filter: FeedFilter): boolean =>
  (filter.from === undefined || e.timestamp >= filter.from) &&
  (filter.to === undefined || e.timestamp < filter.to) &&
  (filter.type === undefined || e.type === filter.type) &&
  (filter.actorId === undefined || e.actorId === filter.actorId) &&
  (filter.targetId === undefined || e.targetId === filter.targetId);

/**
 * One day of a feed from both tiers: an event both still hot and already in a verified object (a
 * run between its upload and its hot delete) counts once. Only events after `after` and matching
 * the filter, in feed order.
 */
export const mergeFeedDay = (
  tiers: ReadonlyArray<readonly EventEnvelope[]>,
  filter: FeedFilter,
  order: FeedOrder,
  after?: FeedPosition,
): EventEnvelope[] => {
  const compare = compareFeed(order);
  const byId = new Map<string, EventEnvelope>();
  for (const tier of tiers) {
    for (const e of tier) if (matchesFeed(e, filter) && (after === undefined || compare(e, after) > 0)) byId.set(e.id, e);
  }
  return [...byId.values()].sort(compare);
};

export const checkFeedRange = (filter: FeedFilter): Result<FeedFilter> =>
  filter.from !== undefined && filter.to !== undefined && filter.from > filter.to
    ? fail('validation_failed', 'from must not be after to', 'from')
    : ok(filter);
