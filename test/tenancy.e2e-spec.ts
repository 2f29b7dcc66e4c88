import { SPEC_ROUTES } from '../apps/gateway/src/testing/spec-routes';
import { eventually } from './support/env';
import { request, type JsonResponse } from './support/http';

// Guarantee 4 (tenants are isolated), walked over EVERY public route through the running system:
// no key → 401, a revoked key → 401, another group's key → 404 (nothing leaks), a reader key on a
// write → 403, and the key the route is meant for gets through (neither 401, 403 nor 404).

const gateway = process.env.E2E_GATEWAY_URL!;
const platformKey = process.env.E2E_ADMIN_KEY!;

type MinRole = 'reader' | 'writer' | 'admin' | 'platform' | 'any';
interface Keys {
  readonly platform: string;
  readonly reader: string;
  readonly writer: string;
  readonly admin: string;
  readonly revoked: string;
  readonly other: string;
}
interface Fixture {
  readonly groupId: string;
  readonly otherGroupId: string;
  readonly creatorId: string;
  readonly postId: string;
  /** A fresh thing to delete and a fresh key id to revoke, each time the route is allowed. */
  disposableThing(): Promise<string>;
  disposableKeyId(): Promise<string>;
  /** A fresh client event of the group, already in its read models (a void reads it there). */
  disposableEvent(): Promise<string>;
  readonly keptKeyId: string;
  /** A webhook endpoint of the group that stays, and a fresh one to remove each time the route is allowed. */
  readonly keptWebhookId: string;
  disposableWebhookId(): Promise<string>;
}
interface RouteCase {
  readonly route: (typeof SPEC_ROUTES)[number] | 'GET /v1/groups/:groupId/api-keys';
  readonly role: MinRole;
  /** Whether the route names a group (otherwise "another group's key" has nothing to be hidden from). */
  readonly other: 404 | 403 | 'allowed';
  readonly call: (f: Fixture, allowed: boolean) => Promise<{ method: string; path: string; body?: unknown }>;
}

const G = (f: Fixture) => `/v1/groups/${f.groupId}`;
/** Nothing listens on port 9 (discard): a valid endpoint whose deliveries simply fail. */
const WEBHOOK = { url: 'http://127.0.0.1:9/hook', events: ['quota_threshold_crossed'] };
const same = (method: string, path: (f: Fixture) => string, body?: (f: Fixture) => unknown) => async (f: Fixture) => ({
  method,
  path: path(f),
  body: body?.(f),
});

