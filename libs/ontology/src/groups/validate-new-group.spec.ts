import type { Group } from '../contracts/entities';
import { defaultPlanFor, slugify, withRootPlan } from './group-fields';
import { checkParentGroup, resolveRootGroupId, validateNewGroup } from './validate-new-group';

const problemOf = (input: unknown) => {
  const r = validateNewGroup(input);
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
};
const group = (extra: Partial<Group> = {}): Group => ({
  id: 'g1',
  slug: 'acme',
  name: 'Acme',
  type: 'business',
  rootGroupId: 'g1',
  plan: 'pro',
  status: 'active',
  settings: {},
  createdAt: 1,
  updatedAt: 1,
  ...extra,
});

describe('validateNewGroup', () => {
  it('normalizes a minimal group: trimmed name, derived slug, default plan, empty settings', () => {
    expect(validateNewGroup({ name: '  Acme Corp ', type: 'business' })).toEqual({
      ok: true,
      value: { name: 'Acme Corp', slug: 'acme-corp', type: 'business', plan: 'pro', settings: {} },
    });
  });

  it.each([
    ['business', 'pro'],
    ['community', 'pro'],
    ['dao', 'pro'],
    ['government', 'enterprise'],
    ['friend_circle', 'starter'],
    ['organization', 'starter'],
  ] as const)('defaults a %s group to %s', (type, plan) => {
    expect(defaultPlanFor(type)).toBe(plan);
    expect(validateNewGroup({ name: 'x', type })).toMatchObject({ value: { plan } });
  });

  it('keeps a given slug, plan and settings of a root group, and the parent of a sub-group', () => {
    const input = { name: 'Team', slug: 'team-1', type: 'dao', plan: 'starter', settings: { locale: 'de' } };
    expect(validateNewGroup(input)).toEqual({ ok: true, value: input });
    expect(validateNewGroup({ name: 'Team', type: 'dao', parentGroupId: 'p1' })).toMatchObject({
      ok: true,
      value: { parentGroupId: 'p1' },
    });
  });

  it.each([
    [{ type: 'dao' }, 'invalid_name', 'name'],
    [{ name: '   ', type: 'dao' }, 'invalid_name', 'name'],
    [{ name: 'n'.repeat(201), type: 'dao' }, 'invalid_name', 'name'],
    [{ name: 'x' }, 'invalid_type', 'type'],
    [{ name: 'x', type: 'club' }, 'invalid_type', 'type'],
    [{ name: 'x', type: 'dao', plan: 'gold' }, 'invalid_plan', 'plan'],
    [{ name: 'x', type: 'dao', slug: 'Acme' }, 'invalid_slug', 'slug'],
    [{ name: 'x', type: 'dao', slug: '-acme' }, 'invalid_slug', 'slug'],
    [{ name: 'x', type: 'dao', slug: 'acme_corp' }, 'invalid_slug', 'slug'],
    [{ name: 'x', type: 'dao', slug: '' }, 'invalid_slug', 'slug'],
    [{ name: 'x', type: 'dao', slug: 'a'.repeat(65) }, 'invalid_slug', 'slug'],
    [{ name: '日本語', type: 'dao' }, 'invalid_slug', 'slug'],
    [{ name: 'x', type: 'dao', settings: [] }, 'invalid_json', 'settings'],
    [{ name: 'x', type: 'dao', parentGroupId: 3 }, 'invalid_field', 'parentGroupId'],
    [{ name: 'x', type: 'government', parentGroupId: 'p1', plan: 'enterprise' }, 'plan_not_allowed', 'plan'],
    [{ name: 'x', type: 'dao', parentGroupId: 'p1', plan: 'starter' }, 'plan_not_allowed', 'plan'],
  ])('rejects %j', (input, code, path) => {
    expect(problemOf(input)).toMatchObject({ code, path });
  });

  it('accepts a 200-character name and a 64-character slug', () => {
    expect(validateNewGroup({ name: 'n'.repeat(200), type: 'dao', slug: 'a'.repeat(64) }).ok).toBe(true);
  });
});

describe('slugify', () => {
  it.each([
    ['Acme Corp', 'acme-corp'],
    ['  Café  Münster!! ', 'cafe-munster'],
    ['--A__B--', 'a-b'],
    ['Team 42', 'team-42'],
  ])('%j → %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('cuts at 64 characters without a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(63)} b`);
    expect(slug).toBe('a'.repeat(63));
    expect(slugify('x'.repeat(100))).toHaveLength(64);
  });

  it('gives up on names with nothing usable', () => {
    expect(slugify('!!!')).toBeUndefined();
  });
});

describe('parent and root group', () => {
  it('a root group is its own root; a sub-group inherits its parent’s root', () => {
    expect(resolveRootGroupId(undefined, 'new')).toBe('new');
    expect(resolveRootGroupId(group({ id: 'child', rootGroupId: 'top' }), 'new')).toBe('top');
  });

  it("a sub-group reads as its root's plan, also one given a plan of its own before plans were the root's", () => {
    const root = group({ id: 'top', rootGroupId: 'top', plan: 'starter' });
    const legacy = group({ id: 'sub', parentGroupId: 'top', rootGroupId: 'top', type: 'government', plan: 'enterprise' });
    expect(withRootPlan(legacy, root)).toEqual({ ...legacy, plan: 'starter' });
    const current = group({ id: 'sub2', parentGroupId: 'top', rootGroupId: 'top', plan: 'starter' });
    expect(withRootPlan(current, root)).toBe(current);
  });

  it('the parent must exist and be active', () => {
    expect(checkParentGroup('g1', group())).toMatchObject({ ok: true });
    expect(checkParentGroup('g1', undefined)).toMatchObject({ ok: false, problem: { code: 'group_not_found', path: 'parentGroupId' } });
    expect(checkParentGroup('g2', group())).toMatchObject({ ok: false, problem: { code: 'group_not_found' } });
    expect(checkParentGroup('g1', group({ status: 'archived' }))).toMatchObject({ ok: false, problem: { code: 'group_archived' } });
  });
});
