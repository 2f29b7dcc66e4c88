import { fail, ok, type EventEnvelope, type Result } from '@onescale/ontology';
import { decodeOpaque, encodeOpaque } from './opaque-cursor';

/**
 * A keyset position in a group's archive: the object (ordered by its earliest event, then key) and
 * the line within it to resume at. Opaque to clients (base64url JSON).
 */
export interface ReadPosition {
  readonly minTimestamp: number;
  readonly key: string;
  readonly index: number;
}

export const encodeReadCursor = (p: ReadPosition): string => encodeOpaque([p.minTimestamp, p.key, p.index]);

export const decodeReadCursor = (cursor: string): Result<ReadPosition> => {
  const parsed = decodeOpaque(cursor);
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !Number.isSafeInteger(parsed[0]) ||
    typeof parsed[1] !== 'string' ||
    parsed[1] === '' ||
    !Number.isSafeInteger(parsed[2]) ||
    (parsed[2] as number) < 0
  ) {
    return fail('invalid_cursor', 'cursor is not a nextCursor this API returned', 'cursor');
  }
  return ok({ minTimestamp: parsed[0] as number, key: parsed[1] as string, index: parsed[2] as number });
};

/** What a read asks for: a time range [from, to) and an event type, each optional. */
export interface ArchiveFilter {
  readonly from?: number;
  readonly to?: number;
  readonly type?: string;
}

export const checkRange = (filter: ArchiveFilter): Result<ArchiveFilter> =>
  filter.from !== undefined && filter.to !== undefined && filter.from > filter.to
    ? fail('validation_failed', 'from must not be after to', 'from')
    : ok(filter);

export const matchesFilter = (event: EventEnvelope, filter: ArchiveFilter): boolean =>
  (filter.from === undefined || event.timestamp >= filter.from) &&
  (filter.to === undefined || event.timestamp < filter.to) &&
  (filter.type === undefined || event.type === filter.type);

/**
 * Builds one page from objects fed in order: skips to the position inside its object, keeps
 * matching events, and stops at `limit` with the position of the next match (so `hasMore` is never a
 * guess). Objects are fetched lazily, so `add` says when to stop fetching.
 */
export class PageCollector {
  readonly items: EventEnvelope[] = [];
  next: ReadPosition | null = null;

  constructor(
    private readonly filter: ArchiveFilter,
    private readonly limit: number,
    private readonly after?: ReadPosition,
  ) {}

  /** Adds an object's events; false once the page is complete. */
  add(object: { readonly minTimestamp: number; readonly key: string; readonly events: readonly EventEnvelope[] }): boolean {
    const after = this.after;
    const start = after !== undefined && after.key === object.key && after.minTimestamp === object.minTimestamp ? after.index : 0;
    for (let index = start; index < object.events.length; index++) {
      const event = object.events[index]!;
      if (!matchesFilter(event, this.filter)) continue;
      if (this.items.length === this.limit) {
        this.next = { minTimestamp: object.minTimestamp, key: object.key, index };
        return false;
      }
      this.items.push(event);
    }
    return true;
  }
}
