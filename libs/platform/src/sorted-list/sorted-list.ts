import type { ListItem } from '@onescale/ontology';

/**
 * A sorted list stored as documents addressed by `_id`: a head (directory of chunks plus the
 * list's last chunk inline, the "tail") and chunk documents `<listId>#<no>`. Most changes touch
 * only the tail (appends, the ranking's top), so most batches rewrite the head and nothing else.
 *
 * Crash safety without transactions (see apply-order in the store): chunk `i` owns the key range
 * [from_i, from_{i+1}) (chunk 0 from -inf; the last chunk up to `tailFrom`), the tail owns
 * [tailFrom, +inf). A chunk document may hold stray items outside its range after a crash between
 * writes; every reader and writer ignores them (`inRange`). Chunk numbers only grow (`nextNo`).
 */
export interface ChunkRef {
  readonly no: number;
  /** Lower bound of the chunk's key range (ignored for the first chunk, which starts at -inf). */
  readonly from: string;
  readonly count: number;
}

export interface ListHead {
  readonly chunks: readonly ChunkRef[];
  /** Keys >= tailFrom live in the tail ('' when there are no chunks). */
  readonly tailFrom: string;
  readonly tail: readonly ListItem[];
  readonly nextNo: number;
  readonly size: number;
}

export const emptyHead = (): ListHead => ({ chunks: [], tailFrom: '', tail: [], nextNo: 1, size: 0 });

/** Container id of the tail. */
export const TAIL = 0;

export interface ChunkWrite {
  readonly no: number;
  readonly items: readonly ListItem[];
  readonly isNew: boolean;
}

/** What to write, in order: `pre` before the head, then the head, then `post` and `deletes`. */
export interface ListChange {
  readonly head: ListHead;
  readonly changed: boolean;
  readonly pre: readonly ChunkWrite[];
  readonly post: readonly ChunkWrite[];
  readonly deletes: readonly number[];
}

export type ApplyResult = { readonly need: readonly number[] } | { readonly change: ListChange };

/** The container (chunk no, or TAIL) whose range holds `key`. */
export const containerOf = (head: ListHead, key: string): number => {
  const { chunks } = head;
  if (chunks.length === 0 || key >= head.tailFrom) return TAIL;
  let lo = 1;
  let hi = chunks.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (chunks[mid].from <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return chunks[found].no;
};

/** Range [lo, hi) of a container; undefined bounds are open. */
export const rangeOf = (head: ListHead, no: number): { lo?: string; hi?: string } => {
  if (no === TAIL) return head.chunks.length === 0 ? {} : { lo: head.tailFrom };
  const i = head.chunks.findIndex((c) => c.no === no);
  if (i < 0) return { lo: '\uffff', hi: '' }; // unknown chunk: nothing is in range
  return { ...(i === 0 ? {} : { lo: head.chunks[i].from }), hi: i + 1 < head.chunks.length ? head.chunks[i + 1].from : head.tailFrom };
};

/** Items of a stored chunk that really belong to it (drops strays left by a crash). */
export const inRange = (head: ListHead, no: number, items: readonly ListItem[]): ListItem[] => {
  const { lo, hi } = rangeOf(head, no);
  return items.filter((i) => (lo === undefined || i.k >= lo) && (hi === undefined || i.k < hi));
};

/** Containers in ascending key order with how many items each holds. */
export const containersAscending = (head: ListHead): Array<{ no: number; count: number }> => [
  ...head.chunks.map((c) => ({ no: c.no, count: c.count })),
  { no: TAIL, count: head.tail.length },
];

/**
 * Where an ascending read starts: after `after` (exclusive) when given, else after skipping
 * `skip` items. Returns the index into `containersAscending` and how many of that container's
 * in-range items to skip (for `skip` reads).
 */
export const ascendingStart = (head: ListHead, after: string | null, skip: number): { index: number; skipInFirst: number } => {
  const containers = containersAscending(head);
  if (after !== null) {
    const no = containerOf(head, after);
    return { index: containers.findIndex((c) => c.no === no), skipInFirst: 0 };
  }
  let left = skip;
  for (let i = 0; i < containers.length; i++) {
    if (left < containers[i].count) return { index: i, skipInFirst: left };
    left -= containers[i].count;
  }
  return { index: containers.length, skipInFirst: 0 };
};

/** Where a descending read starts: the container holding `before` (exclusive) or the tail. */
export const descendingStart = (head: ListHead, before: string | null): number => {
  const containers = containersAscending(head);
  if (before === null) return containers.length - 1;
  const no = containerOf(head, before);
  return containers.findIndex((c) => c.no === no);
};
