import { THING_STATUSES, type Thing, type ThingStatus } from '../contracts/entities';
import { fail, ok, type Result } from '../shared/result';
import { encodeCursor, parseCursor, parseLimit, type KeysetKey, type LimitRule } from './cursor';
import type { ThingDoc } from './thing.projection';

export const THING_LIST_LIMITS: LimitRule = { defaultLimit: 20, maxLimit: 100 };

/**
 * What the store fetches for GET …/things: live things of the group, of `type` / `status` when
 * given, newest first by (createdAt, id) descending, strictly before `before`, `limit + 1` rows.
 */
export interface ThingsQuery {
  readonly type: string | null;
  readonly status: ThingStatus | null;
  readonly limit: number;
  readonly before: KeysetKey | null;
}

export const parseThingsQuery = (raw: { type?: unknown; status?: unknown; limit?: unknown; cursor?: unknown }): Result<ThingsQuery> => {
  const type = raw.type === undefined || raw.type === '' ? null : raw.type;
  if (type !== null && (typeof type !== 'string' || type.length > 100)) return fail('invalid_type', 'type must be a thing type name', 'type');
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

export const matchesThing = (doc: ThingDoc, groupId: string, q: ThingsQuery): boolean =>
  doc.live &&
  doc.groupId === groupId &&
  (q.type === null || doc.type === q.type) &&
  (q.status === null || doc.status === q.status) &&
  (q.before === null || (doc.createdAt ?? 0) < q.before.at || (doc.createdAt === q.before.at && doc.id < q.before.id));

export const compareThingsNewestFirst = (a: ThingDoc, b: ThingDoc): number =>
  (b.createdAt ?? 0) - (a.createdAt ?? 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export interface ThingsPage {
  readonly items: readonly Thing[];
  readonly nextCursor: string | null;
  readonly hasMore: boolean;
}

export const thingsPage = (q: ThingsQuery, rows: readonly ThingDoc[]): ThingsPage => {
  const page = rows.slice(0, q.limit).filter((d) => d.thing !== null);
  const last = page[page.length - 1];
  const hasMore = rows.length > q.limit;
  return {
    items: page.map((d) => d.thing as Thing),
    hasMore,
    nextCursor: hasMore && last !== undefined ? encodeCursor('things', { at: last.createdAt ?? 0, id: last.id }) : null,
  };
};
