import { validateThingUpdate } from './validate-thing-update';

const problemOf = (input: unknown) => {
  const r = validateThingUpdate(input);
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
};

describe('validateThingUpdate', () => {
  it('splits the id from a patch of the given fields only', () => {
    expect(validateThingUpdate({ thingId: 't1', name: ' New ' })).toEqual({ ok: true, value: { thingId: 't1', patch: { name: 'New' } } });
    expect(validateThingUpdate({ thingId: 't1', properties: { a: 1 }, status: 'active' })).toEqual({
      ok: true,
      value: { thingId: 't1', patch: { properties: { a: 1 }, status: 'active' } },
    });
  });

  it.each([
    [{ name: 'x' }, 'invalid_field', 'thingId'],
    [{ thingId: 42 }, 'invalid_field', 'thingId'],
    [{ thingId: 't', name: 'x'.repeat(513) }, 'invalid_name', 'name'],
    [{ thingId: 't', name: 'a\u0000' }, 'invalid_name', 'name'],
    [{ thingId: 't', properties: [] }, 'invalid_json', 'properties'],
    [{ thingId: 't', status: 'flying' }, 'invalid_status', 'status'],
    [{ thingId: 't', type: 'video' }, 'unknown_field', 'type'],
  ])('refuses %p with %s at %s', (input, code, path) => {
    expect(problemOf(input)).toMatchObject({ code, path });
  });

  it('refuses an item that is not an object', () => {
    expect(problemOf('t1')).toMatchObject({ code: 'invalid_item' });
  });
});
