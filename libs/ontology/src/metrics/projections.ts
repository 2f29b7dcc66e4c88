import { DEFAULT_COMPOSITION } from '../vocabulary';
import { activePeopleProjection } from './active-people.projection';
import { apiCallsProjection } from './api-calls.projection';
import type { MetricsTypes } from './counts';
import { creatorStatsProjection } from './creator-stats.projection';
import { groupMetricsProjection } from './group-metrics.projection';
import { knowledgeLinksProjection } from './knowledge-links.projection';
import type { Projection } from './projection';
import { thingProjection } from './thing.projection';

/**
 * The document read models of the events topic, by name; person and content types come from the
 * composition. Lists (entity-lists.ts, group-lists.ts) complete them: relationships, the activity
 * feed, knowledge links, things per group and the content ranking.
 */
export const metricsProjections = (types: MetricsTypes) =>
  ({
    thing: thingProjection(types),
    creatorStats: creatorStatsProjection,
    groupMetrics: groupMetricsProjection(types),
    activePeople: activePeopleProjection(types),
    knowledgeLinks: knowledgeLinksProjection,
  }) as const;

export type MetricsProjections = ReturnType<typeof metricsProjections>;

/** Projections of the events topic for the default composition (a deployment with its own file uses metricsProjections). */
export const PROJECTIONS: readonly Projection<unknown>[] = Object.values(metricsProjections(DEFAULT_COMPOSITION));

/** Projections of the usage topic. */
export const USAGE_PROJECTIONS: readonly Projection<unknown>[] = [apiCallsProjection];
