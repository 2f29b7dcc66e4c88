import type { ListConfig, ListItem, ListOp } from '@onescale/ontology';
import { containerOf, inRange, TAIL, type ApplyResult, type ChunkRef, type ChunkWrite, type ListHead } from './sorted-list';

/**
 * Applying ops to a sorted list (sorted-list.ts): the containers the ops touch are loaded by the
 * caller (asked for through `need`), changed in memory, then normalized: oversized chunks split,
 * emptied chunks dropped, the tail spilled into chunks (topping up the last one first) or refilled
 * from the last chunk. The result says what to write and in which order.
 */
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
export const applyListOps = (
  head: ListHead,
  loaded: ReadonlyMap<number, readonly ListItem[]>,
  ops: readonly ListOp[],
  cfg: ListConfig,
): ApplyResult => {
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
      let spill = tail.slice(0, tail.length - keep);
      // Top up the last chunk first: fewer, fuller chunks keep the directory (in the head) short.
      // Its range grows upwards, which is safe only because it is rewritten here from its in-range items.
      const lastAt = chunks.length - 1;
      const last = chunks[lastAt];
      if (last !== undefined && last.count < cfg.chunkMax) {
        const written = pre.findIndex((w) => w.no === last.no);
        const stored = written >= 0 ? pre[written].items : loaded.get(last.no);
        if (stored === undefined) return { need: [last.no] };
        const items = written >= 0 ? [...stored] : inRange(head, last.no, stored);
        const top = spill.slice(0, Math.max(0, cfg.chunkMax - items.length));
        if (top.length > 0) {
          const merged = [...items, ...top];
          const write = { no: last.no, items: merged, isNew: written >= 0 ? pre[written].isNew : false };
          if (written >= 0) pre[written] = write;
          else pre.push(write);
          chunks[lastAt] = { ...last, count: merged.length };
          spill = spill.slice(top.length);
        }
      }
      const grew = spill.length < tail.length - keep;
      tail = tail.slice(tail.length - keep);
      pieces(spill, cfg.chunkMax).forEach((piece, i) => {
        const no = nextNo++;
        // The first spilled chunk takes over the tail's old lower bound (unless the last chunk grew
        // over it), so no range grows upwards.
        chunks.push({ no, from: i === 0 && !grew ? tailFrom : piece[0].k, count: piece.length });
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
