import { decideAccess } from './access-policy';
import { PLATFORM_CALLER, type ApiKeyRole, type Caller } from './caller';

const key = (groupId: string, role: ApiKeyRole): Caller => ({
  kind: 'group',
  keyId: `k-${groupId}-${role}`,
  groupId,
  rootGroupId: 'root',
  role,
});
// root ─┬─ child ── grandchild
//       └─ sibling
const lineages: Record<string, string[]> = {
  root: ['root'],
  child: ['child', 'root'],
  grandchild: ['grandchild', 'child', 'root'],
  sibling: ['sibling', 'root'],
};
const at = (groupId: string) => ({ groupId, lineage: lineages[groupId] ?? null });
const read = { access: 'reader', scope: 'path' } as const;
const write = { access: 'writer', scope: 'path' } as const;
const admin = { access: 'admin', scope: 'path' } as const;

describe('decideAccess', () => {
  it('lets a key reach its own group and every group below it', () => {
    expect(decideAccess(key('root', 'reader'), read, at('root'))).toEqual({ ok: true });
    expect(decideAccess(key('root', 'reader'), read, at('grandchild'))).toEqual({ ok: true });
    expect(decideAccess(key('child', 'reader'), read, at('grandchild'))).toEqual({ ok: true });
  });

  it('answers not_found for a parent, a sibling or an unknown group, whatever the role', () => {
    for (const target of ['root', 'sibling', 'nowhere']) {
      expect(decideAccess(key('child', 'admin'), read, at(target))).toMatchObject({ ok: false, status: 404, code: 'not_found' });
    }
  });

  it('hides other tenants even on routes the role could not use anyway', () => {
    expect(decideAccess(key('sibling', 'reader'), admin, at('child'))).toMatchObject({ status: 404 });
  });

  it('ranks roles reader < writer < admin within the tenancy', () => {
    expect(decideAccess(key('root', 'reader'), write, at('child'))).toMatchObject({ ok: false, status: 403, code: 'forbidden' });
    expect(decideAccess(key('root', 'writer'), write, at('child'))).toEqual({ ok: true });
    expect(decideAccess(key('root', 'writer'), admin, at('child'))).toMatchObject({ status: 403 });
    expect(decideAccess(key('root', 'admin'), write, at('child'))).toEqual({ ok: true });
  });

  it('keeps platform routes for the platform admin key', () => {
    const route = { access: 'platform', scope: 'none' } as const;
    expect(decideAccess(key('root', 'admin'), route, {})).toMatchObject({ status: 403 });
    expect(decideAccess(PLATFORM_CALLER, route, {})).toEqual({ ok: true });
  });

  it('answers another tenant not_found on platform routes of a group, and its own keys forbidden', () => {
    const usage = { access: 'platform', scope: 'path' } as const;
    expect(decideAccess(key('sibling', 'admin'), usage, at('child'))).toMatchObject({ status: 404, code: 'not_found' });
    expect(decideAccess(key('child', 'admin'), usage, at('child'))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(decideAccess(key('root', 'admin'), usage, at('child'))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(decideAccess(PLATFORM_CALLER, usage, at('child'))).toEqual({ ok: true });
  });

  describe('fields with their own rule (PATCH of a group)', () => {
    const patch = { access: 'admin', scope: 'path', fieldAccess: { plan: 'platform', status: 'ancestor' } } as const;
    const fields = (groupId: string, ...names: string[]) => ({ ...at(groupId), fields: names });

    it("lets a group's admin change its name and settings, not its plan or status", () => {
      expect(decideAccess(key('child', 'admin'), patch, fields('child', 'name', 'settings'))).toEqual({ ok: true });
      expect(decideAccess(key('child', 'admin'), patch, fields('child', 'plan'))).toMatchObject({
        status: 403,
        detail: expect.stringContaining('plan'),
      });
      expect(decideAccess(key('child', 'admin'), patch, fields('child', 'status'))).toMatchObject({
        status: 403,
        detail: expect.stringContaining('status'),
      });
      expect(decideAccess(key('child', 'admin'), patch, fields('child', 'name', 'status'))).toMatchObject({ status: 403 });
    });

    it("lets an ancestor's admin change a group's status but never its plan", () => {
      expect(decideAccess(key('root', 'admin'), patch, fields('grandchild', 'status'))).toEqual({ ok: true });
      expect(decideAccess(key('child', 'admin'), patch, fields('grandchild', 'status', 'name'))).toEqual({ ok: true });
      expect(decideAccess(key('root', 'admin'), patch, fields('child', 'plan'))).toMatchObject({ status: 403 });
      expect(decideAccess(key('root', 'writer'), patch, fields('child', 'status'))).toMatchObject({ status: 403 });
    });

    it('hides the group from other tenants whatever the fields, and leaves every field to the platform admin', () => {
      expect(decideAccess(key('sibling', 'admin'), patch, fields('child', 'status'))).toMatchObject({ status: 404 });
      expect(decideAccess(key('child', 'admin'), patch, fields('root', 'status'))).toMatchObject({ status: 404 });
      expect(decideAccess(PLATFORM_CALLER, patch, fields('child', 'plan', 'status'))).toEqual({ ok: true });
    });
  });

  it('lets any valid key use routes without a group', () => {
    expect(decideAccess(key('sibling', 'reader'), { access: 'any', scope: 'none' }, {})).toEqual({ ok: true });
  });

  it('lets a group admin create sub-groups of its tenancy but not root groups', () => {
    const create = { access: 'admin', scope: 'parent' } as const;
    expect(decideAccess(key('child', 'admin'), create, at('grandchild'))).toEqual({ ok: true });
    expect(decideAccess(key('child', 'admin'), create, {})).toMatchObject({ status: 403 });
    expect(decideAccess(key('child', 'admin'), create, at('sibling'))).toMatchObject({ status: 404 });
    expect(decideAccess(key('child', 'writer'), create, at('child'))).toMatchObject({ status: 403 });
  });

  it('needs a groupId for a group key on optional-group routes', () => {
    const status = { access: 'reader', scope: 'query' } as const;
    expect(decideAccess(key('child', 'admin'), status, {})).toMatchObject({ status: 403 });
    expect(decideAccess(key('child', 'reader'), status, at('grandchild'))).toEqual({ ok: true });
    expect(decideAccess(key('child', 'reader'), status, at('root'))).toMatchObject({ status: 404 });
  });
});
