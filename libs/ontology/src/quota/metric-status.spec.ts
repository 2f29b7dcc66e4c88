import { crossedLevels, metricStatus } from './metric-status';

describe('metricStatus', () => {
  it.each([
    [79, 'ok', 79],
    [80, 'warning', 80],
    [94, 'warning', 94],
    [95, 'critical', 95],
    [99, 'critical', 99],
    [100, 'exceeded', 100],
    [130, 'exceeded', 130],
  ] as const)('at %i of 100 is %s with percentUsed %i', (current, status, percentUsed) => {
    expect(metricStatus(current, 100)).toEqual({ current, limit: 100, percentUsed, status });
  });

  it('compares exactly, not by the rounded percent (4 of 5 users is the 80% boundary)', () => {
    expect(metricStatus(3, 5).status).toBe('ok');
    expect(metricStatus(4, 5).status).toBe('warning');
    expect(metricStatus(5, 5).status).toBe('exceeded');
    // 946 of 1000 rounds to 95% but is still below the critical line
    expect(metricStatus(946, 1000)).toEqual({ current: 946, limit: 1000, percentUsed: 95, status: 'warning' });
  });

  it('reports unlimited with 0 percent when the limit is null', () => {
    expect(metricStatus(1_000_000, null)).toEqual({ current: 1_000_000, limit: null, percentUsed: 0, status: 'unlimited' });
  });

  it('treats a zero limit as exceeded', () => {
    expect(metricStatus(0, 0)).toEqual({ current: 0, limit: 0, percentUsed: 100, status: 'exceeded' });
  });
});

describe('crossedLevels', () => {
  it('reaches warning exactly at 80%', () => {
    expect(crossedLevels(79, 80, 100)).toEqual(['warning']);
  });

  it('reaches every level passed in one jump, lowest first', () => {
    expect(crossedLevels(10, 100, 100)).toEqual(['warning', 'critical', 'exceeded']);
    expect(crossedLevels(80, 95, 100)).toEqual(['critical']);
  });

  it('reaches nothing when staying within a level, moving down, or unlimited', () => {
    expect(crossedLevels(81, 90, 100)).toEqual([]);
    expect(crossedLevels(100, 50, 100)).toEqual([]);
    expect(crossedLevels(0, 1e9, null)).toEqual([]);
  });

  it('reaches a level again after dropping below it (the service dedupes per period)', () => {
    expect(crossedLevels(70, 85, 100)).toEqual(['warning']);
  });
});
