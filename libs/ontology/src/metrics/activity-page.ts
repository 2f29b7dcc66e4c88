import type { Thing } from '../contracts/entities';
import { ok, type Result } from '../shared/result';
import { activityEntryOf } from './activity-entry';
import { encodeCursor, parseCursor, parseLimit, type KeysetKey, type LimitRule } from './cursor';
import { timeKey, timeKeyAt, timeKeyId } from './list-keys';
import type { ListItem } from './list-ops';
import type { ThingDoc } from './thing.projection';
import { thingSnapshot } from './thing-view';

export const ACTIVITY_LIMITS: LimitRule = { defaultLimit: 50, maxLimit: 100 };

/**
 * What the store fetches: the items of the thing's `act` list (timestamp, eventId) descending,
 * strictly before `before` when given, at most `limit + 1`.
 */
export interface ActivityQuery {
  readonly limit: number;
  readonly before: KeysetKey | null;
}

export const parseActivityQuery = (raw: { readonly limit?: unknown; readonly cursor?: unknown }): Result<ActivityQuery> => {
  const limit = parseLimit(raw.limit, ACTIVITY_LIMITS);
  if (!limit.ok) return limit;
  const before = parseCursor(raw.cursor, 'activity');
  if (!before.ok) return before;
  return ok({ limit: limit.value, before: before.value });
};

/** The list key a cursor continues before (exclusive); the feed reads the thing's `act` list from its end. */
export const activityBeforeKey = (q: Pick<ActivityQuery, 'before'>): string | null =>
  q.before === null ? null : timeKey(q.before.at, q.before.id);

export interface ActivityItem {
  readonly id: string;
  readonly type: string;
  readonly groupId: string;
  readonly actorId?: string;
  readonly targetId?: string;
  readonly timestamp: number;
  readonly recordedAt: number;
  readonly metadata: Record<string, unknown>;
  readonly _actor: Thing | null;
  readonly _target: Thing | null;
}

export interface ActivityPage {
  readonly thingId: string;
  /** Every event naming the thing, not the page size (the seed's bug). */
  readonly totalEvents: number;
  readonly activity: readonly ActivityItem[];
  readonly hasMore: boolean;
  readonly nextCursor: string | null;
}

/** Builds the feed page from the `act` list's next `limit + 1` items (newest first) and the documents of their actors and targets. */
export const activityPage = (
  thing: ThingDoc,
  q: ActivityQuery,
  items: readonly ListItem[],
  relatedDocs: ReadonlyMap<string, ThingDoc>,
): ActivityPage => {
  const page = items.slice(0, q.limit);
  const last = page[page.length - 1];
  const hasMore = items.length > q.limit;
  const lookup = (id: string | undefined): Thing | null => (id === undefined ? null : thingSnapshot(relatedDocs.get(id)));
  return {
    thingId: thing.id,
    totalEvents: thing.activityCount,
    hasMore,
    nextCursor: hasMore && last !== undefined ? encodeCursor('activity', { at: timeKeyAt(last.k), id: timeKeyId(last.k) }) : null,
    activity: page.map((item) => {
      const { thingId: _thing, eventId, ...entry } = activityEntryOf(thing.id, item);
      return { id: eventId, ...entry, _actor: lookup(entry.actorId), _target: lookup(entry.targetId) };
    }),
  };
};
