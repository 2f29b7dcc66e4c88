import { MAX_JSON_BYTES, MAX_JSON_DEPTH, findJsonFault, isPlainObject, jsonEqual, utf8Bytes, validateJsonObject } from './json-object';

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

  const nested = (levels: number): Record<string, unknown> => {
    let deep: Record<string, unknown> = {};
    for (let i = 1; i < levels; i++) deep = { a: deep };
    return deep;
  };

  it('accepts 32 levels of nesting and refuses 33 as too_deep', () => {
    expect(validateJsonObject(nested(MAX_JSON_DEPTH), 'p').ok).toBe(true);
    expect(validateJsonObject(nested(MAX_JSON_DEPTH + 1), 'p')).toMatchObject({ ok: false, problem: { code: 'too_deep', path: 'p' } });
  });

  it('refuses 200,000 levels without exhausting the call stack', () => {
    expect(validateJsonObject(nested(200_000), 'properties')).toMatchObject({
      ok: false,
      problem: { code: 'too_deep', path: 'properties' },
    });
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

describe('findJsonFault', () => {
  it('counts the outermost container as level 1 and reports the first fault in document order', () => {
    expect(findJsonFault({ a: [1] }, 'b', 2)).toBeUndefined();
    expect(findJsonFault({ a: [[1]] }, 'b', 2)).toEqual({ kind: 'too_deep', path: 'b.a[0]' });
    expect(findJsonFault({ x: Number.NaN, y: [[[]]] }, 'b', 2)).toEqual({ kind: 'not_json', path: 'b.x' });
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
    [
      [1, 2],
      [2, 1],
    ],
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
