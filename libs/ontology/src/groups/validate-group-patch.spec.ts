import type { Group } from '../contracts/entities';
import { validateGroupPatch } from './validate-group-patch';

const existing: Group = {
  id: 'g1', slug: 'acme', name: 'Acme', type: 'business', rootGroupId: 'g1', plan: 'pro', status: 'active',
  settings: {}, createdAt: 1, updatedAt: 1,
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
        next: { name: 'Acme Inc', plan: 'enterprise', status: 'archived' },
      },
    });
  });

  it('reports no change for equal values', () => {
    expect(validateGroupPatch(existing, { name: 'Acme ', plan: 'pro', status: 'active' })).toMatchObject({
      ok: true, value: { changes: {}, next: { name: 'Acme', plan: 'pro', status: 'active' } },
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
