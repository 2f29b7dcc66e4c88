import type { Group } from '../contracts/entities';
import { validateGroupPatch } from './validate-group-patch';

const existing: Group = {
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
};

describe('validateGroupPatch', () => {
  it('lists changed fields with old and new values', () => {
    expect(validateGroupPatch(existing, { name: ' Acme Inc ', plan: 'enterprise', status: 'archived' })).toEqual({
      ok: true,
      value: {
        changes: {
          name: { old: 'Acme', new: 'Acme Inc' },
          plan: { old: 'pro', new: 'enterprise' },
          status: { old: 'active', new: 'archived' },
        },
        next: { name: 'Acme Inc', settings: {}, plan: 'enterprise', status: 'archived' },
      },
    });
  });

  it('reports no change for equal values', () => {
    expect(validateGroupPatch(existing, { name: 'Acme ', plan: 'pro', status: 'active' })).toMatchObject({
      ok: true,
      value: { changes: {}, next: { name: 'Acme', plan: 'pro', status: 'active' } },
    });
  });

  it('replaces settings whole, and equal settings are no change', () => {
    const withSettings = { ...existing, settings: { locale: 'de', theme: { dark: true } } };
    expect(validateGroupPatch(withSettings, { settings: { theme: { dark: true }, locale: 'de' } })).toMatchObject({
      ok: true,
      value: { changes: {} },
    });
    expect(validateGroupPatch(withSettings, { settings: { locale: 'fr' } })).toMatchObject({
      ok: true,
      value: {
        changes: { settings: { old: { locale: 'de', theme: { dark: true } }, new: { locale: 'fr' } } },
        next: { settings: { locale: 'fr' } },
      },
    });
    expect(validateGroupPatch(existing, { settings: [] })).toMatchObject({
      ok: false,
      problem: { code: 'invalid_json', path: 'settings' },
    });
  });

  it("refuses a plan for a sub-group, which has its root's", () => {
    const sub: Group = { ...existing, id: 'g2', parentGroupId: 'g1', rootGroupId: 'g1' };
    expect(validateGroupPatch(sub, { plan: 'enterprise' })).toMatchObject({
      ok: false,
      problem: { code: 'plan_not_allowed', path: 'plan' },
    });
    expect(validateGroupPatch(sub, { status: 'archived' })).toMatchObject({
      ok: true,
      value: { changes: { status: { old: 'active', new: 'archived' } } },
    });
  });

  it('lets an archived group be reactivated', () => {
    expect(validateGroupPatch({ ...existing, status: 'archived' }, { status: 'active' })).toMatchObject({
      value: { changes: { status: { old: 'archived', new: 'active' } } },
    });
  });

  it.each([
    [{ plan: 'gold' }, 'invalid_plan', 'plan'],
    [{ status: 'deleted' }, 'invalid_status', 'status'],
    [{ name: '' }, 'invalid_name', 'name'],
    [{ slug: 'other' }, 'invalid_field', 'slug'],
    [{ type: 'dao' }, 'invalid_field', 'type'],
  ])('rejects %j', (patch, code, path) => {
    expect(validateGroupPatch(existing, patch)).toMatchObject({ ok: false, problem: { code, path } });
  });

  it('rejects a patch that is not an object', () => {
    expect(validateGroupPatch(existing, 'archived')).toMatchObject({ ok: false, problem: { code: 'invalid_item' } });
  });
});
