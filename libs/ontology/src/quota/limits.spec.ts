import { groupQuotas } from './group-quotas';
import { effectiveLimits, hardLimit, parseLimitOverrides, usageLimitOf } from './limits';
import { BYTES_PER_GB } from './plans';

const usage = (over: Partial<Record<string, number>> = {}) => ({
  users: 0,
  storage_bytes: 0,
  api_calls_per_month: 0,
  entities_total: 0,
  connections_total: 0,
  ...over,
});

describe('limit overrides', () => {
  it("given overrides, then they replace the plan's limits metric by metric", () => {
    const limits = effectiveLimits('starter', { entities_total: { limit: 250, soft: false }, users: { limit: null, soft: false } });
    expect(limits.entities_total).toEqual({ limit: 250, soft: false, source: 'override' });
    expect(limits.users).toEqual({ limit: null, soft: false, source: 'override' });
    expect(limits.connections_total).toEqual({ limit: 500, soft: false, source: 'plan' });
  });

  it('reads storage in bytes, and a soft limit refuses nothing', () => {
    const limits = effectiveLimits('pro', { storage_gb: { limit: 3, soft: true } });
    expect(usageLimitOf(limits, 'storage_bytes')).toEqual({ limit: 3 * BYTES_PER_GB, soft: true });
    expect(hardLimit(usageLimitOf(limits, 'storage_bytes'))).toBeNull();
    expect(hardLimit(usageLimitOf(limits, 'users'))).toBe(50);
  });

  it('given a soft limit passed, then the status says exceeded and marks it soft', () => {
    const limits = effectiveLimits('starter', { entities_total: { limit: 100, soft: true } });
    const q = groupQuotas({ groupId: 'g', plan: 'starter', usage: usage({ entities_total: 130 }), limits });
    expect(q.quotas.entities_total).toEqual({ current: 130, limit: 100, percentUsed: 130, status: 'exceeded', soft: true });
    expect(q.warnings).toEqual([{ metric: 'entities_total', current: 130, limit: 100, percentUsed: 130, status: 'exceeded', soft: true }]);
  });

  it('parses a body, soft defaulting to false', () => {
    expect(parseLimitOverrides({ limits: { entities_total: { limit: 250 }, users: { limit: null, soft: true } } })).toEqual({
      ok: true,
      value: { entities_total: { limit: 250, soft: false }, users: { limit: null, soft: true } },
    });
    expect(parseLimitOverrides({ limits: {} })).toEqual({ ok: true, value: {} });
  });

  it.each([
    [{}, 'limits'],
    [{ limits: [] }, 'limits'],
    [{ limits: { widgets: { limit: 1 } } }, 'limits.widgets'],
    [{ limits: { users: 5 } }, 'limits.users'],
    [{ limits: { users: { limit: -1 } } }, 'limits.users.limit'],
    [{ limits: { users: { limit: 2.5 } } }, 'limits.users.limit'],
    [{ limits: { users: { limit: '5' } } }, 'limits.users.limit'],
    [{ limits: { users: {} } }, 'limits.users.limit'],
    [{ limits: { storage_gb: { limit: 10_000_000 } } }, 'limits.storage_gb.limit'],
    [{ limits: { users: { limit: 5, soft: 'yes' } } }, 'limits.users.soft'],
    [{ limits: { users: { limit: 5, hard: true } } }, 'limits.users.hard'],
  ])('refuses %j with the path %s', (body, path) => {
    const parsed = parseLimitOverrides(body);
    expect(parsed.ok ? null : { code: parsed.problem.code, path: parsed.problem.path }).toEqual({ code: 'validation_failed', path });
  });
});
