import { effectiveLimits } from '@onescale/ontology';
import { overLimitOf, planLimits } from './over-limit';

describe('overLimitOf', () => {
  it('given counters at or under the plan limits, then nothing is reported', () => {
    expect(overLimitOf('r', planLimits('starter'), { entities_total: 100, users: 5, api_calls_per_month: 1000, storage_bytes: 1 })).toEqual(
      [],
    );
  });

  it('given a starter root with 150 entities (a sub-group wrote past it), then entities_total is reported with its limit', () => {
    expect(overLimitOf('r', planLimits('starter'), { entities_total: 150, users: 2 })).toEqual([
      { rootGroupId: 'r', metric: 'entities_total', counter: 150, limit: 100, plan: 'starter' },
    ]);
  });

  it('reports this month’s api calls too, and nothing for an unlimited plan', () => {
    expect(overLimitOf('r', planLimits('pro'), { api_calls_per_month: 9007199254740991 })).toMatchObject([
      { metric: 'api_calls_per_month', limit: 100_000 },
    ]);
    expect(overLimitOf('r', planLimits('enterprise'), { entities_total: 1e9, api_calls_per_month: 1e12 })).toEqual([]);
  });

  it('leaves out limits that are soft, and judges overridden limits', () => {
    const limits = effectiveLimits('starter', { users: { limit: 5, soft: true }, entities_total: { limit: 200, soft: false } });
    expect(overLimitOf('r', { plan: 'starter', limits }, { entities_total: 150, users: 9 })).toEqual([]);
    expect(overLimitOf('r', { plan: 'starter', limits }, { entities_total: 201 })).toEqual([
      { rootGroupId: 'r', metric: 'entities_total', counter: 201, limit: 200, plan: 'starter' },
    ]);
  });
});
