import { PLAN_LIMITS } from './plans';
import { upgradePricing } from './upgrade-pricing';

describe('upgradePricing', () => {
  it('offers Pro and Enterprise to a starter group, Enterprise at custom (null) prices', () => {
    const p = upgradePricing('starter');
    expect(p.current).toEqual({ name: 'Starter', monthlyPrice: 0, annualPrice: 0, quotas: PLAN_LIMITS.starter });
    expect(p.upgrades).toEqual([
      {
        plan: 'pro',
        name: 'Pro',
        monthlyPrice: 49,
        annualPrice: 490,
        quotas: PLAN_LIMITS.pro,
        upgrade: { monthlyDifference: 49, annualDifference: 490 },
      },
      {
        plan: 'enterprise',
        name: 'Enterprise',
        monthlyPrice: null,
        annualPrice: null,
        quotas: PLAN_LIMITS.enterprise,
        upgrade: { monthlyDifference: null, annualDifference: null },
      },
    ]);
  });

  it('offers only Enterprise to a pro group', () => {
    const p = upgradePricing('pro');
    expect(p.current.monthlyPrice).toBe(49);
    expect(p.upgrades.map((u) => u.plan)).toEqual(['enterprise']);
  });

  it('offers nothing above Enterprise', () => {
    const p = upgradePricing('enterprise');
    expect(p.current).toEqual({ name: 'Enterprise', monthlyPrice: null, annualPrice: null, quotas: PLAN_LIMITS.enterprise });
    expect(p.upgrades).toEqual([]);
  });

  it('encodes unlimited quotas as null, never Infinity', () => {
    expect(Object.values(upgradePricing('pro').upgrades[0].quotas)).toEqual([null, null, null, null, null, null]);
  });
});
