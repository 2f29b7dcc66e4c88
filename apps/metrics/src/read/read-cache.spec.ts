import { ReadCache } from './read-cache';

describe('the read cache', () => {
  it('answers only under the stamp the value was loaded at', () => {
    const cache = new ReadCache();
    cache.set('stats|c1', 41, { revenue: 5 });
    expect(cache.get('stats|c1', 41)).toEqual({ revenue: 5 });
    expect(cache.get('stats|c1', 42)).toBeUndefined();
    expect(cache.get('stats|c2', 41)).toBeUndefined();
  });

  it('a new load replaces the entry and its stamp', () => {
    const cache = new ReadCache();
    cache.set('k', 1, 'old');
    cache.set('k', 2, 'new');
    expect(cache.get('k', 1)).toBeUndefined();
    expect(cache.get('k', 2)).toBe('new');
    expect(cache.size).toBe(1);
  });

  it('keeps at most its bound, dropping the least recently used', () => {
    const cache = new ReadCache(2);
    cache.set('a', 0, 'a');
    cache.set('b', 0, 'b');
    expect(cache.get('a', 0)).toBe('a'); // a is now more recent than b
    cache.set('c', 0, 'c');
    expect(cache.size).toBe(2);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe('a');
    expect(cache.get('c', 0)).toBe('c');
  });

  it('keeps nothing with a bound of 0', () => {
    const cache = new ReadCache(0);
    cache.set('a', 0, 'a');
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
