import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { externalSort } from './external-sort';

interface Item {
  readonly key: number;
  readonly id: string;
  readonly text: string;
}

const byKeyThenId = (a: Item, b: Item): number => a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function* source(items: readonly Item[]): AsyncGenerator<Item> {
  yield* items;
}

const collect = async (iterable: AsyncIterable<Item>): Promise<Item[]> => {
  const out: Item[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

/** Deterministic items in scrambled order, with repeated keys and multi-byte text. */
const scrambled = (n: number): Item[] =>
  Array.from({ length: n }, (_, i) => {
    const j = (i * 7919) % n;
    return { key: j % 97, id: `id-${String(j).padStart(6, '0')}`, text: `é🙂 "${j}"\n`.repeat(j % 5) };
  });

describe('externalSort', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'external-sort-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns every item in order when the input spans many spilled runs', async () => {
    const items = scrambled(10_000);
    const sorted = await collect(externalSort(source(items), { compare: byKeyThenId, runSize: 700, dir }));
    expect(sorted).toEqual([...items].sort(byKeyThenId));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps an input of one run in memory', async () => {
    const items = scrambled(500);
    const iterator = externalSort(source(items), { compare: byKeyThenId, runSize: 500, dir });
    const first = await iterator.next();
    expect(first.value).toEqual([...items].sort(byKeyThenId)[0]);
    expect(readdirSync(dir)).toEqual([]);
    expect((await collect({ [Symbol.asyncIterator]: () => iterator })).length).toBe(499);
  });

  it('removes its runs when the reader stops early', async () => {
    const iterator = externalSort(source(scrambled(3000)), { compare: byKeyThenId, runSize: 1000, dir });
    await iterator.next();
    expect(readdirSync(dir)).toHaveLength(1);
    await iterator.return(undefined);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('round-trips lines longer than a read chunk', async () => {
    const long = (key: number): Item => ({ key, id: `long-${key}`, text: '🙂é'.repeat(40_000 + key) });
    const items = [long(3), long(1), long(2), long(0)];
    expect(await collect(externalSort(source(items), { compare: byKeyThenId, runSize: 1, dir }))).toEqual([
      long(0),
      long(1),
      long(2),
      long(3),
    ]);
  });
});
