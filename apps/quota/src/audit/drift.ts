import { GAUGE_METRICS, type UsageMetric } from '@onescale/ontology';
import { overLimitOf, type OverLimit, type RootLimits } from './over-limit';

/** One gauge where quota's counter and the independent recount disagree. */
export interface Drift {
  readonly rootGroupId: string;
  readonly metric: UsageMetric;
  readonly counter: number;
  /** null when the recount does not know the group at all. */
  readonly recount: number | null;
}

export type GaugeCounts = Readonly<Partial<Record<UsageMetric, number>>>;

/** Gauges of one root group that differ between quota's counters and the recount (null = group unknown). */
export const driftOf = (rootGroupId: string, counters: GaugeCounts, recount: GaugeCounts | null): Drift[] =>
  GAUGE_METRICS.flatMap((metric): Drift[] => {
    const counter = counters[metric] ?? 0;
    if (recount === null) return counter === 0 ? [] : [{ rootGroupId, metric, counter, recount: null }];
    const live = recount[metric] ?? 0;
    return counter === live ? [] : [{ rootGroupId, metric, counter, recount: live }];
  });

export interface AuditSource {
  /** Root groups quota holds gauge counters for. */
  roots(): Promise<string[]>;
  /** The gauges, and this month's api calls. */
  counters(rootGroupId: string): Promise<GaugeCounts>;
  recount(rootGroupId: string): Promise<GaugeCounts | null>;
  /** The plan quota holds for the root and its limits (overrides included); null when quota has not learnt the group. */
  limits(rootGroupId: string): Promise<RootLimits | null>;
}

export interface AuditReport {
  readonly checked: number;
  readonly drift: Drift[];
  readonly overLimit: OverLimit[];
}

/**
 * Compares every root group's gauges with the recount, and its counters with its limits. Usage still in flight (written, not yet
 * consumed) looks like drift for a moment, so a group that differs is read again a few times before
 * its drift is reported.
 */
export async function audit(source: AuditSource, attempts = 3, pauseMs = 1000): Promise<AuditReport> {
  const roots = await source.roots();
  const drift: Drift[] = [];
  const overLimit: OverLimit[] = [];
  for (const root of roots) {
    let found: Drift[] = [];
    let counters: GaugeCounts = {};
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, pauseMs));
      let recount: GaugeCounts | null;
      [counters, recount] = await Promise.all([source.counters(root), source.recount(root)]);
      found = driftOf(root, counters, recount);
      if (found.length === 0) break;
    }
    drift.push(...found);
    const limits = await source.limits(root);
    if (limits !== null) overLimit.push(...overLimitOf(root, limits, counters));
  }
  return { checked: roots.length, drift, overLimit };
}
