import type { EventEnvelope } from '../contracts/event-map';
import type { UsageRecordedData } from '../contracts/usage';
import { utcMonthStart } from '../shared/clock';
import type { Projection } from './projection';
import { utcMonthKey, type MonthKey } from './utc-days';

/**
 * Api calls of a group in one UTC month, from the gateway's `usage_recorded` records on the usage
 * topic. Its own document per (group, month): the usage stream is its only writer (group metrics
 * are written by the events stream), and apiCallsThisMonth is one read by `_id`. The sum relies on
 * the store's position guard and on the usage record store's deduplication.
 */
export interface ApiCallsDoc {
  readonly groupId: string;
  readonly month: MonthKey;
  readonly calls: number;
}

export const apiCallsKey = (groupId: string, month: MonthKey): string => `${groupId}|${month}`;

const apiCallsOf = (event: EventEnvelope): { amount: number; periodStart: number } | null => {
  const data = event.data as Partial<UsageRecordedData> | undefined;
  if (event.type !== 'usage_recorded' || data?.metric !== 'api_calls_per_month') return null;
  if (typeof data.amount !== 'number' || !Number.isFinite(data.amount)) return null;
  const periodStart =
    typeof data.periodStart === 'number' && Number.isFinite(data.periodStart) ? data.periodStart : utcMonthStart(event.timestamp);
  return { amount: data.amount, periodStart };
};

export const apiCallsProjection: Projection<ApiCallsDoc> = {
  name: 'apiCalls',
  handles: { platform: ['usage_recorded'], clientEvents: false },
  keysOf: (event) => {
    const usage = apiCallsOf(event);
    return usage === null ? [] : [apiCallsKey(event.groupId, utcMonthKey(usage.periodStart))];
  },
  evolve: (doc, event) => {
    const usage = apiCallsOf(event);
    if (usage === null) return doc;
    const month = utcMonthKey(usage.periodStart);
    return { groupId: event.groupId, month, calls: (doc?.calls ?? 0) + usage.amount };
  },
};
