import { fail, ok, type FeedFilter, type FeedOrder, type FeedPosition, type Result } from '@onescale/ontology';
import { decodeOpaque, encodeOpaque } from '../reading/opaque-cursor';

/** A cursor names its feed (group, order, filters) and the position in it; opaque to clients (base64url JSON). */
export interface FeedCursorState {
  readonly groupId: string;
  readonly order: FeedOrder;
  readonly filter: FeedFilter;
  readonly after: FeedPosition;
}

const FEED_CURSOR_VERSION = 'f1';
const filterKey = (f: FeedFilter): unknown[] => [f.from ?? null, f.to ?? null, f.type ?? null, f.actorId ?? null, f.targetId ?? null];

export const encodeFeedCursor = (state: FeedCursorState): string =>
  encodeOpaque([FEED_CURSOR_VERSION, state.groupId, state.order, filterKey(state.filter), state.after.timestamp, state.after.id]);

/**
 * The position a cursor resumes at, if it was issued for this very feed: another group's cursor, or
 * one issued for other filters or order, is refused rather than silently read against this one.
 */
export const decodeFeedCursor = (cursor: string, feed: Omit<FeedCursorState, 'after'>): Result<FeedPosition> => {
  const parsed = decodeOpaque(cursor);
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 6 ||
    parsed[0] !== FEED_CURSOR_VERSION ||
    !Number.isSafeInteger(parsed[4]) ||
    typeof parsed[5] !== 'string' ||
    parsed[5] === ''
  ) {
    return fail('invalid_cursor', 'cursor is not a nextCursor this feed returned', 'cursor');
  }
  if (parsed[1] !== feed.groupId || parsed[2] !== feed.order || JSON.stringify(parsed[3]) !== JSON.stringify(filterKey(feed.filter))) {
    return fail('invalid_cursor', 'cursor was returned for another feed (group, order or filters); start again without it', 'cursor');
  }
  return ok({ timestamp: parsed[4] as number, id: parsed[5] as string });
};
