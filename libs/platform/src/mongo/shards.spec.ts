import type { Db } from 'mongodb';
import { Shards } from './shards';

describe('read-model shards', () => {
  const noDb = {} as Db; // naming needs no database

  it('keeps one collection per read model when there is a single shard', () => {
    expect(new Shards(noDb, 1).name('entities', 'anything')).toBe('entities');
    expect(new Shards(noDb, 1, 'rebuild_x_').name('entities', 'anything')).toBe('rebuild_x_entities');
  });

  it('spreads ids over numbered collections, the same id always to the same one', () => {
    const shards = new Shards(noDb, 8);
    const names = new Set(Array.from({ length: 200 }, (_, i) => shards.name('entities', `id-${i}`)));
    expect(names.size).toBe(8);
    expect([...names].every((n) => /^entities_0[0-7]$/.test(n))).toBe(true);
    expect(shards.name('entities', 'id-42')).toBe(new Shards(noDb, 8).name('entities', 'id-42'));
    const grouped = shards.group('entities', ['a', 'b', 'a']);
    expect([...grouped.values()].flat().sort()).toEqual(['a', 'a', 'b']);
  });
});