const CASES: RouteCase[] = [
  {
    route: 'POST /v1/groups',
    role: 'admin',
    other: 404,
    call: same(
      'POST',
      () => '/v1/groups',
      (f) => ({ name: `sub ${Date.now()}`, type: 'community', parentGroupId: f.groupId }),
    ),
  },
  { route: 'GET /v1/groups/:groupId', role: 'reader', other: 404, call: same('GET', G) },
  { route: 'PATCH /v1/groups/:groupId', role: 'admin', other: 404, call: same('PATCH', G, () => ({ name: 'Tenancy group (renamed)' })) },
  {
    route: 'POST /v1/groups/:groupId/api-keys',
    role: 'admin',
    other: 404,
    call: same(
      'POST',
      (f) => `${G(f)}/api-keys`,
      () => ({ role: 'reader' }),
    ),
  },
  { route: 'GET /v1/groups/:groupId/api-keys', role: 'admin', other: 404, call: same('GET', (f) => `${G(f)}/api-keys`) },
  {
    route: 'PATCH /v1/groups/:groupId/api-keys/:keyId',
    role: 'admin',
    other: 404,
    call: async (f, allowed) => ({
      method: 'PATCH',
      path: `${G(f)}/api-keys/${allowed ? await f.disposableKeyId() : f.keptKeyId}`,
      body: { rateLimit: { perSecond: 100 } },
    }),
  },
  {
    route: 'DELETE /v1/groups/:groupId/api-keys/:keyId',
    role: 'admin',
    other: 404,
    call: async (f, allowed) => ({ method: 'DELETE', path: `${G(f)}/api-keys/${allowed ? await f.disposableKeyId() : f.keptKeyId}` }),
  },
  {
    route: 'POST /v1/groups/:groupId/things/batch',
    role: 'writer',
    other: 404,
    call: same(
      'POST',
      (f) => `${G(f)}/things/batch`,
      () => ({ things: [{ type: 'blog_post', name: 'Tenancy post' }] }),
    ),
  },
  {
    route: 'PATCH /v1/groups/:groupId/things/batch',
    role: 'writer',
    other: 404,
    call: same(
      'PATCH',
      (f) => `${G(f)}/things/batch`,
      (f) => ({ updates: [{ thingId: f.postId, name: `Renamed ${Date.now()}` }] }),
    ),
  },
  {
    route: 'POST /v1/groups/:groupId/connections/batch',
    role: 'writer',
    other: 404,
    call: same(
      'POST',
      (f) => `${G(f)}/connections/batch`,
      (f) => ({ connections: [{ fromThingId: f.creatorId, toThingId: f.postId, relationshipType: 'authored' }] }),
    ),
  },
  {
    route: 'POST /v1/groups/:groupId/events/batch',
    role: 'writer',
    other: 404,
    call: same(
      'POST',
      (f) => `${G(f)}/events/batch`,
      (f) => ({ events: [{ type: 'revenue_generated', actorId: f.creatorId, metadata: { amount: 1, currency: 'USD' } }] }),
    ),
  },
  {
    route: 'POST /v1/groups/:groupId/events/:eventId/void',
    role: 'writer',
    other: 404,
    call: async (f, allowed) => ({
      method: 'POST',
      path: `${G(f)}/events/${allowed ? await f.disposableEvent() : '01900000-0000-7000-8000-00000000e0e0'}/void`,
      body: { reason: 'tenancy check' },
    }),
  },
  {
    route: 'POST /v1/groups/:groupId/knowledge/batch',
    role: 'writer',
    other: 404,
    call: same(
      'POST',
      (f) => `${G(f)}/knowledge/batch`,
      (f) => ({ knowledge: [{ knowledgeType: 'label', text: 'tenancy', sourceThingId: f.postId, role: 'label' }] }),
    ),
  },
  {
    route: 'DELETE /v1/groups/:groupId/things/:thingId',
    role: 'writer',
    other: 404,
    call: async (f, allowed) => ({ method: 'DELETE', path: `${G(f)}/things/${allowed ? await f.disposableThing() : f.postId}` }),
  },
  { route: 'GET /v1/groups/:groupId/things', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/things?limit=5`) },
  {
    route: 'GET /v1/groups/:groupId/things/:thingId',
    role: 'reader',
    other: 404,
    call: same('GET', (f) => `${G(f)}/things/${f.creatorId}`),
  },
  {
    route: 'GET /v1/groups/:groupId/things/:thingId/relationships',
    role: 'reader',
    other: 404,
    call: same('GET', (f) => `${G(f)}/things/${f.creatorId}/relationships`),
  },
  {
    route: 'GET /v1/groups/:groupId/things/:thingId/activity',
    role: 'reader',
    other: 404,
    call: same('GET', (f) => `${G(f)}/things/${f.creatorId}/activity`),
  },
  {
    route: 'GET /v1/groups/:groupId/creators/:creatorId/stats',
    role: 'reader',
    other: 404,
    call: same('GET', (f) => `${G(f)}/creators/${f.creatorId}/stats`),
  },
  { route: 'GET /v1/groups/:groupId/metrics', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/metrics`) },
  { route: 'GET /v1/groups/:groupId/quotas', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/quotas`) },
  { route: 'GET /v1/groups/:groupId/quotas/status', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/quotas/status`) },
  {
    route: 'GET /v1/groups/:groupId/quotas/can-create',
    role: 'reader',
    other: 404,
    call: same('GET', (f) => `${G(f)}/quotas/can-create?count=1`),
  },
  {
    route: 'GET /v1/groups/:groupId/quotas/can-store',
    role: 'reader',
    other: 404,
    call: same('GET', (f) => `${G(f)}/quotas/can-store?bytes=1`),
  },
  {
    route: 'POST /v1/groups/:groupId/quotas/enforce',
    role: 'writer',
    other: 404,
    call: same(
      'POST',
      (f) => `${G(f)}/quotas/enforce`,
      () => ({ metric: 'entities_total', requestedAmount: 1 }),
    ),
  },
  {
    route: 'POST /v1/groups/:groupId/usage',
    role: 'platform',
    other: 404,
    call: same(
      'POST',
      (f) => `${G(f)}/usage`,
      () => ({ metric: 'api_calls_per_month', amount: 1 }),
    ),
  },
  {
    route: 'GET /v1/groups/:groupId/usage/history',
    role: 'reader',
    other: 404,
    call: same('GET', (f) => `${G(f)}/usage/history?metric=entities_total`),
  },
  { route: 'GET /v1/groups/:groupId/limits', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/limits`) },
  {
    route: 'PUT /v1/groups/:groupId/limits',
    role: 'platform',
    other: 404,
    call: same(
      'PUT',
      (f) => `${G(f)}/limits`,
      () => ({ limits: {} }),
    ),
  },
  {
    route: 'POST /v1/groups/:groupId/quotas/reset',
    role: 'platform',
    other: 404,
    call: same(
      'POST',
      (f) => `${G(f)}/quotas/reset`,
      () => ({ metric: 'api_calls_per_month', period: 'monthly' }),
    ),
  },
  { route: 'GET /v1/pricing/upgrades', role: 'any', other: 'allowed', call: same('GET', () => '/v1/pricing/upgrades?currentPlan=starter') },
  {
    route: 'POST /v1/archival/runs',
    role: 'platform',
    other: 403,
    call: same(
      'POST',
      () => '/v1/archival/runs',
      () => ({}),
    ),
  },
  {
    route: 'POST /v1/groups/:groupId/archival/runs',
    role: 'admin',
    other: 404,
    call: same(
      'POST',
      (f) => `${G(f)}/archival/runs`,
      () => ({}),
    ),
  },
  { route: 'GET /v1/archival/status', role: 'reader', other: 404, call: same('GET', (f) => `/v1/archival/status?groupId=${f.groupId}`) },
  {
    route: 'GET /v1/groups/:groupId/archive/events',
    role: 'reader',
    other: 404,
    call: same('GET', (f) => `${G(f)}/archive/events?limit=10`),
  },
  { route: 'GET /v1/groups/:groupId/events', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/events?limit=10`) },
  { route: 'GET /v1/groups/:groupId/archive/manifests', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/archive/manifests`) },
  {
    route: 'POST /v1/groups/:groupId/webhooks',
    role: 'admin',
    other: 404,
    call: same(
      'POST',
      (f) => `${G(f)}/webhooks`,
      () => WEBHOOK,
    ),
  },
  { route: 'GET /v1/groups/:groupId/webhooks', role: 'admin', other: 404, call: same('GET', (f) => `${G(f)}/webhooks`) },
  {
    route: 'DELETE /v1/groups/:groupId/webhooks/:id',
    role: 'admin',
    other: 404,
    call: async (f, allowed) => ({
      method: 'DELETE',
      path: `${G(f)}/webhooks/${allowed ? await f.disposableWebhookId() : f.keptWebhookId}`,
    }),
  },
  {
    route: 'GET /v1/groups/:groupId/webhooks/:id/deliveries',
    role: 'admin',
    other: 404,
    call: same('GET', (f) => `${G(f)}/webhooks/${f.keptWebhookId}/deliveries`),
  },
];

const send = (method: string, path: string, key: string | undefined, body?: unknown): Promise<JsonResponse> =>
  request(method, `${gateway}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {}, ...(body === undefined ? {} : { body }) });

