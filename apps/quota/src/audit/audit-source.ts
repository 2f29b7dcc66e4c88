import { GAUGE_METRICS, INGEST_ROUTES, utcMonthStart, type UsageMetric } from '@onescale/ontology';
import type { AppendLog, InternalClient } from '@onescale/platform';
import { parseCounterKey, type CounterDoc } from '../counters/counter-doc';
import type { AuditSource, GaugeCounts } from './drift';
import type { RootLimits } from './over-limit';

/** Ingest's live recount (`GET /internal/groups/:root/counts`); null when ingest does not know the group. */
export const ingestRecount =
  (ingest: InternalClient) =>
  (rootGroupId: string): Promise<GaugeCounts | null> =>
    ingest.call(INGEST_ROUTES.counts, { params: { rootGroupId } });

/**
 * Reads quota's counters straight from its counter log (the app need not be running): the gauges and
 * this month's api calls; `limits` reads the plans and overrides quota holds. `only` narrows the roots.
 */
export const logAuditSource = (
  log: AppendLog<CounterDoc>,
  recount: (root: string) => Promise<GaugeCounts | null>,
  limits: (root: string) => Promise<RootLimits | null>,
  only: readonly string[] = [],
  now = Date.now(),
): AuditSource => {
  const current = async (): Promise<Map<string, Partial<Record<UsageMetric, number>>>> => {
    const byRoot = new Map<string, Partial<Record<UsageMetric, number>>>();
    for (const [key, { state }] of await log.latestAll()) {
      const parsed = parseCounterKey(key);
      const counted = parsed && (GAUGE_METRICS.includes(parsed.metric) || parsed.periodStart === utcMonthStart(now));
      if (!counted) continue;
      byRoot.set(parsed.rootGroupId, { ...byRoot.get(parsed.rootGroupId), [parsed.metric]: state.used });
    }
    return byRoot;
  };
  return {
    roots: async () => (only.length > 0 ? [...only] : [...(await current()).keys()].sort()),
    counters: async (root) => (await current()).get(root) ?? {},
    recount,
    limits,
  };
};
