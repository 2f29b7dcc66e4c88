import { ApiCallsReader, type ApiCallsRead } from './api-calls-reader';
import { ReadCache } from './read-cache';

describe('ApiCallsReader', () => {
  const now = Date.UTC(2026, 11, 7);
  let stored: ApiCallsRead;
  let loads: number;
  let held: Map<number, number>;
  const reader = (cache = new ReadCache()) =>
    new ApiCallsReader(
      () => {
        loads++;
        return Promise.resolve(stored);
      },
      (partition) => Promise.resolve(held.get(partition)),
      cache,
    );
  beforeEach(() => {
    stored = { calls: 12, partition: 2 };
    loads = 0;
    held = new Map([[2, 40]]);
  });

  it('reads the document once while the usage partition that counts the calls has not moved', async () => {
    const r = reader();
    expect(await r.of('g', now)).toBe(12); // learns the partition
    expect(await r.of('g', now)).toBe(12); // stamps the entry with its offset
    stored = { calls: 13, partition: 2 };
    expect(await r.of('g', now)).toBe(12);
    expect(loads).toBe(2);
    held.set(2, 41);
    expect(await r.of('g', now)).toBe(13);
    expect(loads).toBe(3);
  });

  it('reads every time when this process does not project the partition', async () => {
    held.clear();
    const r = reader();
    for (let i = 0; i < 3; i++) expect(await r.of('g', now)).toBe(12);
    expect(loads).toBe(3);
  });

  it('reads every time while the group has no calls yet, or calls counted on several partitions', async () => {
    stored = { calls: 0, partition: null };
    const r = reader();
    for (let i = 0; i < 3; i++) expect(await r.of('g', now)).toBe(0);
    expect(loads).toBe(3);
  });

  it('keeps a month apart from the next', async () => {
    const r = reader();
    await r.of('g', now);
    await r.of('g', now);
    stored = { calls: 1, partition: 2 };
    expect(await r.of('g', Date.UTC(2027, 0, 1))).toBe(1);
    expect(loads).toBe(3);
  });

  it('keeps nothing when the cache is off', async () => {
    const r = reader(new ReadCache(0));
    for (let i = 0; i < 3; i++) await r.of('g', now);
    expect(loads).toBe(3);
  });

  it('does not stamp what it read with the offset of a partition the document no longer names', async () => {
    const r = reader();
    await r.of('g', now);
    stored = { calls: 30, partition: 0 }; // the calls moved to another partition (a topic resized)
    expect(await r.of('g', now)).toBe(30);
    stored = { calls: 31, partition: 0 };
    held.set(0, 40); // the offset partition 2 stood at: what was read then must not count as partition 0's
    expect(await r.of('g', now)).toBe(31);
    expect(loads).toBe(3);
  });
});
