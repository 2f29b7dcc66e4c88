import { BYTES_PER_GB, TOPICS, makeEvent, utcMonthStart } from '@onescale/ontology';
import { uuidv7 } from '@onescale/platform';
import { eventually } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import {
  announceGroups,
  counterReaches,
  knowGroups,
  newGroup,
  publisher,
  startQuota,
  usage,
  usageEnvelope,
  type QuotaUnderTest,
} from '../testing/quota-harness';

describe('public quota routes (quota process, real Kafka and FerretDB)', () => {
  let quota: QuotaUnderTest;
  const root = newGroup('starter');
  const sub = newGroup('starter', root);
  const pro = newGroup('pro');
  const unlimited = newGroup('enterprise');
  const get = (path: string) => request('GET', `${quota.url}${path}`, { internal: true });
  const post = (path: string, body: unknown) => request('POST', `${quota.url}${path}`, { body, internal: true });

  beforeAll(async () => {
    quota = await startQuota(3330);
    knowGroups(quota, [root, sub, pro, unlimited]);
    await publisher.publish(TOPICS.usage, [
      usage(root.id, 'entities_total', 85),
      usageEnvelope(root.id, { metric: 'users', amount: 5 }, sub.id),
      usage(root.id, 'storage_bytes', 1024 ** 2),
    ]);
    await counterReaches(quota, root.id, 'storage_bytes', 1024 ** 2);
  });
  afterAll(async () => {
    await quota?.stop();
    await publisher.disconnect();
  });

  it('reports quotas of a sub-group against its root, with warnings including exceeded metrics', async () => {
    const { status, body } = await get(`/v1/groups/${sub.id}/quotas`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ groupId: sub.id, rootGroupId: root.id, plan: 'starter', apiCallsResetAt: expect.any(Number) });
    expect(body.quotas.entities_total).toEqual({ current: 85, limit: 100, percentUsed: 85, status: 'warning' });
    expect(body.quotas.users).toEqual({ current: 5, limit: 5, percentUsed: 100, status: 'exceeded' });
    expect(body.quotas.storage_gb).toEqual({ current: 0, limit: 1, percentUsed: 0, status: 'ok' });
    expect(body.quotas.events_retention_days).toEqual({ current: 90, limit: 90, percentUsed: 0, status: 'ok' });
    expect(body.warnings.map((w: { metric: string }) => w.metric).sort()).toEqual(['entities_total', 'users']);
    expect(body.summary).toEqual({ allOk: false, warningCount: 1, criticalCount: 0, exceededCount: 1 });
  });

  it("answers a group's events retention from its root's plan, and 404 for a group nobody knows", async () => {
    const retention = async (groupId: string) => (await get(`/internal/retention/${groupId}`)).body;
    expect(await retention(sub.id)).toEqual({ groupId: sub.id, rootGroupId: root.id, days: 90 });
    expect(await retention(pro.id)).toEqual({ groupId: pro.id, rootGroupId: pro.id, days: 365 });
    expect(await retention(unlimited.id)).toEqual({ groupId: unlimited.id, rootGroupId: unlimited.id, days: null });
    const unknown = await get('/internal/retention/g-nobody');
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'group_not_found' });
  });

  it('reports status with recommendations', async () => {
    const { status, body } = await get(`/v1/groups/${root.id}/quotas/status`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ group: { id: root.id, plan: 'starter' }, status: 'exceeded', lastUpdated: expect.any(Number) });
    expect(body.recommendations).toEqual(
      expect.arrayContaining([
        'CRITICAL: users limit exceeded. Upgrade plan required.',
        'Consider upgrading to Pro plan for 10x more capacity.',
      ]),
    );
  });

  it('answers can-create and can-store, and names the field of a bad query', async () => {
    expect((await get(`/v1/groups/${root.id}/quotas/can-create?count=15`)).body).toMatchObject({
      canCreate: true,
      current: 85,
      availableSlots: 15,
    });
    const refused = (await get(`/v1/groups/${root.id}/quotas/can-create?count=16`)).body;
    expect(refused).toMatchObject({
      canCreate: false,
      reason: 'Cannot create 16 entities. Current: 85, Limit: 100, Available: 15',
      suggestion: 'Upgrade to pro plan for more capacity',
    });
    expect((await get(`/v1/groups/${root.id}/quotas/can-store?bytes=${BYTES_PER_GB}`)).body).toMatchObject({
      canStore: false,
      current: 1024 ** 2,
      limitGB: 1,
    });
    for (const query of ['count=abc', 'count=-1', 'count=1.5', '']) {
      const { status, body } = await get(`/v1/groups/${root.id}/quotas/can-create?${query}`);
      expect(status).toBe(400);
      expect(body.errors[0].path).toBe('count');
    }
    expect((await get(`/v1/groups/${root.id}/quotas/can-store?bytes=x`)).body.errors[0].path).toBe('bytes');
  });

  it('enforces: 200 when it fits, 403 quota_exceeded with current, requested and limit when not', async () => {
    const fits = await post(`/v1/groups/${sub.id}/quotas/enforce`, { metric: 'entities_total', requestedAmount: 15 });
    expect(fits).toMatchObject({
      status: 200,
      body: { metric: 'entities_total', current: 85, requested: 15, limit: 100, available: 15, canProceed: true },
    });
    const refused = await post(`/v1/groups/${sub.id}/quotas/enforce`, { metric: 'entities_total', requestedAmount: 16 });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'quota_exceeded', current: 85, requested: 16, limit: 100 });
    expect(refused.body.detail).toBe('Quota exceeded for entities_total: current=85, requested=16, limit=100');
    expect((await post(`/v1/groups/${sub.id}/quotas/enforce`, { metric: 'storage_gb', requestedAmount: 1 })).status).toBe(403);
    const bad = await post(`/v1/groups/${sub.id}/quotas/enforce`, { metric: 'events_retention_days', requestedAmount: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['metric', 'requestedAmount']);
  });

  it('records usage through the usage topic and answers with the new value', async () => {
    const { status, body } = await post(`/v1/groups/${sub.id}/usage`, { metric: 'api_calls_per_month', amount: 12, period: 'monthly' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      metric: 'api_calls_per_month',
      amount: 12,
      period: 'monthly',
      periodStart: utcMonthStart(Date.now()),
      value: 12,
    });
    expect((await get(`/internal/api-calls/${root.id}`)).body).toEqual({ used: 12, limit: 1000, resetAt: expect.any(Number) });
    expect((await post(`/v1/groups/${root.id}/usage`, { metric: 'users', amount: 1, period: 'monthly' })).body.errors[0].path).toBe(
      'period',
    );
    expect((await post(`/v1/groups/${root.id}/usage`, { metric: 'users', amount: -6 })).body.errors[0].path).toBe('amount');
  });

  it('refuses usage amounts beyond 10^12 either way, and storage that a counter cannot hold exactly, changing nothing', async () => {
    const before = (await get(`/internal/api-calls/${root.id}`)).body.used;
    for (const amount of [9007199254740991, 1e12 + 1, -(1e12 + 1), 1.5]) {
      const { status, body } = await post(`/v1/groups/${sub.id}/usage`, { metric: 'api_calls_per_month', amount });
      expect({ amount, status, path: body.errors?.[0]?.path }).toEqual({ amount, status: 400, path: 'amount' });
    }
    const storage = await post(`/v1/groups/${root.id}/usage`, { metric: 'storage_gb', amount: 1e12 });
    expect({ status: storage.status, path: storage.body.errors?.[0]?.path }).toEqual({ status: 400, path: 'amount' });
    expect((await get(`/internal/api-calls/${root.id}`)).body.used).toBe(before);
  });

  it('resets this month’s api calls, and refuses to reset a gauge', async () => {
    await post(`/v1/groups/${root.id}/usage`, { metric: 'api_calls_per_month', amount: 3 });
    const { status, body } = await post(`/v1/groups/${root.id}/quotas/reset`, { metric: 'api_calls_per_month', period: 'monthly' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      metric: 'api_calls_per_month',
      period: 'monthly',
      periodStart: utcMonthStart(Date.now()),
      recordsReset: 1,
    });
    expect(body.previousValue).toBeGreaterThanOrEqual(3);
    expect((await get(`/internal/api-calls/${root.id}`)).body.used).toBe(0);
    const gauge = await post(`/v1/groups/${root.id}/quotas/reset`, { metric: 'entities_total', period: 'all_time' });
    expect(gauge).toMatchObject({ status: 400, body: { code: 'not_resettable' } });
  });

  it('serves upgrade pricing and rejects unknown plans', async () => {
    const { status, body } = await get('/v1/pricing/upgrades?currentPlan=starter');
    expect(status).toBe(200);
    expect(body.upgrades.map((u: { plan: string }) => u.plan)).toEqual(['pro', 'enterprise']);
    expect(body.upgrades[0]).toMatchObject({ monthlyPrice: 49, upgrade: { monthlyDifference: 49, annualDifference: 490 } });
    const bad = await get('/v1/pricing/upgrades?currentPlan=gold');
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed', errors: [{ path: 'currentPlan' }] } });
  });

  it('answers 404 for a group nobody knows, and 401 without the internal credential', async () => {
    expect((await get('/v1/groups/nobody-knows-me/quotas')).body).toMatchObject({ status: 404, code: 'group_not_found' });
    expect((await get('/internal/api-calls/nobody-knows-me')).status).toBe(404);
    expect((await request('GET', `${quota.url}/v1/groups/${root.id}/quotas`)).status).toBe(401);
  });

  it('learns plan changes from group events: limits follow the root plan', async () => {
    const upgraded = { ...root, plan: 'pro' as const, updatedAt: Date.now() + 1 };
    const now = Date.now();
    await publisher.publish(TOPICS.events, [
      makeEvent(
        'group_updated',
        { id: uuidv7(now), groupId: root.id, rootGroupId: root.id, timestamp: now },
        { group: upgraded, changes: { plan: { old: root.plan, new: 'pro' } } },
      ),
    ]);
    await eventually(
      async () => ((await get(`/v1/groups/${sub.id}/quotas`)).body.plan === 'pro' ? true : undefined),
      30_000,
      'the plan change',
    );
    expect((await get(`/v1/groups/${sub.id}/quotas`)).body.quotas.entities_total).toMatchObject({ limit: 10_000, status: 'ok' });
  });

  it('learns a brand-new group from group_created', async () => {
    const fresh = newGroup('enterprise');
    await announceGroups(quota, [fresh]);
    expect((await get(`/v1/groups/${fresh.id}/quotas`)).body.quotas.users).toEqual({
      current: 0,
      limit: null,
      percentUsed: 0,
      status: 'unlimited',
    });
  });
});
