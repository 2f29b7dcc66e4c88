import { decodeCursor, encodeCursor, parseCursor, parseLimit } from './cursor';

describe('cursors', () => {
  it('round-trips the sort key through an opaque url-safe string', () => {
    const cursor = encodeCursor('activity', { at: 1_740_787_200_123, id: 'ev-ü/+?' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('activity', cursor)).toEqual({ ok: true, value: { at: 1_740_787_200_123, id: 'ev-ü/+?' } });
  });

  it('rejects a cursor of another list, a tampered one, an oversized one and non-strings', () => {
    const cursor = encodeCursor('things', { at: 1, id: 'x' });
    expect(decodeCursor('relationships', cursor)).toMatchObject({ ok: false, problem: { code: 'invalid_cursor', path: 'cursor' } });
    expect(decodeCursor('things', `${cursor.slice(0, -2)}!!`)).toMatchObject({ ok: false });
    expect(decodeCursor('things', 'e30')).toMatchObject({ ok: false }); // "{}"
    expect(decodeCursor('things', encodeCursor('things', { at: 1, id: '' }))).toMatchObject({ ok: false });
    expect(decodeCursor('things', 'A'.repeat(600))).toMatchObject({ ok: false });
    expect(parseCursor(42, 'things')).toMatchObject({ ok: false, problem: { code: 'invalid_cursor' } });
    expect(parseCursor(undefined, 'things')).toEqual({ ok: true, value: null });
  });

  it('parses limits: default when absent, clamped above the maximum, whole numbers from 1', () => {
    const rule = { defaultLimit: 20, maxLimit: 100 };
    expect(parseLimit(undefined, rule)).toEqual({ ok: true, value: 20 });
    expect(parseLimit(' 7 ', rule)).toEqual({ ok: true, value: 7 });
    expect(parseLimit(101, rule)).toEqual({ ok: true, value: 100 });
    expect(parseLimit('99999999999', rule)).toEqual({ ok: true, value: 100 });
    for (const bad of ['0', 0, '-1', 'ten', '1e2', 2.5]) {
      expect(parseLimit(bad, rule)).toMatchObject({ ok: false, problem: { code: 'invalid_limit', path: 'limit' } });
    }
  });
});
