import { THING_STATUSES, type Thing, type ThingStatus } from '../contracts/entities';
import { fail, ok, type Result } from '../shared/result';
import { encodeCursor, parseCursor, parseLimit, type KeysetKey, type LimitRule } from './cursor';
import { thingsListId } from './group-lists';
import { timeKey, timeKeyAt, timeKeyId } from './list-keys';
import type { ThingDoc } from './thing.projection';

export const THING_LIST_LIMITS: LimitRule = { defaultLimit: 20, maxLimit: 100 };

/**
 * What the store fetches for GET …/things: live things of the group, of `type` / `status` when
 * given, newest first by (createdAt, id) descending, strictly before `before`, `limit + 1` rows:
 * the ids of a group list (`thingsListOf`) read from its end, then the thing documents by id.
 */
export interface ThingsQuery {
  readonly type: string | null;
  readonly status: ThingStatus | null;
  readonly limit: number;
  readonly before: KeysetKey | null;
}

export const parseThingsQuery = (raw: { type?: unknown; status?: unknown; limit?: unknown; cursor?: unknown }): Result<ThingsQuery> => {
  const type = raw.type === undefined || raw.type === '' ? null : raw.type;
  if (type !== null && (typeof type !== 'string' || type.length > 100))
    return fail('invalid_type', 'type must be a thing type name', 'type');
  const status = raw.status === undefined || raw.status === '' ? null : raw.status;
  if (status !== null && !THING_STATUSES.includes(status as ThingStatus)) {
    return fail('invalid_status', `status must be one of ${THING_STATUSES.join(', ')}`, 'status');
  }
  const limit = parseLimit(raw.limit, THING_LIST_LIMITS);
  if (!limit.ok) return limit;
  const before = parseCursor(raw.cursor, 'things');
  if (!before.ok) return before;
  return ok({ type: type as string | null, status: status as ThingStatus | null, limit: limit.value, before: before.value });
};

/** The group list a query reads (group-lists.ts), newest first from its end. */
export const thingsListOf = (groupId: string, q: Pick<ThingsQuery, 'type' | 'status'>): string => thingsListId(groupId, q.type, q.status);

/** The list key a cursor continues before (exclusive). */
export const thingsBeforeKey = (q: Pick<ThingsQuery, 'before'>): string | null =>
  q.before === null ? null : timeKey(q.before.at, q.before.id);

export interface ThingsPage {
  readonly items: readonly Thing[];
  readonly nextCursor: string | null;
  readonly hasMore: boolean;
}

/**
 * Builds the page from the list's next `limit + 1` keys (newest first) and the documents found for
 * their ids; a thing deleted since the list was read is left out.
 */
export const thingsPage = (q: ThingsQuery, keys: readonly string[], docs: ReadonlyMap<string, ThingDoc>): ThingsPage => {
  const pageKeys = keys.slice(0, q.limit);
  const hasMore = keys.length > q.limit;
  const last = pageKeys[pageKeys.length - 1];
  return {
    items: pageKeys.flatMap((key) => {
      const d = docs.get(timeKeyId(key));
      return d !== undefined && d.thing !== null && d.live ? [d.thing as Thing] : [];
    }),
    hasMore,
    nextCursor: hasMore && last !== undefined ? encodeCursor('things', { at: timeKeyAt(last), id: timeKeyId(last) }) : null,
  };
};
