import { DEFAULT_COMPOSITION } from '../vocabulary/composition';
import { MAX_JSON_BYTES } from '../vocabulary/json-object';
import { thingBytes } from './thing-bytes';
import { validateNewThing } from './validate-new-thing';

const ctx = { composition: DEFAULT_COMPOSITION };
const problemOf = (input: unknown, c: Parameters<typeof validateNewThing>[1] = ctx) => {
  const r = validateNewThing(input, c);
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
};

describe('validateNewThing', () => {
  it('normalizes a minimal thing: name trimmed, properties {}, status draft', () => {
    expect(validateNewThing({ type: 'course', name: '  Intro to Kafka \n' }, ctx)).toEqual({
      ok: true,
      value: { type: 'course', name: 'Intro to Kafka', properties: {}, status: 'draft' },
    });
  });

  it("uses the batch's defaultStatus when the item has none, and the item's status over it", () => {
    const batch = { ...ctx, defaultStatus: 'active' as const };
    expect(validateNewThing({ type: 'video', name: 'v' }, batch)).toMatchObject({ value: { status: 'active' } });
    expect(validateNewThing({ type: 'video', name: 'v', status: 'published' }, batch)).toMatchObject({
      value: { status: 'published' },
    });
  });

  it('keeps the properties object', () => {
    const properties = { level: 'beginner', tags: ['a'], nested: { n: 1 } };
    expect(validateNewThing({ type: 'course', name: 'c', properties }, ctx)).toMatchObject({ value: { properties } });
  });

  it('rejects an unknown type and lists the valid choices', () => {
    const p = problemOf({ type: 'foo', name: 'x' });
    expect(p).toMatchObject({ code: 'invalid_type', path: 'type' });
    expect(p.message.startsWith('type "foo" is not a thing type; valid types: ai_clone, announcement, ')).toBe(true);
    expect(p.message).toContain('blog_post, campaign, community, consultation, conversation, course, creator');
    expect(p.message.split(', ')).toHaveLength(61);
  });

  it('rejects a type outside a narrowed composition', () => {
    const narrow = { composition: { ...DEFAULT_COMPOSITION, thingTypes: ['creator'] } };
    expect(problemOf({ type: 'course', name: 'c' }, narrow).message).toBe('type "course" is not a thing type; valid types: creator');
  });

  it.each([[undefined], [42], [null]])('rejects a missing or non-string type %p', (type) => {
    expect(problemOf({ type, name: 'x' })).toMatchObject({ code: 'invalid_type', path: 'type' });
  });

  it.each([[''], ['   '], ['\t\n'], [undefined], [7]])('rejects the empty or non-string name %p', (name) => {
    expect(problemOf({ type: 'video', name })).toMatchObject({ code: 'invalid_name', path: 'name' });
  });

  it('accepts a 512-character name and rejects 513', () => {
    expect(validateNewThing({ type: 'video', name: 'n'.repeat(512) }, ctx).ok).toBe(true);
    expect(problemOf({ type: 'video', name: 'n'.repeat(513) })).toMatchObject({ code: 'invalid_name' });
  });

  it.each([[null], [[1, 2]], ['text'], [5]])('rejects properties %p that are not an object', (properties) => {
    expect(problemOf({ type: 'video', name: 'v', properties })).toMatchObject({ code: 'invalid_json', path: 'properties' });
  });

  it('rejects properties over 64 KiB of JSON', () => {
    const properties = { blob: 'x'.repeat(MAX_JSON_BYTES) };
    expect(problemOf({ type: 'video', name: 'v', properties })).toMatchObject({ code: 'too_large', path: 'properties' });
  });

  it.each([['deleted'], [''], [1], [null]])('rejects the status %p', (status) => {
    expect(problemOf({ type: 'video', name: 'v', status })).toMatchObject({ code: 'invalid_status', path: 'status' });
  });

  it.each([[null], [[]], ['thing'], [3]])('rejects an item %p that is not an object', (item) => {
    expect(problemOf(item)).toMatchObject({ code: 'invalid_item' });
  });

  it('gives each wrong-inside item of the reported import its own problem and path', () => {
    const items = [
      { type: 'video', name: 'n'.repeat(10_000) },
      { type: 'video', name: 'v', properties: [1, 2] },
      { type: 'video', name: 42 },
      { type: 'video', name: 'v', status: 'flying' },
    ];
    expect(items.map((item) => problemOf(item)).map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'invalid_name', path: 'name' },
      { code: 'invalid_json', path: 'properties' },
      { code: 'invalid_name', path: 'name' },
      { code: 'invalid_status', path: 'status' },
    ]);
  });

  it("refuses an unknown field as the item's own problem", () => {
    expect(problemOf({ type: 'video', name: 'v', colour: 'red' })).toMatchObject({ code: 'unknown_field', path: 'colour' });
  });

  it('refuses properties nested 20,000 levels deep as too_deep, without recursion', () => {
    let properties: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) properties = { a: properties };
    expect(problemOf({ type: 'video', name: 'v', properties })).toMatchObject({ code: 'too_deep', path: 'properties' });
  });

  it('refuses control characters in the name', () => {
    expect(problemOf({ type: 'video', name: 'bell\u0007' })).toMatchObject({ code: 'invalid_name', path: 'name' });
  });
});

describe('thingBytes', () => {
  it('is the UTF-8 length of the JSON of type, name, properties and status', () => {
    const thing = { type: 'video', name: 'Café', properties: { a: 1 }, status: 'draft' as const };
    expect(thingBytes(thing)).toBe('{"type":"video","name":"Café","properties":{"a":1},"status":"draft"}'.length + 1);
  });

  it('ignores other fields such as ids and times', () => {
    const base = { type: 'video', name: 'v', properties: {}, status: 'draft' as const };
    expect(thingBytes({ ...base, id: 'x'.repeat(100), createdAt: 1 } as typeof base)).toBe(thingBytes(base));
  });
});
