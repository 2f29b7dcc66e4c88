import type { EventEnvelope } from '@onescale/ontology';
import { PageCollector, checkRange, decodeReadCursor, encodeReadCursor, matchesFilter } from './read-cursor';

const event = (id: string, timestamp: number, type = 'content_viewed'): EventEnvelope => ({
  id,
  type,
  groupId: 'g',
  rootGroupId: 'g',
  timestamp,
  recordedAt: timestamp,
  data: { metadata: {} },
  schemaVersion: 1,
});

const objectA = {
  minTimestamp: 100,
  key: 'events/g/a',
  events: [event('a0', 100), event('a1', 110, 'revenue_generated'), event('a2', 120)],
};
const objectB = { minTimestamp: 200, key: 'events/g/b', events: [event('b0', 200), event('b1', 210, 'revenue_generated')] };

const collect = (collector: PageCollector, objects: Array<typeof objectA>): string[] => {
  for (const o of objects) if (!collector.add(o)) break;
  return collector.items.map((e) => e.id);
};

describe('read cursor', () => {
  it('round-trips a position', () => {
    const position = { minTimestamp: 1_700_000_000_000, key: 'events/g%2Fx/2024/01/02/id.jsonl.gz', index: 42 };
    expect(decodeReadCursor(encodeReadCursor(position))).toEqual({ ok: true, value: position });
  });

  it.each([
    ['not base64 json', '!!!'],
    ['a JSON object', Buffer.from('{"a":1}').toString('base64url')],
    ['a negative index', encodeReadCursor({ minTimestamp: 1, key: 'k', index: -1 })],
    ['an empty key', encodeReadCursor({ minTimestamp: 1, key: '', index: 0 })],
  ])('rejects %s as invalid_cursor', (_what, cursor) => {
    expect(decodeReadCursor(cursor)).toMatchObject({ ok: false, problem: { code: 'invalid_cursor', path: 'cursor' } });
  });
});

describe('filters', () => {
  it('keeps [from, to) and the type', () => {
    expect(matchesFilter(event('x', 100), { from: 100, to: 101 })).toBe(true);
    expect(matchesFilter(event('x', 101), { from: 100, to: 101 })).toBe(false);
    expect(matchesFilter(event('x', 99), { from: 100 })).toBe(false);
    expect(matchesFilter(event('x', 99, 'a'), { type: 'b' })).toBe(false);
  });

  it('refuses from after to', () => {
    expect(checkRange({ from: 5, to: 4 })).toMatchObject({ ok: false, problem: { code: 'validation_failed', path: 'from' } });
    expect(checkRange({ from: 4, to: 4 }).ok).toBe(true);
  });
});

describe('PageCollector', () => {
  it('given more matches than the limit, stops at the limit and points at the next match', () => {
    const page = new PageCollector({}, 2);
    expect(collect(page, [objectA, objectB])).toEqual(['a0', 'a1']);
    expect(page.next).toEqual({ minTimestamp: 100, key: 'events/g/a', index: 2 });
  });

  it('resumes inside an object and crosses into the next one', () => {
    const page = new PageCollector({}, 2, { minTimestamp: 100, key: 'events/g/a', index: 2 });
    expect(collect(page, [objectA, objectB])).toEqual(['a2', 'b0']);
    expect(page.next).toEqual({ minTimestamp: 200, key: 'events/g/b', index: 1 });
  });

  it('has no next position when the last match fills the page exactly', () => {
    const page = new PageCollector({ type: 'revenue_generated' }, 2);
    expect(collect(page, [objectA, objectB])).toEqual(['a1', 'b1']);
    expect(page.next).toBeNull();
  });

  it('pages through everything exactly once', () => {
    const seen: string[] = [];
    let after;
    do {
      const page: PageCollector = new PageCollector({}, 1, after);
      const from = after === undefined ? 0 : [objectA, objectB].findIndex((o) => o.key === after!.key);
      seen.push(...collect(page, [objectA, objectB].slice(from)));
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(seen).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
  });
});
