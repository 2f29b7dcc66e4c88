import { canCreate, canStore } from './capacity-checks';
import { BYTES_PER_GB, BYTES_PER_MB } from './plans';

describe('canCreate', () => {
  it('allows creating exactly up to the limit', () => {
    const r = canCreate({ plan: 'starter', current: 90, count: 10 });
    expect(r).toEqual({
      ok: true,
      value: { canCreate: true, requested: 10, current: 90, limit: 100, availableSlots: 10, utilization: 90 },
    });
  });

  it('refuses one more than fits, with a reason and the next plan', () => {
    const r = canCreate({ plan: 'starter', current: 90, count: 11 });
    expect(r.ok && r.value).toMatchObject({
      canCreate: false,
      availableSlots: 10,
      reason: 'Cannot create 11 entities. Current: 90, Limit: 100, Available: 10',
      suggestion: 'Upgrade to pro plan for more capacity',
    });
  });

  it('offers no negative slots to a group over its limit after a downgrade', () => {
    const r = canCreate({ plan: 'starter', current: 150, count: 1 });
    expect(r.ok && r.value).toMatchObject({ canCreate: false, availableSlots: 0, utilization: 150 });
  });

  it('answers null, not Infinity, for an unlimited plan', () => {
    const r = canCreate({ plan: 'enterprise', current: 1e7, count: 1e6 });
    expect(r).toEqual({
      ok: true,
      value: { canCreate: true, requested: 1e6, current: 1e7, limit: null, availableSlots: null, utilization: 0 },
    });
  });

  it.each([-1, 1.5, Number.NaN])('rejects the count %p', (count) => {
    const r = canCreate({ plan: 'pro', current: 0, count });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatchObject({ code: 'validation_failed', path: 'count' });
  });
});

describe('canStore', () => {
  it('reports sizes in bytes, MB and GB', () => {
    const r = canStore({ plan: 'starter', currentBytes: BYTES_PER_GB / 2, bytes: 10 * BYTES_PER_MB });
    expect(r).toEqual({
      ok: true,
      value: {
        canStore: true,
        requested: 10 * BYTES_PER_MB,
        requestedMB: 10,
        current: BYTES_PER_GB / 2,
        currentGB: 0.5,
        limit: BYTES_PER_GB,
        limitGB: 1,
        availableBytes: BYTES_PER_GB / 2,
        availableGB: 0.5,
        utilization: 50,
      },
    });
  });

  it('refuses a single byte past the limit', () => {
    const r = canStore({ plan: 'pro', currentBytes: 100 * BYTES_PER_GB - 1, bytes: 2 });
    expect(r.ok && r.value).toMatchObject({
      canStore: false,
      availableBytes: 1,
      reason: 'Cannot store 0 MB. Current: 100 GB, Limit: 100 GB, Available: 0 GB',
      suggestion: 'Upgrade to enterprise plan for more storage',
    });
  });

  it('never refuses an enterprise group', () => {
    const r = canStore({ plan: 'enterprise', currentBytes: 1e15, bytes: 1e12 });
    expect(r.ok && r.value).toMatchObject({ canStore: true, limit: null, limitGB: null, availableGB: null });
  });

  it('rejects negative bytes', () => {
    const r = canStore({ plan: 'pro', currentBytes: 0, bytes: -10 });
    expect(!r.ok && r.problem.path).toBe('bytes');
  });
});
