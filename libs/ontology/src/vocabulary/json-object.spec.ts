import { MAX_JSON_BYTES, isPlainObject, jsonEqual, utf8Bytes, validateJsonObject } from './json-object';

describe('validateJsonObject', () => {
  it('accepts a plain object', () => {
    expect(validateJsonObject({ a: [1, 'x', null, { b: true }] }, 'properties')).toEqual({
      ok: true,
      value: { a: [1, 'x', null, { b: true }] },
    });
  });

  it.each([[null], [[1]], ['text'], [3], [undefined], [new Date(0)]])('rejects %p as not an object', (v) => {
    const r = validateJsonObject(v, 'properties');
    expect(r).toMatchObject({ ok: false, problem: { code: 'invalid_json', path: 'properties' } });
  });

  it.each([
    [{ a: undefined }, 'metadata.a'],
    [{ a: [1, Number.NaN] }, 'metadata.a[1]'],
    [{ a: { b: Infinity } }, 'metadata.a.b'],
    [{ f: () => 1 }, 'metadata.f'],
    [{ d: new Date(0) }, 'metadata.d'],
  ])('rejects a value JSON cannot carry: %p', (v, where) => {
    const r = validateJsonObject(v, 'metadata');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toBe(`${where} is not a JSON value`);
  });

  it('rejects nesting deeper than 64 levels', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(validateJsonObject({ deep }, 'p')).toMatchObject({ ok: false, problem: { code: 'invalid_json' } });
  });

  it('accepts exactly 64 KiB of JSON and rejects one byte more', () => {
    const overhead = '{"s":""}'.length;
    const fits = { s: 'x'.repeat(MAX_JSON_BYTES - overhead) };
    expect(validateJsonObject(fits, 'p').ok).toBe(true);
    const over = { s: 'x'.repeat(MAX_JSON_BYTES - overhead + 1) };
    expect(validateJsonObject(over, 'p')).toMatchObject({ ok: false, problem: { code: 'too_large', path: 'p' } });
  });

  it('measures UTF-8 bytes, not characters', () => {
    const overhead = '{"s":""}'.length;
    const euro = { s: '€'.repeat(Math.floor((MAX_JSON_BYTES - overhead) / 3) + 1) };
    expect(validateJsonObject(euro, 'p').ok).toBe(false);
    expect(utf8Bytes('€')).toBe(3);
  });
});

describe('jsonEqual', () => {
  it('ignores key order and compares deeply', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
  });
  it.each([
    [{ a: 1 }, { a: 2 }],
    [{ a: 1 }, { a: 1, b: 1 }],
    [{ a: undefined }, { b: undefined }],
    [[1, 2], [2, 1]],
    [[1], { 0: 1 }],
    [null, {}],
  ])('tells %j from %j', (a, b) => {
    expect(jsonEqual(a, b)).toBe(false);
  });
});

describe('isPlainObject', () => {
  it('accepts null-prototype objects and rejects class instances', () => {
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(new Map())).toBe(false);
  });
});
