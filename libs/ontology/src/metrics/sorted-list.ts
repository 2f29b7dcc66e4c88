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
export interface ListItem {
  readonly k: string;
  /** Opaque text (JSON) the list keeps with the key, if any. */
  readonly v?: string;
}

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

export interface ListConfig {
  readonly chunkMax: number;
  readonly tailMax: number;
  /** The tail is refilled from the last chunk below this (the ranking reads its top from the tail). */
  readonly tailMin: number;
}

export type ListOp = { readonly op: 'add'; readonly key: string; readonly value?: string } | { readonly op: 'remove'; readonly key: string };

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

const sortedItems = (m: ReadonlyMap<string, string | undefined>): ListItem[] =>
  [...m.keys()].sort().map((k) => {
    const v = m.get(k);
    return v === undefined ? { k } : { k, v };
  });

const toMap = (items: readonly ListItem[]): Map<string, string | undefined> => new Map(items.map((i) => [i.k, i.v]));

const pieces = (items: readonly ListItem[], max: number): ListItem[][] => {
  const count = Math.ceil(items.length / max);
  const size = Math.ceil(items.length / count);
  return Array.from({ length: count }, (_, i) => items.slice(i * size, (i + 1) * size));
};

/**
 * Applies ops in order (add = insert or replace the value; remove = delete the key, no-op when
 * absent: both idempotent). Returns the chunks it must see first when they are not in `loaded`.
 */
export const applyListOps = (head: ListHead, loaded: ReadonlyMap<number, readonly ListItem[]>, ops: readonly ListOp[], cfg: ListConfig): ApplyResult => {
  const touched = new Set(ops.map((o) => containerOf(head, o.key)));
  touched.delete(TAIL);
  const missing = [...touched].filter((no) => !loaded.has(no));
  if (missing.length > 0) return { need: missing };
  if (ops.length === 0) return { change: { head, changed: false, pre: [], post: [], deletes: [] } };

  const maps = new Map<number, Map<string, string | undefined>>([[TAIL, toMap(head.tail)]]);
  for (const no of touched) maps.set(no, toMap(inRange(head, no, loaded.get(no) ?? [])));
  const dirty = new Set<number>();
  for (const o of ops) {
    const no = containerOf(head, o.key);
    const m = maps.get(no)!;
    if (o.op === 'add') {
      if (m.has(o.key) && m.get(o.key) === o.value) continue;
      m.set(o.key, o.value);
    } else if (!m.delete(o.key)) continue;
    dirty.add(no);
  }
  // A crash between a chunk write and its head write leaves the head's count stale: recount what was loaded.
  const recounted = head.chunks.map((ref) => (maps.has(ref.no) && !dirty.has(ref.no) ? { ...ref, count: maps.get(ref.no)!.size } : ref));
  const stale = recounted.some((ref, i) => ref.count !== head.chunks[i].count);
  if (dirty.size === 0 && !stale) return { change: { head, changed: false, pre: [], post: [], deletes: [] } };

  let nextNo = head.nextNo;
  const chunks: ChunkRef[] = [];
  const pre: ChunkWrite[] = [];
  const post: ChunkWrite[] = [];
  const deletes: number[] = [];
  let tailFrom = head.tailFrom;
  // Ranges only ever grow downwards (an emptied chunk hands its range to the container after it):
  // stray items sit above a chunk's range, so a range that grew upwards could expose them.
  let pendingFrom: string | null = null;
  const push = (ref: ChunkRef): void => {
    chunks.push(pendingFrom === null ? ref : { ...ref, from: pendingFrom });
    pendingFrom = null;
  };
  for (const ref of recounted) {
    const m = maps.get(ref.no);
    if (m === undefined || !dirty.has(ref.no)) {
      push(ref);
      continue;
    }
    const items = sortedItems(m);
    if (items.length === 0) {
      deletes.push(ref.no);
      pendingFrom ??= ref.from;
      continue;
    }
    if (items.length <= cfg.chunkMax) {
      push({ ...ref, count: items.length });
      pre.push({ no: ref.no, items, isNew: false });
      continue;
    }
    // Split: the new chunks are written first, the first piece keeps the number and is written
    // untruncated before the head and truncated after it.
    const [first, ...rest] = pieces(items, cfg.chunkMax);
    push({ ...ref, count: first.length });
    pre.push({ no: ref.no, items, isNew: false });
    post.push({ no: ref.no, items: first, isNew: false });
    for (const piece of rest) {
      const no = nextNo++;
      chunks.push({ no, from: piece[0].k, count: piece.length });
      pre.push({ no, items: piece, isNew: true });
    }
  }
  if (pendingFrom !== null) tailFrom = pendingFrom;
  if (chunks.length === 0) tailFrom = '';

  let tail = sortedItems(maps.get(TAIL)!);
  for (;;) {
    if (tail.length > cfg.tailMax) {
      const keep = Math.max(cfg.tailMin, Math.floor(cfg.tailMax / 2));
      const spill = tail.slice(0, tail.length - keep);
      tail = tail.slice(tail.length - keep);
      pieces(spill, cfg.chunkMax).forEach((piece, i) => {
        const no = nextNo++;
        // The first spilled chunk takes over the tail's old lower bound, so no range grows upwards.
        chunks.push({ no, from: i === 0 ? tailFrom : piece[0].k, count: piece.length });
        pre.push({ no, items: piece, isNew: true });
      });
      tailFrom = tail[0].k;
      continue;
    }
    if (tail.length < cfg.tailMin && chunks.length > 0) {
      const last = chunks[chunks.length - 1];
      const written = pre.find((w) => w.no === last.no);
      const stored = written?.items ?? loaded.get(last.no);
      if (stored === undefined) return { need: [last.no] };
      // Items of the chunk that are in its range (a pre-written split chunk is truncated here).
      const items = stored.filter((i) => (chunks.length === 1 || i.k >= last.from) && i.k < tailFrom);
      chunks.pop();
      tail = [...items, ...tail];
      tailFrom = chunks.length === 0 ? '' : last.from;
      const at = pre.findIndex((w) => w.no === last.no && w.isNew);
      if (at >= 0) pre.splice(at, 1);
      else deletes.push(last.no);
      continue;
    }
    break;
  }
  const size = chunks.reduce((n, c) => n + c.count, 0) + tail.length;
  const next: ListHead = { chunks, tailFrom, tail, nextNo, size };
  // A split chunk that ends up deleted needs no post write.
  const gone = new Set(deletes);
  return { change: { head: next, changed: true, pre, post: post.filter((w) => !gone.has(w.no)), deletes } };
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
