import type { EventEnvelope } from '../contracts/envelope';
import type { UsageRecordedData } from '../contracts/usage';
import { utcMonthStart } from '../shared/clock';
import { DEFAULT_COMPOSITION } from '../vocabulary';
import { activePeopleProjection } from './active-people.projection';
import { activityProjection } from './activity.projection';
import { connectionProjection } from './connection.projection';
import type { MetricsTypes } from './counts';
import { creatorStatsProjection } from './creator-stats.projection';
import { evolveApiCalls, groupMetricsProjection, type GroupMetricsDoc } from './group-metrics.projection';
import { knowledgeLinksProjection } from './knowledge-links.projection';
import type { Projection } from './projection';
import { thingProjection } from './thing.projection';

/** The read models of the events topic, by name; person and content types come from the composition. */
export const metricsProjections = (types: MetricsTypes) =>
  ({
    thing: thingProjection(types),
    connection: connectionProjection,
    creatorStats: creatorStatsProjection,
    groupMetrics: groupMetricsProjection(types),
    activePeople: activePeopleProjection(types),
    activity: activityProjection,
    knowledgeLinks: knowledgeLinksProjection,
  }) as const;

export type MetricsProjections = ReturnType<typeof metricsProjections>;

const apiCallsOf = (event: EventEnvelope): UsageRecordedData | null => {
  const data = event.data as Partial<UsageRecordedData> | undefined;
  if (event.type !== 'usage_recorded' || data?.metric !== 'api_calls_per_month') return null;
  return typeof data.amount === 'number' && Number.isFinite(data.amount) ? (data as UsageRecordedData) : null;
};

/**
 * Api calls reach group metrics from the usage topic (the gateway's `usage_recorded` records).
 * Same collection as groupMetrics: the store's position guard keeps one position per stream.
 */
export const apiCallsProjection: Projection<GroupMetricsDoc> = {
  name: 'groupApiCalls',
  collection: 'group_metrics',
  handles: { platform: ['usage_recorded'], clientEvents: false },
  indexes: [],
  keysOf: (event) => (apiCallsOf(event) === null ? [] : [event.groupId]),
  evolve: (doc, event) => {
    const usage = apiCallsOf(event);
    if (usage === null) return doc;
    return evolveApiCalls(doc, { groupId: event.groupId, amount: usage.amount, periodStart: usage.periodStart ?? utcMonthStart(event.timestamp) });
  },
};

/** Projections of the events topic for the default composition (a deployment with its own file uses metricsProjections). */
export const PROJECTIONS: readonly Projection<unknown>[] = Object.values(metricsProjections(DEFAULT_COMPOSITION));

/** Projections of the usage topic. */
export const USAGE_PROJECTIONS: readonly Projection<unknown>[] = [apiCallsProjection];
