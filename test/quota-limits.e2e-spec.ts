import { TOPICS, isType, type EventOf } from '@onescale/ontology';
import { eventually } from './support/env';
import { ok, send } from './support/gateway';
import { tapTopic, type TopicTap } from './support/kafka';

// Limit overrides and soft limits (SPEC §5 "Beyond the seed"), through the gateway: the platform
// admin raises a starter group's entities limit and writes past the plan's 100 are admitted up to the
// new limit; a soft limit admits everything, reports `exceeded` and raises the threshold alerts.

const platformKey = process.env.E2E_ADMIN_KEY!;

const createGroup = async (name: string): Promise<{ id: string; admin: string }> => {
  const created = await ok('POST', '/v1/groups', platformKey, { name: `${name} ${Date.now()}`, type: 'community', plan: 'starter' });
  return { id: created.group.id, admin: created.apiKey.key };
};

const things = (n: number, prefix: string) => ({
  things: Array.from({ length: n }, (_, i) => ({ type: 'blog_post', name: `${prefix} ${i}` })),
});

describe('limit overrides and soft limits, through the gateway', () => {
  let raised: { id: string; admin: string };
  let soft: { id: string; admin: string };
  let other: { id: string; admin: string };
  let tap: TopicTap;

  beforeAll(async () => {
    [raised, soft, other] = await Promise.all([createGroup('Raised'), createGroup('Soft'), createGroup('Other')]);
    tap = await tapTopic(TOPICS.events);
  });
  afterAll(() => tap.stop());

  it('answers the plan limits before any override', async () => {
    const limits = await ok('GET', `/v1/groups/${raised.id}/limits`, raised.admin);
    expect(limits).toMatchObject({ groupId: raised.id, rootGroupId: raised.id, plan: 'starter' });
    expect(limits.limits.entities_total).toEqual({ limit: 100, soft: false, source: 'plan' });
    expect(limits.limits.events_retention_days).toEqual({ limit: 90, soft: false, source: 'plan' });
  });

  it('lets only the platform admin key set limits, and hides them from other tenants', async () => {
    const body = { limits: { entities_total: { limit: 150 } } };
    const byOwnAdmin = await send('PUT', `/v1/groups/${raised.id}/limits`, raised.admin, body);
    expect({ status: byOwnAdmin.status, code: byOwnAdmin.body.code }).toEqual({ status: 403, code: 'forbidden' });
    const byOtherPut = await send('PUT', `/v1/groups/${raised.id}/limits`, other.admin, body);
    const byOtherGet = await send('GET', `/v1/groups/${raised.id}/limits`, other.admin);
    expect([byOtherPut.status, byOtherGet.status]).toEqual([404, 404]);
  });

  it.each([
    [{ limits: { widgets: { limit: 5 } } }, 'limits.widgets'],
    [{ limits: { entities_total: { limit: -1 } } }, 'limits.entities_total.limit'],
    [{ limits: { entities_total: { limit: 1.5 } } }, 'limits.entities_total.limit'],
  ])('refuses %j with 400 naming %s', async (body, path) => {
    const response = await send('PUT', `/v1/groups/${raised.id}/limits`, platformKey, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: [{ path }] });
  });

  it("raises a starter group's entities limit: a batch past the plan's 100 is admitted, up to the new limit", async () => {
    const set = await ok('PUT', `/v1/groups/${raised.id}/limits`, platformKey, { limits: { entities_total: { limit: 150 } } });
    expect(set.limits.entities_total).toEqual({ limit: 150, soft: false, source: 'override' });
    expect(set.limits.users).toEqual({ limit: 5, soft: false, source: 'plan' });
    const first = await ok('POST', `/v1/groups/${raised.id}/things/batch`, raised.admin, things(120, 'first'));
    expect(first.summary).toEqual({ total: 120, success: 120, failed: 0, successRate: 100 });
    const second = await ok('POST', `/v1/groups/${raised.id}/things/batch`, raised.admin, things(40, 'second'));
    expect(second.summary).toMatchObject({ total: 40, success: 30, failed: 10 });
    expect(second.errors[0]).toMatchObject({ code: 'quota_exceeded' });
    const quotas = await eventually(async () => {
      const q = await ok('GET', `/v1/groups/${raised.id}/quotas`, raised.admin);
      return q.quotas.entities_total.current === 150 ? q : undefined;
    });
    expect(quotas.quotas.entities_total).toEqual({ current: 150, limit: 150, percentUsed: 100, status: 'exceeded' });
  });

  it('sets limits on root groups only: a sub-group reads its root’s', async () => {
    const sub = await ok('POST', '/v1/groups', raised.admin, { name: `Sub ${Date.now()}`, type: 'community', parentGroupId: raised.id });
    const limits = await ok('GET', `/v1/groups/${sub.group.id}/limits`, raised.admin);
    expect(limits).toMatchObject({ groupId: sub.group.id, rootGroupId: raised.id });
    expect(limits.limits.entities_total).toEqual({ limit: 150, soft: false, source: 'override' });
    const put = await send('PUT', `/v1/groups/${sub.group.id}/limits`, platformKey, { limits: {} });
    expect({ status: put.status, code: put.body.code }).toEqual({ status: 409, code: 'not_root_group' });
  });

  it('admits every write past a soft limit, reports it exceeded and raises each threshold once', async () => {
    await ok('PUT', `/v1/groups/${soft.id}/limits`, platformKey, { limits: { entities_total: { limit: 10, soft: true } } });
    const batch = await ok('POST', `/v1/groups/${soft.id}/things/batch`, soft.admin, things(15, 'soft'));
    expect(batch.summary).toEqual({ total: 15, success: 15, failed: 0, successRate: 100 });
    const status = await eventually(async () => {
      const s = await ok('GET', `/v1/groups/${soft.id}/quotas/status`, soft.admin);
      return s.metrics.entities_total.current === 15 ? s : undefined;
    });
    expect(status.status).toBe('exceeded');
    expect(status.metrics.entities_total).toEqual({ current: 15, limit: 10, percentUsed: 150, status: 'exceeded', soft: true });
    expect(status.recommendations).toContain('CRITICAL: entities_total limit exceeded. Upgrade plan required.');
    const alerts = await eventually(() => {
      const seen = tap.envelopes.filter(
        (e): e is EventOf<'quota_threshold_crossed'> => isType(e, 'quota_threshold_crossed') && e.rootGroupId === soft.id,
      );
      return seen.length >= 3 ? seen : undefined;
    });
    expect(alerts.map((a) => ({ metric: a.data.metric, level: a.data.level, limit: a.data.limit }))).toEqual([
      { metric: 'entities_total', level: 'warning', limit: 10 },
      { metric: 'entities_total', level: 'critical', limit: 10 },
      { metric: 'entities_total', level: 'exceeded', limit: 10 },
    ]);
  });
});
