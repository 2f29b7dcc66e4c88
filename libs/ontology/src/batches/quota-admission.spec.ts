import { admitWithinGrants, totalCosts } from './quota-admission';

describe('admitWithinGrants', () => {
  it('admits items in input order up to exactly the granted amount', () => {
    const costs = Array.from({ length: 5 }, () => ({ entities_total: 1 }));
    const outcome = admitWithinGrants(costs, { entities_total: { granted: 3, limit: 100, remaining: 3 } });
    expect(outcome.map((o) => o.admitted)).toEqual([true, true, true, false, false]);
    const refused = outcome[3]!;
    expect(!refused.admitted && refused.problem).toEqual({
      code: 'quota_exceeded',
      message: 'Quota exceeded for entities_total: limit 100, remaining 3',
    });
  });

  it('checks every metric an item counts against, and a refused item consumes none of them', () => {
    const person = { entities_total: 1, users: 1 };
    const post = { entities_total: 1 };
    const outcome = admitWithinGrants([person, person, post, post], {
      entities_total: { granted: 3, limit: 100, remaining: 3 },
      users: { granted: 1, limit: 5, remaining: 1 },
    });
    expect(outcome.map((o) => o.admitted)).toEqual([true, false, true, true]);
    const refused = outcome[1]!;
    expect(!refused.admitted && refused.problem.message).toBe('Quota exceeded for users: limit 5, remaining 1');
  });

  it('counts bytes per item against the storage grant', () => {
    const outcome = admitWithinGrants([{ storage_bytes: 600 }, { storage_bytes: 600 }, { storage_bytes: 300 }], {
      storage_bytes: { granted: 1000, limit: 1000, remaining: 1000 },
    });
    expect(outcome.map((o) => o.admitted)).toEqual([true, false, true]);
  });

  it('admits everything for metrics that were not limited', () => {
    expect(admitWithinGrants([{ entities_total: 1 }], {}).every((o) => o.admitted)).toBe(true);
  });
});

describe('totalCosts', () => {
  it('sums each metric over the items', () => {
    expect(
      totalCosts([
        { entities_total: 1, users: 1, storage_bytes: 10 },
        { entities_total: 1, storage_bytes: 5 },
      ]),
    ).toEqual({
      entities_total: 2,
      users: 1,
      storage_bytes: 15,
    });
  });
});
