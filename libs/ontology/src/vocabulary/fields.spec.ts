import { asFields, charLength, lookupIds, readEpochMs, readId, readName } from './fields';

describe('input primitives', () => {
  it('asFields rejects a non-object item', () => {
    expect(asFields([1])).toMatchObject({ ok: false, problem: { code: 'invalid_item' } });
    expect(asFields({ a: 1 })).toEqual({ ok: true, value: { a: 1 } });
  });

  it("asFields with known fields makes any other key the item's unknown_field, at that key", () => {
    expect(asFields({ a: 1 }, ['a', 'b'])).toEqual({ ok: true, value: { a: 1 } });
    expect(asFields({ a: 1, colour: 'red' }, ['a'])).toMatchObject({ ok: false, problem: { code: 'unknown_field', path: 'colour' } });
  });

  it('lookupIds takes only id-shaped values of object items', () => {
    expect(lookupIds([{ a: 'x', b: 7 }, null, 'a', { a: '', b: 'y' }, { b: 'z'.repeat(300) }], ['a', 'b'])).toEqual(['x', 'y']);
  });

  it('readId wants a non-empty string of at most 256 chars', () => {
    expect(readId('t1', 'fromThingId')).toEqual({ ok: true, value: 't1' });
    for (const bad of ['', 7, null, 'x'.repeat(257)]) {
      expect(readId(bad, 'fromThingId')).toMatchObject({ ok: false, problem: { code: 'invalid_field', path: 'fromThingId' } });
    }
  });

  it('readEpochMs wants a safe integer', () => {
    expect(readEpochMs(1_700_000_000_000, 't')).toEqual({ ok: true, value: 1_700_000_000_000 });
    for (const bad of [1.5, '1700000000000', Number.NaN, 2 ** 60]) expect(readEpochMs(bad, 't').ok).toBe(false);
  });

  it('readName trims and counts characters, not UTF-16 units', () => {
    expect(readName('  hi  ', 'name', 3)).toEqual({ ok: true, value: 'hi' });
    expect(readName('😀😀😀', 'name', 3).ok).toBe(true);
    expect(charLength('😀')).toBe(1);
    expect(readName('abcd', 'name', 3)).toMatchObject({ ok: false, problem: { code: 'invalid_name' } });
  });

  it.each([['a\u0000b'], ['line\nbreak'], ['tab\there'], ['esc\u001b[31m'], ['del\u007f'], ['c1\u0085']])(
    'readName refuses the control characters in %p',
    (v) => {
      expect(readName(v, 'name', 512)).toMatchObject({
        ok: false,
        problem: { code: 'invalid_name', path: 'name', message: expect.stringContaining('control character') },
      });
    },
  );

  it.each([[''], ['   '], ['\n\t'], [null], [42]])('readName rejects %p', (v) => {
    expect(readName(v, 'name', 512)).toMatchObject({ ok: false, problem: { code: 'invalid_name', path: 'name' } });
  });
});
