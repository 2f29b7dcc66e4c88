import type { Group } from '../contracts/entities';
import { BYTES_PER_MB, round2 } from '../quota';
import { fail, ok, type Result } from '../shared/result';
import { fromMicros } from './client-event';
import { sumDays, sumMonth } from './day-buckets';
import type { GroupMetricsDoc } from './group-metrics.projection';
import { TOP_CONTENT_LIMIT, type TopContentItem } from './top-content';
import { metricWindows } from './utc-days';

export interface GroupComputed {
  readonly userCount: number;
  readonly activeUsers: number;
  readonly totalEntities: number;
  readonly storageUsed: number;
  readonly storageUsedMB: number;
  readonly apiCallsThisMonth: number;
  readonly revenueThisMonth: number;
  readonly eventsThisMonth: number;
  readonly eventsThisWeek: number;
  readonly eventsPreviousWeek: number;
  readonly topContentByEngagement: readonly TopContentItem[];
  readonly averageEngagementPerContent: number;
  readonly avgEventsPerUser: number;
  readonly avgRevenuePerUser: number;
  readonly isActive: boolean;
  readonly trendingUp: boolean;
  readonly lastComputed: number;
}

export type GroupMetricsView = Group & { readonly _computed: GroupComputed };

export interface GroupMetricsInputs {
  /** From `countActivePeople` over the group's active-people document. */
  readonly activeUsers: number;
  /** From `topContentFromRanking` over the tail of the group's ranking list. */
  readonly topContent: readonly TopContentItem[];
  /** The calls of the api-calls document of the current UTC month (0 when there is none). */
  readonly apiCallsThisMonth: number;
  readonly now: number;
}

const perUser = (value: number, users: number): number => (users > 0 ? round2(value / users) : 0);

/**
 * getGroupMetrics from read models. Windows are UTC (see `metricWindows`): "this month" is the
 * calendar month of `now`, "this week" today and the 6 days before, the previous week the 7 days
 * before that. Event and revenue figures count client events by event time; a backdated event
 * counts in the window its timestamp falls in (so not this month when it is older).
 */
export const groupMetricsView = (doc: GroupMetricsDoc | null, inputs: GroupMetricsInputs): Result<GroupMetricsView> => {
  if (doc === null || doc.group === null) return fail('group_not_found', `Group ${doc?.id ?? ''} was not found`.trimEnd());
  const { now } = inputs;
  const w = metricWindows(now);
  const month = sumMonth(doc.days, w.month);
  const week = sumDays(doc.days, w.weekFrom);
  const previousWeek = sumDays(doc.days, w.previousWeekFrom, w.previousWeekTo);
  const revenueThisMonth = fromMicros(month.revenueMicros);
  return ok({
    ...doc.group,
    _computed: {
      userCount: doc.userCount,
      activeUsers: inputs.activeUsers,
      totalEntities: doc.totalEntities,
      storageUsed: doc.storageBytes,
      storageUsedMB: round2(doc.storageBytes / BYTES_PER_MB),
      apiCallsThisMonth: inputs.apiCallsThisMonth,
      revenueThisMonth: round2(revenueThisMonth),
      eventsThisMonth: month.events,
      eventsThisWeek: week.events,
      eventsPreviousWeek: previousWeek.events,
      topContentByEngagement: inputs.topContent.slice(0, TOP_CONTENT_LIMIT),
      averageEngagementPerContent: doc.contentCount > 0 ? round2(doc.contentInboundCount / doc.contentCount) : 0,
      avgEventsPerUser: perUser(month.events, doc.userCount),
      avgRevenuePerUser: perUser(revenueThisMonth, doc.userCount),
      isActive: month.events > 0,
      trendingUp: week.events > previousWeek.events,
      lastComputed: now,
    },
  });
};
