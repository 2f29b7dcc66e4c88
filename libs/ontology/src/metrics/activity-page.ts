import type { Thing } from '../contracts/entities';
import { ok, type Result } from '../shared/result';
import type { ActivityEntryDoc } from './activity.projection';
import { encodeCursor, parseCursor, parseLimit, type KeysetKey, type LimitRule } from './cursor';
import type { ThingDoc } from './thing.projection';
import { thingSnapshot } from './thing.view';

export const ACTIVITY_LIMITS: LimitRule = { defaultLimit: 50, maxLimit: 100 };

/**
 * What the store fetches: the thing's activity entries sorted by (timestamp, eventId) descending,
 * strictly before `before` when given, at most `limit + 1` rows.
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

export const matchesActivity = (entry: ActivityEntryDoc, thingId: string, q: ActivityQuery): boolean =>
  entry.thingId === thingId &&
  (q.before === null || entry.timestamp < q.before.at || (entry.timestamp === q.before.at && entry.eventId < q.before.id));

/** Newest first; ties by event id, descending. */
export const compareActivity = (a: ActivityEntryDoc, b: ActivityEntryDoc): number =>
  b.timestamp - a.timestamp || (a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0);

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

/** Builds the feed page from up to `limit + 1` entries and the documents of their actors and targets. */
export const activityPage = (
  thing: ThingDoc,
  q: ActivityQuery,
  rows: readonly ActivityEntryDoc[],
  relatedDocs: ReadonlyMap<string, ThingDoc>,
): ActivityPage => {
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > q.limit;
  const lookup = (id: string | undefined): Thing | null => (id === undefined ? null : thingSnapshot(relatedDocs.get(id)));
  return {
    thingId: thing.id,
    totalEvents: thing.activityCount,
    hasMore,
    nextCursor: hasMore && last !== undefined ? encodeCursor('activity', { at: last.timestamp, id: last.eventId }) : null,
    activity: page.map(({ thingId: _thing, eventId, ...entry }) => ({
      id: eventId,
      ...entry,
      _actor: lookup(entry.actorId),
      _target: lookup(entry.targetId),
    })),
  };
};
