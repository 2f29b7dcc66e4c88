import type { UsageMetric } from '../contracts/usage';
import { quotaStatus } from './quota-status';

const NOW = Date.UTC(2025, 5, 1, 12);
const usage = (over: Partial<Record<UsageMetric, number>> = {}): Record<UsageMetric, number> => ({
  users: 0,
  storage_bytes: 0,
  api_calls_per_month: 0,
  entities_total: 0,
  connections_total: 0,
  ...over,
});

describe('quotaStatus', () => {
  it('is healthy with one reassuring line when nothing is near a limit', () => {
    const s = quotaStatus({ groupId: 'g1', plan: 'pro', usage: usage({ users: 3 }) }, NOW);
    expect(s.group).toEqual({ id: 'g1', plan: 'pro' });
    expect(s.status).toBe('healthy');
    expect(s.recommendations).toEqual(['All quotas healthy. Keep monitoring usage.']);
    expect(s.lastUpdated).toBe(NOW);
    expect(s.metrics.users.current).toBe(3);
  });

  it('gives a warning-level metric its own line and points a starter group at Pro', () => {
    const s = quotaStatus({ groupId: 'g1', plan: 'starter', usage: usage({ api_calls_per_month: 850 }) }, NOW);
    expect(s.status).toBe('warning');
    expect(s.recommendations).toEqual([
      'NOTICE: api_calls_per_month at 85% capacity. Plan ahead for more capacity.',
      'Consider upgrading to Pro plan for 10x more capacity.',
    ]);
  });

  it('suggests Pro to a starter group that has only exceeded metrics (the seed did not)', () => {
    const s = quotaStatus({ groupId: 'g1', plan: 'starter', usage: usage({ entities_total: 100 }) }, NOW);
    expect(s.status).toBe('exceeded');
    expect(s.warnings.map((w) => w.metric)).toEqual(['entities_total']);
    expect(s.recommendations).toEqual([
      'CRITICAL: entities_total limit exceeded. Upgrade plan required.',
      'Consider upgrading to Pro plan for 10x more capacity.',
    ]);
  });

  it('orders lines by metric and sends a critical pro group to sales', () => {
    const s = quotaStatus({ groupId: 'g1', plan: 'pro', usage: usage({ users: 48, connections_total: 50_000 }) }, NOW);
    expect(s.status).toBe('exceeded');
    expect(s.recommendations).toEqual([
      'WARNING: users at 96% capacity. Consider upgrading.',
      'CRITICAL: connections_total limit exceeded. Upgrade plan required.',
      'Contact sales for Enterprise plan (unlimited quotas).',
    ]);
  });

  it('does not send a pro group with only warnings to sales', () => {
    const s = quotaStatus({ groupId: 'g1', plan: 'pro', usage: usage({ users: 40 }) }, NOW);
    expect(s.status).toBe('warning');
    expect(s.recommendations).toEqual(['NOTICE: users at 80% capacity. Plan ahead for more capacity.']);
  });
});
