import type { ListConfig, ListItem, ListOp } from '@onescale/ontology';
import { applyListOps } from './sorted-list-apply';
import { ascendingStart, containersAscending, descendingStart, emptyHead, inRange, TAIL, type ListHead } from './sorted-list';

const CFG: ListConfig = { chunkMax: 4, tailMax: 4, tailMin: 2 };

/** A store of one list: the head document and chunk documents, written in the documented order. */
class MemoryList {
  head: ListHead = emptyHead();
  chunks = new Map<number, ListItem[]>();

  /** Applies ops; `crash` stops after the named write step, as a process kill would. */
  apply(ops: readonly ListOp[], crash?: 'pre' | 'head' | 'post', cfg = CFG): void {
    const loaded = new Map<number, ListItem[]>();
    for (;;) {
      const result = applyListOps(this.head, loaded, ops, cfg);
      if ('need' in result) {
        for (const no of result.need) loaded.set(no, this.chunks.get(no) ?? []);
        continue;
      }
      const { change } = result;
      for (const w of change.pre) this.chunks.set(w.no, [...w.items]);
      if (crash === 'pre') return;
      this.head = change.head;
      if (crash === 'head') return;
      for (const w of change.post) this.chunks.set(w.no, [...w.items]);
      if (crash === 'post') return;
      for (const no of change.deletes) this.chunks.delete(no);
      return;
    }
  }

  /** Every item as a reader sees it, ascending. */
  items(): ListItem[] {
    return containersAscending(this.head).flatMap(({ no }) =>
      no === TAIL ? [...this.head.tail] : inRange(this.head, no, this.chunks.get(no) ?? []),
    );
  }
}

const keys = (items: readonly ListItem[]): string[] => items.map((i) => i.k);
const add = (key: string, value?: string): ListOp => ({ op: 'add', key, ...(value === undefined ? {} : { value }) });
const remove = (key: string): ListOp => ({ op: 'remove', key });
const k = (n: number): string => String(n).padStart(4, '0');

/** Deterministic pseudo-random numbers (tests must not depend on Math.random). */
const lcg = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

describe('sorted list in chunk documents', () => {
  it('keeps appends in the inline tail, then spills the oldest into chunk documents', () => {
    const list = new MemoryList();
    list.apply([1, 2, 3].map((n) => add(k(n))));
    expect(list.chunks.size).toBe(0);
    list.apply([4, 5, 6].map((n) => add(k(n))));
    expect(list.head.chunks.length).toBe(1);
    expect(list.head.tail.length).toBe(2);
    expect(keys(list.items())).toEqual([1, 2, 3, 4, 5, 6].map(k));
    expect(list.head.size).toBe(6);
  });

  it('fills the last chunk before starting a new one, so one-at-a-time appends keep the directory short', () => {
    const list = new MemoryList();
    const cfg = { chunkMax: 8, tailMax: 4, tailMin: 2 };
    for (let n = 0; n < 100; n++) list.apply([add(k(n))], undefined, cfg);
    expect(keys(list.items())).toEqual(Array.from({ length: 100 }, (_, n) => k(n)));
    expect(list.head.chunks.length).toBeLessThanOrEqual(Math.ceil(100 / cfg.chunkMax));
    expect(list.head.chunks.slice(0, -1).every((c) => c.count === cfg.chunkMax)).toBe(true);
  });

  it('treats add and remove as idempotent: repeating them changes nothing', () => {
    const list = new MemoryList();
    list.apply([add(k(1), 'a'), add(k(2), 'b')]);
    const again = applyListOps(list.head, new Map(), [add(k(1), 'a'), remove(k(9))], CFG);
    expect('change' in again && again.change.changed).toBe(false);
    list.apply([add(k(1), 'c')]);
    expect(list.items()).toEqual([
      { k: k(1), v: 'c' },
      { k: k(2), v: 'b' },
    ]);
  });

  it('splits a full chunk on inserts in the middle and hands an emptied range to the next container', () => {
    const list = new MemoryList();
    list.apply([10, 20, 30, 40, 50, 60, 70, 80].map((n) => add(k(n))));
    const before = list.head.chunks.length;
    list.apply([11, 12, 13, 14, 15].map((n) => add(k(n))));
    expect(list.head.chunks.length).toBeGreaterThan(before);
    expect(keys(list.items())).toEqual([10, 11, 12, 13, 14, 15, 20, 30, 40, 50, 60, 70, 80].map(k));
    list.apply([10, 11, 12, 13, 14, 15].map((n) => remove(k(n))));
    expect(keys(list.items())).toEqual([20, 30, 40, 50, 60, 70, 80].map(k));
    list.apply([add(k(12))]);
    expect(keys(list.items())).toEqual([12, 20, 30, 40, 50, 60, 70, 80].map(k));
  });

  it('refills a tail that ran low from the last chunk, asking for it when it was not loaded', () => {
    const list = new MemoryList();
    list.apply([1, 2, 3, 4, 5, 6, 7].map((n) => add(k(n))));
    const tail = keys(list.head.tail);
    const result = applyListOps(list.head, new Map(), tail.map(remove), CFG);
    expect('need' in result && result.need.length).toBe(1);
    list.apply(tail.map(remove));
    expect(list.head.tail.length).toBeGreaterThanOrEqual(CFG.tailMin);
    expect(keys(list.items())).toEqual([1, 2, 3, 4, 5, 6, 7].map(k).filter((x) => !tail.includes(x)));
  });

  it('finds where ascending and descending reads start', () => {
    const list = new MemoryList();
    list.apply([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => add(k(n))));
    const containers = containersAscending(list.head);
    const { index, skipInFirst } = ascendingStart(list.head, null, 3);
    const skipped = containers.slice(0, index).reduce((n, c) => n + c.count, 0) + skipInFirst;
    expect(skipped).toBe(3);
    expect(ascendingStart(list.head, null, 100).index).toBe(containers.length);
    expect(containers[descendingStart(list.head, null)].no).toBe(TAIL);
    expect(containers[ascendingStart(list.head, k(1), 0).index].no).toBe(list.head.chunks[0].no);
  });

  it('reads the same list whatever step a crash interrupted, once the ops are applied again', () => {
    const random = lcg(42);
    for (const crash of ['pre', 'head', 'post'] as const) {
      const reference = new Map<string, string | undefined>();
      const clean = new MemoryList();
      const crashed = new MemoryList();
      for (let round = 0; round < 120; round++) {
        const ops: ListOp[] = Array.from({ length: 1 + Math.floor(random() * 6) }, () => {
          const key = k(Math.floor(random() * 60));
          return random() < 0.65 ? add(key, String(round)) : remove(key);
        });
        for (const o of ops)
          if (o.op === 'add') reference.set(o.key, o.value);
          else reference.delete(o.key);
        clean.apply(ops);
        if (round % 7 === 3) {
          crashed.apply(ops, crash);
          // what the reader sees between the crash and the retry is a valid list, only stale
          expect(keys(crashed.items())).toEqual([...new Set(keys(crashed.items()))]);
        }
        crashed.apply(ops); // the redelivered batch
        const expected = [...reference.keys()].sort();
        expect(keys(clean.items())).toEqual(expected);
        expect(crashed.items()).toEqual(clean.items());
        expect(crashed.head.size).toBe(expected.length);
      }
    }
  });
});
