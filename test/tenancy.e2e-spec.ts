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
  readonly keptKeyId: string;
}
interface RouteCase {
  readonly route: (typeof SPEC_ROUTES)[number] | 'GET /v1/groups/:groupId/api-keys';
  readonly role: MinRole;
  /** Whether the route names a group (otherwise "another group's key" has nothing to be hidden from). */
  readonly other: 404 | 403 | 'allowed';
  readonly call: (f: Fixture, allowed: boolean) => Promise<{ method: string; path: string; body?: unknown }>;
}

const G = (f: Fixture) => `/v1/groups/${f.groupId}`;
const same = (method: string, path: (f: Fixture) => string, body?: (f: Fixture) => unknown) => async (f: Fixture) => ({ method, path: path(f), body: body?.(f) });

const CASES: RouteCase[] = [
  { route: 'POST /v1/groups', role: 'admin', other: 404, call: same('POST', () => '/v1/groups', (f) => ({ name: `sub ${Date.now()}`, type: 'community', parentGroupId: f.groupId })) },
  { route: 'GET /v1/groups/:groupId', role: 'reader', other: 404, call: same('GET', G) },
  { route: 'PATCH /v1/groups/:groupId', role: 'admin', other: 404, call: same('PATCH', G, () => ({ name: 'Tenancy group (renamed)' })) },
  { route: 'POST /v1/groups/:groupId/api-keys', role: 'admin', other: 404, call: same('POST', (f) => `${G(f)}/api-keys`, () => ({ role: 'reader' })) },
  { route: 'GET /v1/groups/:groupId/api-keys', role: 'admin', other: 404, call: same('GET', (f) => `${G(f)}/api-keys`) },
  {
    route: 'DELETE /v1/groups/:groupId/api-keys/:keyId',
    role: 'admin',
    other: 404,
    call: async (f, allowed) => ({ method: 'DELETE', path: `${G(f)}/api-keys/${allowed ? await f.disposableKeyId() : f.keptKeyId}` }),
  },
  { route: 'POST /v1/groups/:groupId/things/batch', role: 'writer', other: 404, call: same('POST', (f) => `${G(f)}/things/batch`, () => ({ things: [{ type: 'blog_post', name: 'Tenancy post' }] })) },
  { route: 'PATCH /v1/groups/:groupId/things/batch', role: 'writer', other: 404, call: same('PATCH', (f) => `${G(f)}/things/batch`, (f) => ({ updates: [{ thingId: f.postId, name: `Renamed ${Date.now()}` }] })) },
  {
    route: 'POST /v1/groups/:groupId/connections/batch',
    role: 'writer',
    other: 404,
    call: same('POST', (f) => `${G(f)}/connections/batch`, (f) => ({ connections: [{ fromThingId: f.creatorId, toThingId: f.postId, relationshipType: 'authored' }] })),
  },
  {
    route: 'POST /v1/groups/:groupId/events/batch',
    role: 'writer',
    other: 404,
    call: same('POST', (f) => `${G(f)}/events/batch`, (f) => ({ events: [{ type: 'revenue_generated', actorId: f.creatorId, metadata: { amount: 1, currency: 'USD' } }] })),
  },
  {
    route: 'POST /v1/groups/:groupId/knowledge/batch',
    role: 'writer',
    other: 404,
    call: same('POST', (f) => `${G(f)}/knowledge/batch`, (f) => ({ knowledge: [{ knowledgeType: 'label', text: 'tenancy', sourceThingId: f.postId, role: 'label' }] })),
  },
  {
    route: 'DELETE /v1/groups/:groupId/things/:thingId',
    role: 'writer',
    other: 404,
    call: async (f, allowed) => ({ method: 'DELETE', path: `${G(f)}/things/${allowed ? await f.disposableThing() : f.postId}` }),
  },
  { route: 'GET /v1/groups/:groupId/things', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/things?limit=5`) },
  { route: 'GET /v1/groups/:groupId/things/:thingId', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/things/${f.creatorId}`) },
  { route: 'GET /v1/groups/:groupId/things/:thingId/relationships', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/things/${f.creatorId}/relationships`) },
  { route: 'GET /v1/groups/:groupId/things/:thingId/activity', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/things/${f.creatorId}/activity`) },
  { route: 'GET /v1/groups/:groupId/creators/:creatorId/stats', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/creators/${f.creatorId}/stats`) },
  { route: 'GET /v1/groups/:groupId/metrics', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/metrics`) },
  { route: 'GET /v1/groups/:groupId/quotas', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/quotas`) },
  { route: 'GET /v1/groups/:groupId/quotas/status', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/quotas/status`) },
  { route: 'GET /v1/groups/:groupId/quotas/can-create', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/quotas/can-create?count=1`) },
  { route: 'GET /v1/groups/:groupId/quotas/can-store', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/quotas/can-store?bytes=1`) },
  { route: 'POST /v1/groups/:groupId/quotas/enforce', role: 'writer', other: 404, call: same('POST', (f) => `${G(f)}/quotas/enforce`, () => ({ metric: 'entities_total', requestedAmount: 1 })) },
  { route: 'POST /v1/groups/:groupId/usage', role: 'admin', other: 404, call: same('POST', (f) => `${G(f)}/usage`, () => ({ metric: 'api_calls_per_month', amount: 1 })) },
  {
    route: 'POST /v1/groups/:groupId/quotas/reset',
    role: 'admin',
    other: 404,
    call: same('POST', (f) => `${G(f)}/quotas/reset`, () => ({ metric: 'api_calls_per_month', period: 'monthly' })),
  },
  { route: 'GET /v1/pricing/upgrades', role: 'any', other: 'allowed', call: same('GET', () => '/v1/pricing/upgrades?currentPlan=starter') },
  { route: 'POST /v1/archival/runs', role: 'platform', other: 403, call: same('POST', () => '/v1/archival/runs', () => ({})) },
  { route: 'POST /v1/groups/:groupId/archival/runs', role: 'admin', other: 404, call: same('POST', (f) => `${G(f)}/archival/runs`, () => ({})) },
  { route: 'GET /v1/archival/status', role: 'reader', other: 404, call: same('GET', (f) => `/v1/archival/status?groupId=${f.groupId}`) },
  { route: 'GET /v1/groups/:groupId/archive/events', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/archive/events?limit=10`) },
  { route: 'GET /v1/groups/:groupId/archive/manifests', role: 'reader', other: 404, call: same('GET', (f) => `${G(f)}/archive/manifests`) },
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
    keys = { platform: platformKey, reader: (await issue('reader')).key, writer: (await issue('writer')).key, admin, revoked: revoked.key, other: theirs.apiKey.key };
    const things = await ok('POST', `/v1/groups/${groupId}/things/batch`, admin, {
      things: [
        { type: 'creator', name: 'Tenancy creator' },
        { type: 'blog_post', name: 'Tenancy post' },
      ],
    });
    // The read routes are checked against this group's things: wait until the projection shows them.
    await eventually(async () => {
      const view = await send('GET', `/v1/groups/${groupId}/metrics?minPosition=${things.position}`, admin);
      return view.status === 200 && view.body._meta?.stale === undefined ? true : undefined;
    }, 120000, 'the projection of the tenancy group');
    fixture = {
      groupId,
      otherGroupId: theirs.group.id,
      creatorId: things.created[0],
      postId: things.created[1],
      keptKeyId: kept.id,
      disposableThing: async () => (await ok('POST', `/v1/groups/${groupId}/things/batch`, admin, { things: [{ type: 'blog_post', name: 'Disposable' }] })).created[0],
      disposableKeyId: async () => (await issue('reader')).id,
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

  it.each(CASES.map((c) => [c.route, c] as const))('%s: another group’s admin key is answered as if nothing were there', async (_name, c) => {
    const { method, path, body } = await c.call(fixture, c.other === 'allowed');
    const response = await send(method, path, keys.other, body);
    if (c.other === 'allowed') expect([401, 403, 404]).not.toContain(response.status);
    else expect({ status: response.status, code: response.body?.code }).toEqual({ status: c.other, code: c.other === 404 ? 'not_found' : 'forbidden' });
    if (c.other === 404) {
      // exactly what a group that does not exist gets: nothing tells the two apart
      const ghostId = '01900000-0000-7000-8000-000000000000';
      const ghost = await c.call({ ...fixture, groupId: ghostId }, false);
      const unknown = await send(ghost.method, ghost.path, keys.other, ghost.body);
      const scrub = (problem: any, id: string) => ({ ...problem, detail: String(problem?.detail).replaceAll(id, '<group>'), instance: undefined });
      expect(scrub(response.body, fixture.groupId)).toEqual(scrub(unknown.body, ghostId));
    }
  });

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
    expect({ route: c.route, status: response.status, blocked: [401, 403, 404].includes(response.status) || response.status >= 500 }).toEqual({
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
    const direct = { ingest: `/v1/groups/${fixture.groupId}`, metrics: `/v1/groups/${fixture.groupId}/metrics`, quota: `/v1/groups/${fixture.groupId}/quotas`, archiver: `/v1/groups/${fixture.groupId}/archive/manifests` };
    const statuses = await Promise.all(
      Object.entries(direct).map(async ([app, path]) => [app, (await request('GET', `${process.env[`E2E_${app.toUpperCase()}_URL`]}${path}`, { headers: { authorization: `Bearer ${keys.admin}` } })).status]),
    );
    expect(Object.fromEntries(statuses)).toEqual({ ingest: 401, metrics: 401, quota: 401, archiver: 401 });
  });

  it('lets a key reach sub-groups but never the parent', async () => {
    const sub = await ok('POST', '/v1/groups', keys.admin, { name: `Tenancy sub ${Date.now()}`, type: 'community', parentGroupId: fixture.groupId });
    expect(sub.group.parentGroupId).toBe(fixture.groupId);
    expect((await send('GET', `/v1/groups/${sub.group.id}`, keys.reader)).status).toBe(200);
    expect((await send('GET', `/v1/groups/${fixture.groupId}`, sub.apiKey.key)).status).toBe(404);
    expect((await send('GET', `/v1/groups/${sub.group.id}`, keys.other)).status).toBe(404);
  });
});
