import type { Connection, Thing } from '../contracts/entities';
import { fail, ok, type Result } from '../shared/result';
import { countOf } from './counts';
import { encodeCursor, parseCursor, parseLimit, type KeysetKey, type LimitRule } from './cursor';
import { relationshipList, type Direction } from './entity-lists';
import { timeKey } from './list-keys';
import type { ListItem } from './list-ops';
import type { ThingDoc } from './thing.projection';
import { thingSnapshot } from './thing-view';

export const RELATIONSHIP_LIMITS: LimitRule = { defaultLimit: 20, maxLimit: 100 };
/** Offset paging (the seed's) stays available for small jumps; deeper pages use the cursor. */
export const MAX_RELATIONSHIP_OFFSET = 10_000;
export const RELATIONSHIP_DIRECTIONS = ['inbound', 'outbound', 'both'] as const;
export type RelationshipDirection = (typeof RELATIONSHIP_DIRECTIONS)[number];

/**
 * What the store fetches: live connections of the thing in `direction` (both = into OR out of it,
 * so a self-loop matches once), of `relationshipType` when given, sorted by (createdAt, id)
 * ascending, after `after` when given, skipping `offset`, at most `limit + 1` rows (the extra row
 * tells whether there is more), read from the thing's lists (`relationshipListsOf`, merged with
 * `mergeAscending`). The seed listed all inbound before all outbound; one keyset order over both
 * directions is what makes cursors stable.
 */
export interface RelationshipsQuery {
  readonly direction: RelationshipDirection;
  readonly relationshipType: string | null;
  readonly limit: number;
  readonly after: KeysetKey | null;
  readonly offset: number;
}

export interface RelationshipsParams {
  readonly direction?: unknown;
  readonly relationshipType?: unknown;
  readonly limit?: unknown;
  readonly cursor?: unknown;
  readonly offset?: unknown;
}

export const parseRelationshipsQuery = (raw: RelationshipsParams): Result<RelationshipsQuery> => {
  const direction = raw.direction ?? 'both';
  if (!RELATIONSHIP_DIRECTIONS.includes(direction as RelationshipDirection)) {
    return fail('invalid_direction', 'direction must be one of inbound, outbound, both', 'direction');
  }
  const type = raw.relationshipType ?? null;
  if (type !== null && (typeof type !== 'string' || type.trim() === '' || type.length > 100)) {
    return fail('invalid_relationship_type', 'relationshipType must be a connection type name', 'relationshipType');
  }
  const limit = parseLimit(raw.limit, RELATIONSHIP_LIMITS);
  if (!limit.ok) return limit;
  const after = parseCursor(raw.cursor, 'relationships');
  if (!after.ok) return after;
  const offsetText = raw.offset === undefined || raw.offset === '' ? '0' : String(raw.offset).trim();
  const offset = /^\d{1,6}$/.test(offsetText) ? Number(offsetText) : NaN;
  if (!(offset <= MAX_RELATIONSHIP_OFFSET)) {
    return fail(
      'invalid_offset',
      `offset must be a whole number from 0 to ${MAX_RELATIONSHIP_OFFSET}; use cursor for deeper pages`,
      'offset',
    );
  }
  if (offset > 0 && after.value !== null) return fail('invalid_pagination', 'give either cursor or offset, not both', 'offset');
  return ok({
    direction: direction as RelationshipDirection,
    relationshipType: type === null ? null : (type as string).trim(),
    limit: limit.value,
    after: after.value,
    offset,
  });
};

/** The thing's lists a query reads: one per direction, per type when filtered (entity-lists.ts). */
export const relationshipListsOf = (q: Pick<RelationshipsQuery, 'direction' | 'relationshipType'>): string[] => {
  const dirs: Direction[] = q.direction === 'inbound' ? ['in'] : q.direction === 'outbound' ? ['out'] : ['in', 'out'];
  return dirs.map((d) => relationshipList(d, q.relationshipType));
};

/** The list key a cursor continues after. */
export const relationshipsAfterKey = (q: Pick<RelationshipsQuery, 'after'>): string | null =>
  q.after === null ? null : timeKey(q.after.at, q.after.id);

/** Ascending merge of sorted lists; a key in several (a self-loop is in `in` and `out`) once. */
export const mergeAscending = (lists: readonly (readonly ListItem[])[]): ListItem[] => {
  const byKey = new Map<string, ListItem>();
  for (const list of lists) for (const item of list) if (!byKey.has(item.k)) byKey.set(item.k, item);
  return [...byKey.values()].sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
};

/** The connection a relationship list item carries. */
export const connectionOfItem = (item: ListItem): Connection | null => {
  if (item.v === undefined) return null;
  try {
    return JSON.parse(item.v) as Connection;
  } catch {
    return null;
  }
};

/** Exact total from the thing's counters (a self-loop is one relationship under `both`). */
export const relationshipsTotal = (doc: ThingDoc, q: Pick<RelationshipsQuery, 'direction' | 'relationshipType'>): number => {
  const t = q.relationshipType;
  const inbound = t === null ? doc.inboundCount : countOf(doc.inboundByType, t);
  const outbound = t === null ? doc.outboundCount : countOf(doc.outboundByType, t);
  const self = t === null ? doc.selfLoopCount : countOf(doc.selfLoopByType, t);
  return q.direction === 'inbound' ? inbound : q.direction === 'outbound' ? outbound : inbound + outbound - self;
};

export type RelationshipItem = Connection & { readonly direction: 'inbound' | 'outbound' | 'self'; readonly related: Thing | null };

export interface RelationshipsPage {
  readonly total: number;
  readonly count: number;
  readonly offset: number;
  readonly limit: number;
  readonly hasMore: boolean;
  readonly nextCursor: string | null;
  readonly relationships: readonly RelationshipItem[];
}

/** Builds the page from up to `limit + 1` connections (list order) and the other endpoints' documents. */
export const relationshipsPage = (
  thing: ThingDoc,
  q: RelationshipsQuery,
  rows: readonly Connection[],
  relatedDocs: ReadonlyMap<string, ThingDoc>,
): RelationshipsPage => {
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const hasMore = rows.length > q.limit;
  return {
    total: relationshipsTotal(thing, q),
    count: page.length,
    offset: q.offset,
    limit: q.limit,
    hasMore,
    nextCursor: hasMore && last !== undefined ? encodeCursor('relationships', { at: last.createdAt, id: last.id }) : null,
    relationships: page.map((row) => {
      const self = row.fromThingId === row.toThingId;
      const inbound = row.toThingId === thing.id;
      const relatedId = inbound ? row.fromThingId : row.toThingId;
      return { ...row, direction: self ? 'self' : inbound ? 'inbound' : 'outbound', related: thingSnapshot(relatedDocs.get(relatedId)) };
    }),
  };
};
