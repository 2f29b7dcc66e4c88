/** Levels a metric can be at; `unlimited` when the plan sets no limit. */
export type QuotaLevel = 'ok' | 'warning' | 'critical' | 'exceeded' | 'unlimited';
/** The levels that raise alerts, in rising order. */
export type ThresholdLevel = 'warning' | 'critical' | 'exceeded';
export const THRESHOLD_LEVELS: readonly ThresholdLevel[] = ['warning', 'critical', 'exceeded'];

export const WARNING_PERCENT = 80;
export const CRITICAL_PERCENT = 95;

export interface MetricStatus {
  readonly current: number;
  /** null = unlimited */
  readonly limit: number | null;
  /** round(current / limit · 100); may pass 100 (e.g. after a downgrade); 0 when unlimited. */
  readonly percentUsed: number;
  readonly status: QuotaLevel;
}

/**
 * The level of `current` against a finite limit. Compared exactly (integer arithmetic, not the
 * rounded percent), so 94.6% reads `percentUsed: 95` but is still a warning, as in the seed.
 * At the limit a metric is exceeded: nothing more fits (the same rule `enforce` and `admit` apply).
 */
export const levelOf = (current: number, limit: number): Exclude<QuotaLevel, 'unlimited'> => {
  if (current >= limit) return 'exceeded';
  if (current * 100 >= limit * CRITICAL_PERCENT) return 'critical';
  if (current * 100 >= limit * WARNING_PERCENT) return 'warning';
  return 'ok';
};

export const percentOf = (current: number, limit: number): number => (limit === 0 ? 100 : Math.round((current / limit) * 100));

export const metricStatus = (current: number, limit: number | null): MetricStatus =>
  limit === null
    ? { current, limit, percentUsed: 0, status: 'unlimited' }
    : { current, limit, percentUsed: percentOf(current, limit), status: levelOf(current, limit) };

const RANK: Readonly<Record<QuotaLevel, number>> = { unlimited: 0, ok: 0, warning: 1, critical: 2, exceeded: 3 };

/**
 * Levels newly reached when usage moves from `before` to `after`, lowest first (a jump from 10%
 * to 100% reaches all three). Moving down reaches none; an unlimited metric never alerts.
 */
export const crossedLevels = (before: number, after: number, limit: number | null): ThresholdLevel[] => {
  if (limit === null) return [];
  const from = RANK[levelOf(before, limit)];
  const to = RANK[levelOf(after, limit)];
  return THRESHOLD_LEVELS.filter((level) => RANK[level] > from && RANK[level] <= to);
};
