import { DocCache } from './doc-cache';

describe('the projector document cache', () => {
  it('remembers documents, and documents known to be absent, until cleared', () => {
    const cache = new DocCache();
    cache.set('entities', 'a', { _id: 'a', thing: 'x' });
    cache.set('entities', 'b', null);
    expect(cache.get('entities', 'a')).toEqual({ _id: 'a', thing: 'x' });
    expect(cache.get('entities', 'b')).toBeNull();
    expect(cache.get('entities', 'c')).toBeUndefined();
    expect(cache.get('group_metrics', 'a')).toBeUndefined(); // per collection
    cache.clear();
    expect(cache.get('entities', 'a')).toBeUndefined();
  });

  it('drops the least recently used documents beyond its byte budget', () => {
    const cache = new DocCache(1000);
    cache.set('entities', 'old', { _id: 'old', thing: 'x'.repeat(400) });
    cache.set('entities', 'used', { _id: 'used', thing: 'y'.repeat(400) });
    cache.get('entities', 'old'); // used again: now the most recent
    cache.set('entities', 'new', { _id: 'new', thing: 'z'.repeat(400) });
    expect(cache.get('entities', 'used')).toBeUndefined();
    expect(cache.get('entities', 'old')).toBeDefined();
    expect(cache.get('entities', 'new')).toBeDefined();
  });
});
