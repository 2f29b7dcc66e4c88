import type { UsageMetric } from '../contracts/usage';
import { groupQuotas } from './group-quotas';
import { BYTES_PER_GB } from './plans';

const usage = (over: Partial<Record<UsageMetric, number>> = {}): Record<UsageMetric, number> => ({
  users: 0,
  storage_bytes: 0,
  api_calls_per_month: 0,
  entities_total: 0,
  connections_total: 0,
  ...over,
});

describe('groupQuotas', () => {
  it('reports a quiet starter group as all ok, with retention as the plan allowance', () => {
    const q = groupQuotas({ groupId: 'g1', plan: 'starter', usage: usage({ users: 1 }) });
    expect(q.groupId).toBe('g1');
    expect(q.quotas.users).toEqual({ current: 1, limit: 5, percentUsed: 20, status: 'ok' });
    expect(q.quotas.events_retention_days).toEqual({ current: 90, limit: 90, percentUsed: 0, status: 'ok' });
    expect(q.warnings).toEqual([]);
    expect(q.summary).toEqual({ allOk: true, warningCount: 0, criticalCount: 0, exceededCount: 0 });
  });

  it('lists exceeded metrics in warnings after a downgrade leaves the group over its limits', () => {
    // given a pro group's usage, now on starter
    const q = groupQuotas({
      groupId: 'g1',
      plan: 'starter',
      usage: usage({ entities_total: 4_000, users: 4, connections_total: 480 }),
    });
    expect(q.quotas.entities_total).toEqual({ current: 4_000, limit: 100, percentUsed: 4000, status: 'exceeded' });
    expect(q.warnings).toEqual([
      { metric: 'users', current: 4, limit: 5, percentUsed: 80, status: 'warning' },
      { metric: 'entities_total', current: 4_000, limit: 100, percentUsed: 4000, status: 'exceeded' },
      { metric: 'connections_total', current: 480, limit: 500, percentUsed: 96, status: 'critical' },
    ]);
    expect(q.summary).toEqual({ allOk: false, warningCount: 1, criticalCount: 1, exceededCount: 1 });
  });

  it('shows storage in GB, rounded for display, with status from the exact bytes', () => {
    // 0.999999 GB: displays as 1 GB of 1 but is critical, not exceeded
    const bytes = BYTES_PER_GB - 1024;
    const q = groupQuotas({ groupId: 'g1', plan: 'starter', usage: usage({ storage_bytes: bytes }) });
    expect(q.quotas.storage_gb).toEqual({ current: 1, limit: 1, percentUsed: 100, status: 'critical' });
    const exact = groupQuotas({ groupId: 'g1', plan: 'starter', usage: usage({ storage_bytes: BYTES_PER_GB }) });
    expect(exact.quotas.storage_gb.status).toBe('exceeded');
    const small = groupQuotas({ groupId: 'g1', plan: 'pro', usage: usage({ storage_bytes: 5 * 1024 ** 2 }) });
    expect(small.quotas.storage_gb).toEqual({ current: 0, limit: 100, percentUsed: 0, status: 'ok' });
  });

  it('reports every enterprise metric as unlimited and all ok', () => {
    const q = groupQuotas({ groupId: 'g1', plan: 'enterprise', usage: usage({ users: 1e6, storage_bytes: 1e15 }) });
    expect(q.quotas.users).toEqual({ current: 1e6, limit: null, percentUsed: 0, status: 'unlimited' });
    expect(q.quotas.storage_gb.status).toBe('unlimited');
    expect(q.quotas.events_retention_days).toEqual({ current: null, limit: null, percentUsed: 0, status: 'unlimited' });
    expect(q.summary.allOk).toBe(true);
  });
});