async function ok<T = any>(method: string, path: string, key: string, body?: unknown): Promise<T> {
  const response = await send(method, path, key, body);
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

describe('tenancy matrix over every public route', () => {
  let keys: Keys;
  let fixture: Fixture;

  beforeAll(async () => {
    const stamp = Date.now().toString(36);
    const mine = await ok('POST', '/v1/groups', platformKey, { name: `Tenancy ${stamp}`, type: 'business' });
    const theirs = await ok('POST', '/v1/groups', platformKey, { name: `Other ${stamp}`, type: 'business' });
    const admin: string = mine.apiKey.key;
    const groupId: string = mine.group.id;
    const issue = (role: string) => ok('POST', `/v1/groups/${groupId}/api-keys`, admin, { role });
    const revoked = await issue('admin');
    await ok('DELETE', `/v1/groups/${groupId}/api-keys/${revoked.id}`, admin);
    const kept = await issue('reader');
    keys = {
      platform: platformKey,
      reader: (await issue('reader')).key,
      writer: (await issue('writer')).key,
      admin,
      revoked: revoked.key,
      other: theirs.apiKey.key,
    };
    const things = await ok('POST', `/v1/groups/${groupId}/things/batch`, admin, {
      things: [
        { type: 'creator', name: 'Tenancy creator' },
        { type: 'blog_post', name: 'Tenancy post' },
      ],
    });
    // The read routes are checked against this group's things: wait until the projection shows them.
    await eventually(
      async () => {
        const view = await send('GET', `/v1/groups/${groupId}/metrics?minPosition=${things.position}`, admin);
        return view.status === 200 ? true : undefined;
      },
      120000,
      'the projection of the tenancy group',
    );
    fixture = {
      groupId,
      otherGroupId: theirs.group.id,
      creatorId: things.created[0],
      postId: things.created[1],
      keptKeyId: kept.id,
      keptWebhookId: (await ok('POST', `/v1/groups/${groupId}/webhooks`, admin, WEBHOOK)).id,
      disposableWebhookId: async () => (await ok('POST', `/v1/groups/${groupId}/webhooks`, admin, WEBHOOK)).id,
      disposableThing: async () =>
        (await ok('POST', `/v1/groups/${groupId}/things/batch`, admin, { things: [{ type: 'blog_post', name: 'Disposable' }] })).created[0],
      disposableKeyId: async () => (await issue('reader')).id,
      disposableEvent: async () => {
        const recorded = await ok('POST', `/v1/groups/${groupId}/events/batch`, admin, { events: [{ type: 'user_login' }] });
        await ok('GET', `/v1/groups/${groupId}/metrics?minPosition=${recorded.position}`, admin);
        return recorded.created[0];
      },
    };
  });

  it('has a case for every route of SPEC §2', () => {
    expect(SPEC_ROUTES.filter((route) => !CASES.some((c) => c.route === route))).toEqual([]);
  });

  it.each(CASES.map((c) => [c.route, c] as const))('%s: no key → 401, revoked key → 401', async (_name, c) => {
    const { method, path, body } = await c.call(fixture, false);
    const none = await send(method, path, undefined, body);
    const revoked = await send(method, path, keys.revoked, body);
    expect([none.status, revoked.status]).toEqual([401, 401]);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it.each(CASES.map((c) => [c.route, c] as const))(
    '%s: another group’s admin key is answered as if nothing were there',
    async (_name, c) => {
      const { method, path, body } = await c.call(fixture, c.other === 'allowed');
      const response = await send(method, path, keys.other, body);
      if (c.other === 'allowed') expect([401, 403, 404]).not.toContain(response.status);
      else
        expect({ status: response.status, code: response.body?.code }).toEqual({
          status: c.other,
          code: c.other === 404 ? 'not_found' : 'forbidden',
        });
      if (c.other === 404) {
        // exactly what a group that does not exist gets: nothing tells the two apart
        const ghostId = '01900000-0000-7000-8000-000000000000';
        const ghost = await c.call({ ...fixture, groupId: ghostId }, false);
        const unknown = await send(ghost.method, ghost.path, keys.other, ghost.body);
        const scrub = (problem: any, id: string) => ({
          ...problem,
          detail: String(problem?.detail).replaceAll(id, '<group>'),
          instance: undefined,
        });
        expect(scrub(response.body, fixture.groupId)).toEqual(scrub(unknown.body, ghostId));
      }
    },
  );

  it.each(CASES.map((c) => [c.route, c] as const))('%s: a reader key gets exactly what its role allows', async (_name, c) => {
    const readerMayCall = c.role === 'reader' || c.role === 'any';
    const { method, path, body } = await c.call(fixture, readerMayCall);
    const response = await send(method, path, keys.reader, body);
    if (readerMayCall) expect([401, 403, 404]).not.toContain(response.status);
    else expect({ status: response.status, code: response.body?.code }).toEqual({ status: 403, code: 'forbidden' });
  });

  it.each(CASES.map((c) => [c.route, c] as const))('%s: the key the route is meant for gets through', async (_name, c) => {
    const key = { reader: keys.reader, any: keys.reader, writer: keys.writer, admin: keys.admin, platform: keys.platform }[c.role];
    const { method, path, body } = await c.call(fixture, true);
    const response = await send(method, path, key, body);
    expect({
      route: c.route,
      status: response.status,
      blocked: [401, 403, 404].includes(response.status) || response.status >= 500,
    }).toEqual({
      route: c.route,
      status: response.status,
      blocked: false,
    });
  });

  it('leaves a key that others failed to revoke valid', async () => {
    const kept = await send('GET', `/v1/groups/${fixture.groupId}/api-keys`, keys.admin);
    expect(kept.body.items.find((k: { id: string }) => k.id === fixture.keptKeyId)).toMatchObject({ revokedAt: null });
  });

  it('refuses calls that bypass the gateway, even with a valid api key', async () => {
    const direct = {
      ingest: `/v1/groups/${fixture.groupId}`,
      metrics: `/v1/groups/${fixture.groupId}/metrics`,
      quota: `/v1/groups/${fixture.groupId}/quotas`,
      archiver: `/v1/groups/${fixture.groupId}/archive/manifests`,
    };
    const statuses = await Promise.all(
      Object.entries(direct).map(async ([app, path]) => [
        app,
        (
          await request('GET', `${process.env[`E2E_${app.toUpperCase()}_URL`]}${path}`, {
            headers: { authorization: `Bearer ${keys.admin}` },
          })
        ).status,
      ]),
    );
    expect(Object.fromEntries(statuses)).toEqual({ ingest: 401, metrics: 401, quota: 401, archiver: 401 });
  });

  it('lets a key reach sub-groups but never the parent', async () => {
    const sub = await ok('POST', '/v1/groups', keys.admin, {
      name: `Tenancy sub ${Date.now()}`,
      type: 'community',
      parentGroupId: fixture.groupId,
    });
    expect(sub.group.parentGroupId).toBe(fixture.groupId);
    expect((await send('GET', `/v1/groups/${sub.group.id}`, keys.reader)).status).toBe(200);
    expect((await send('GET', `/v1/groups/${fixture.groupId}`, sub.apiKey.key)).status).toBe(404);
    expect((await send('GET', `/v1/groups/${sub.group.id}`, keys.other)).status).toBe(404);
  });
});

// Guarantee 7 (SPEC §1, §2, §5, §6): no choice of type, plan or nesting, and no key of a tenant,
// gets more than the root's plan grants, touches counters, or sees another tenant's archival runs.
describe('plans, usage and limits belong to the platform', () => {
  const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const thingsOf = (n: number, label: string) => ({
    things: Array.from({ length: n }, (_, i) => ({ type: 'blog_post', name: `${label} ${i}` })),
  });
  /** A root on the starter plan (100 entities) with its admin key. */
  const starterRoot = async () => {
    const created = await ok('POST', '/v1/groups', platformKey, { name: `Starter ${stamp()}`, type: 'friend_circle' });
    expect(created.group.plan).toBe('starter');
    return { id: created.group.id as string, admin: created.apiKey.key as string };
  };
  const subGroup = async (parent: { id: string; admin: string }, type: string) => {
    const created = await ok('POST', '/v1/groups', parent.admin, { name: `Sub ${type} ${stamp()}`, type, parentGroupId: parent.id });
    return { id: created.group.id as string, admin: created.apiKey.key as string, plan: created.group.plan as string };
  };
  const entitiesOf = async (groupId: string, expected: number) =>
    eventually(
      async () => {
        const quotas = await send('GET', `/v1/groups/${groupId}/quotas`, platformKey);
        return quotas.body?.quotas?.entities_total?.current === expected ? quotas.body.quotas.entities_total : undefined;
      },
      60_000,
      `entities_total of ${groupId} to read ${expected}`,
    );

  let root: { id: string; admin: string };
  let sub: { id: string; admin: string; plan: string };
  let other: { id: string; admin: string };

  beforeAll(async () => {
    [root, other] = await Promise.all([starterRoot(), starterRoot()]);
    sub = await subGroup(root, 'government');
  });

  it("gives a sub-group of any type its root's plan, and refuses a plan of its own", async () => {
    expect(sub.plan).toBe('starter');
    expect((await ok('GET', `/v1/groups/${sub.id}`, sub.admin)).plan).toBe('starter');
    for (const [type, plan] of [
      ['government', 'enterprise'],
      ['business', 'pro'],
      ['organization', 'starter'],
    ]) {
      const refused = await send('POST', '/v1/groups', root.admin, { name: `Planned ${stamp()}`, type, plan, parentGroupId: root.id });
      expect({ type, status: refused.status, code: refused.body.code, path: refused.body.errors?.[0]?.path }).toEqual({
        type,
        status: 400,
        code: 'plan_not_allowed',
        path: 'plan',
      });
    }
  });

  it("lets a sub-group write up to its root's limit and not one item more", async () => {
    const written = await ok('POST', `/v1/groups/${sub.id}/things/batch`, sub.admin, thingsOf(150, 'Sub'));
    expect({
      created: written.created.length,
      failed: written.failed,
      codes: [...new Set(written.errors.map((e: { code: string }) => e.code))],
    }).toEqual({
      created: 100,
      failed: 50,
      codes: ['quota_exceeded'],
    });
    expect(await entitiesOf(root.id, 100)).toMatchObject({ current: 100, limit: 100 });
    expect((await ok('GET', `/v1/groups/${sub.id}/quotas`, sub.admin)).quotas.entities_total).toMatchObject({ current: 100, limit: 100 });
    const more = await ok('POST', `/v1/groups/${root.id}/things/batch`, root.admin, thingsOf(1, 'Root'));
    expect({ created: more.created.length, code: more.errors[0]?.code }).toEqual({ created: 0, code: 'quota_exceeded' });
  });

  it("admits exactly the root's limit from 10 concurrent batches split between the root and sub-groups of other types", async () => {
    const top = await starterRoot();
    const subs = await Promise.all(['government', 'business', 'dao'].map((type) => subGroup(top, type)));
    expect(subs.map((s) => s.plan)).toEqual(['starter', 'starter', 'starter']);
    const writers = [top, ...subs];
    const batches = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const writer = writers[i % writers.length]!;
        return ok('POST', `/v1/groups/${writer.id}/things/batch`, writer.admin, thingsOf(15, `Race ${i}`));
      }),
    );
    const created = batches.reduce((n, b) => n + b.created.length, 0);
    const refused = batches.reduce((n, b) => n + b.errors.filter((e: { code: string }) => e.code === 'quota_exceeded').length, 0);
    expect({ created, refused }).toEqual({ created: 100, refused: 50 });
    expect(await entitiesOf(top.id, 100)).toMatchObject({ current: 100, limit: 100 });
  });

  it("decides who changes a group's plan, status, name and settings, with exact statuses", async () => {
    const patch = (groupId: string, key: string, body: unknown) => send('PATCH', `/v1/groups/${groupId}`, key, body);
    const cases: Array<[string, string, string, unknown, number]> = [
      ['root admin raises its own plan', root.id, root.admin, { plan: 'enterprise' }, 403],
      ['root admin archives its own group', root.id, root.admin, { status: 'archived' }, 403],
      ['sub admin lowers its own plan', sub.id, sub.admin, { plan: 'starter' }, 403],
      ['sub admin raises its own plan', sub.id, sub.admin, { plan: 'enterprise' }, 403],
      ['sub admin archives its own group', sub.id, sub.admin, { status: 'archived' }, 403],
      ['sub admin renames its root', root.id, sub.admin, { name: 'Taken over' }, 404],
      ['root admin sets its sub-group plan', sub.id, root.admin, { plan: 'enterprise' }, 403],
      ["another tenant's admin archives the sub-group", sub.id, other.admin, { status: 'archived' }, 404],
      ["another tenant's admin sets the root's plan", root.id, other.admin, { plan: 'enterprise' }, 404],
      ['platform admin gives the sub-group a plan', sub.id, platformKey, { plan: 'enterprise' }, 400],
      ['root admin renames and sets settings', root.id, root.admin, { name: 'Renamed root', settings: { locale: 'de' } }, 200],
      ['sub admin renames its own group', sub.id, sub.admin, { name: 'Renamed sub' }, 200],
      ['root admin archives its sub-group', sub.id, root.admin, { status: 'archived' }, 200],
      ['root admin reactivates its sub-group', sub.id, root.admin, { status: 'active' }, 200],
    ];
    const answers = [];
    for (const [what, groupId, key, body] of cases) answers.push([what, (await patch(groupId, key, body)).status]);
    expect(answers).toEqual(cases.map(([what, , , , status]) => [what, status]));
    const [rootNow, subNow] = await Promise.all([
      ok('GET', `/v1/groups/${root.id}`, root.admin),
      ok('GET', `/v1/groups/${sub.id}`, sub.admin),
    ]);
    expect({ plan: rootNow.plan, status: rootNow.status, name: rootNow.name, settings: rootNow.settings }).toEqual({
      plan: 'starter',
      status: 'active',
      name: 'Renamed root',
      settings: { locale: 'de' },
    });
    expect({ plan: subNow.plan, status: subNow.status }).toEqual({ plan: 'starter', status: 'active' });
  });

  it('keeps usage and counter resets for the platform admin, with integer amounts within 10^12', async () => {
    const post = (path: string, key: string, body: unknown) => send('POST', path, key, body);
    const huge = { metric: 'api_calls_per_month', amount: 9007199254740991 };
    const reset = { metric: 'api_calls_per_month', period: 'monthly' };
    const answers = {
      subAdminUsage: (await post(`/v1/groups/${sub.id}/usage`, sub.admin, huge)).status,
      rootAdminUsage: (await post(`/v1/groups/${root.id}/usage`, root.admin, { metric: 'api_calls_per_month', amount: 1 })).status,
      otherAdminUsage: (await post(`/v1/groups/${sub.id}/usage`, other.admin, huge)).status,
      rootAdminReset: (await post(`/v1/groups/${root.id}/quotas/reset`, root.admin, reset)).status,
      subAdminReset: (await post(`/v1/groups/${sub.id}/quotas/reset`, sub.admin, reset)).status,
      otherAdminReset: (await post(`/v1/groups/${root.id}/quotas/reset`, other.admin, reset)).status,
      platformHuge: (await post(`/v1/groups/${sub.id}/usage`, platformKey, huge)).status,
      platformFraction: (await post(`/v1/groups/${sub.id}/usage`, platformKey, { metric: 'api_calls_per_month', amount: 0.5 })).status,
    };
    // 200 once quota's consumer has counted it, 202 if it has not yet: either way recorded.
    expect([200, 202]).toContain(
      (await post(`/v1/groups/${sub.id}/usage`, platformKey, { metric: 'api_calls_per_month', amount: 1 })).status,
    );
    expect(answers).toEqual({
      subAdminUsage: 403,
      rootAdminUsage: 403,
      otherAdminUsage: 404,
      rootAdminReset: 403,
      subAdminReset: 403,
      otherAdminReset: 404,
      platformHuge: 400,
      platformFraction: 400,
    });
    // The root's keys still work: nothing pushed the month's api calls past the limit.
    expect((await send('GET', `/v1/groups/${root.id}`, root.admin)).status).toBe(200);
  });

  it("shows in a group's archival status only its own runs", async () => {
    const run = await ok('POST', `/v1/groups/${other.id}/archival/runs`, other.admin, {});
    const mine = await ok('GET', `/v1/archival/status?groupId=${root.id}`, root.admin);
    expect(mine.lastRun).toBeNull();
    expect(JSON.stringify(mine)).not.toContain(other.id);
    const theirs = await ok('GET', `/v1/archival/status?groupId=${other.id}`, other.admin);
    expect(theirs.lastRun).toMatchObject({ runId: run.runId, kind: 'group', groupId: other.id });
  });

  it('lets a group key start six runs of its group an hour, then answers 429 with Retry-After', async () => {
    const limited = await starterRoot();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const started = await send('POST', `/v1/groups/${limited.id}/archival/runs`, limited.admin, {});
      statuses.push(started.status);
      if (started.status === 429) expect(Number(started.headers.get('retry-after'))).toBeGreaterThan(3000);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });

  it('a group run started during the daily run delays neither: the group run is answered at once, the daily run completes', async () => {
    const daily = send('POST', '/v1/archival/runs', platformKey, {});
    const started = Date.now();
    const group = await send('POST', `/v1/groups/${other.id}/archival/runs`, other.admin, {});
    const groupAnsweredIn = Date.now() - started;
    const done = await daily;
    expect(done.status).toBe(200);
    expect([200, 409]).toContain(group.status);
    expect(groupAnsweredIn).toBeLessThan(10_000);
  });
});
