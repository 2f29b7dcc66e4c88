import { ApiKeyCache } from './api-key-cache';
import type { Caller } from './caller';

const caller: Caller = { kind: 'group', keyId: 'k1', groupId: 'g', rootGroupId: 'g', role: 'reader' };

describe('ApiKeyCache', () => {
  let now = 0;
  const cache = (ttl = 1000) => new ApiKeyCache(() => now, ttl);
  beforeEach(() => (now = 0));

  it('remembers a valid key until its TTL passes', () => {
    const keys = cache();
    keys.store(keys.begin(), 'h1', caller);
    now = 999;
    expect(keys.get('h1')).toBe(caller);
    now = 1000;
    expect(keys.get('h1')).toBeUndefined();
  });

  it('forgets a key the moment it is evicted', () => {
    const keys = cache();
    keys.store(keys.begin(), 'h1', caller);
    keys.evict('h1');
    expect(keys.get('h1')).toBeUndefined();
  });

  it('does not let a lookup that raced a revocation put the key back', () => {
    // given a lookup that began before the revocation and finishes after it
    const keys = cache();
    const ticket = keys.begin();
    keys.evict('h1');
    keys.store(ticket, 'h1', caller);
    // then the key is not cached
    expect(keys.get('h1')).toBeUndefined();
  });

  it('caches nothing when its TTL is 0', () => {
    const keys = cache(0);
    keys.store(keys.begin(), 'h1', caller);
    expect(keys.get('h1')).toBeUndefined();
  });

  it('stays within its size by dropping the oldest entry', () => {
    const keys = new ApiKeyCache(() => now, 1000, 2);
    for (const hash of ['a', 'b', 'c']) keys.store(keys.begin(), hash, caller);
    expect(['a', 'b', 'c'].map((h) => keys.get(h) !== undefined)).toEqual([false, true, true]);
  });
});
