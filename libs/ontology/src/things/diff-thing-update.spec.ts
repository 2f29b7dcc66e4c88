import type { Thing } from '../contracts/entities';
import { DEFAULT_COMPOSITION } from '../vocabulary/composition';
import { diffThingUpdate } from './diff-thing-update';

const existing: Thing = {
  id: 't1',
  groupId: 'g1',
  type: 'course',
  name: 'Intro',
  properties: { level: 'beginner', tags: ['a', 'b'] },
  status: 'active',
  schemaVersion: 1,
  createdAt: 1,
  updatedAt: 1,
};
const diff = (patch: unknown, thing: Thing = existing) => diffThingUpdate(thing, patch, DEFAULT_COMPOSITION);
const problemOf = (patch: unknown, thing: Thing = existing) => {
  const r = diff(patch, thing);
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
};

describe('diffThingUpdate', () => {
  it('lists every changed field with old and new value', () => {
    const r = diff({ name: ' Advanced ', properties: { level: 'expert' }, status: 'published' });
    expect(r).toEqual({
      ok: true,
      value: {
        changes: {
          name: { old: 'Intro', new: 'Advanced' },
          properties: { old: existing.properties, new: { level: 'expert' } },
          status: { old: 'active', new: 'published' },
        },
        next: { name: 'Advanced', properties: { level: 'expert' }, status: 'published' },
      },
    });
  });

  it('replaces properties rather than merging them', () => {
    expect(diff({ properties: { x: 1 } })).toMatchObject({ value: { next: { properties: { x: 1 } } } });
  });

  it.each([
    ['an empty patch', {}],
    ['the same name', { name: 'Intro' }],
    ['the same name with whitespace', { name: '  Intro\t' }],
    ['deep-equal properties in another key order', { properties: { tags: ['a', 'b'], level: 'beginner' } }],
    ['the same status', { status: 'active' }],
    ['all three unchanged', { name: 'Intro', properties: { ...existing.properties }, status: 'active' }],
  ])('reports no change for %s', (_what, patch) => {
    const r = diff(patch);
    expect(r).toMatchObject({ ok: true, value: { changes: {} } });
    if (r.ok) expect(r.value.next).toEqual({ name: 'Intro', properties: existing.properties, status: 'active' });
  });

  it('keeps the stored properties object when the new one is only reordered', () => {
    const r = diff({ properties: { tags: ['a', 'b'], level: 'beginner' } });
    expect(r.ok && r.value.next.properties).toBe(existing.properties);
  });

  it('counts a changed array order as a change', () => {
    expect(diff({ properties: { level: 'beginner', tags: ['b', 'a'] } })).toMatchObject({
      value: { changes: { properties: { new: { tags: ['b', 'a'] } } } },
    });
  });

  it('rejects a transition the lifecycle forbids, naming from, to and the allowed targets', () => {
    expect(problemOf({ status: 'draft' })).toEqual({
      code: 'invalid_transition',
      message: 'status cannot change from "active" to "draft"; allowed from "active": archived, inactive, published',
      path: 'status',
    });
  });

  it.each([['draft'], ['active'], ['published'], ['inactive']] as const)('keeps archived terminal: archived → %s fails', (to) => {
    const p = problemOf({ status: to }, { ...existing, status: 'archived' });
    expect(p.code).toBe('invalid_transition');
    expect(p.message).toContain('allowed from "archived": none (archived is terminal)');
  });

  it('accepts archived → archived as no change', () => {
    expect(diff({ status: 'archived' }, { ...existing, status: 'archived' })).toMatchObject({ value: { changes: {} } });
  });

  it.each([[''], ['   '], [42], [null]])('rejects the name %p (the seed accepted empty names)', (name) => {
    expect(problemOf({ name })).toMatchObject({ code: 'invalid_name', path: 'name' });
  });

  it.each([[null], [[]], ['{}']])('rejects properties %p', (properties) => {
    expect(problemOf({ properties })).toMatchObject({ code: 'invalid_json', path: 'properties' });
  });

  it('rejects an unknown status', () => {
    expect(problemOf({ status: 'gone' })).toMatchObject({ code: 'invalid_status', path: 'status' });
  });

  it('rejects an update of a deleted thing', () => {
    expect(problemOf({ name: 'x' }, { ...existing, deletedAt: 5 })).toMatchObject({ code: 'thing_deleted' });
  });

  it('rejects a patch that is not an object', () => {
    expect(problemOf([])).toMatchObject({ code: 'invalid_item' });
  });
});
