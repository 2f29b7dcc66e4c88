import {
  DAY_MS,
  crossedLevels,
  fail,
  nextUtcMonthStart,
  noteCount,
  noteLevel,
  ok,
  utcDayStart,
  usagePeriodStart,
  utcMonthStart,
  type EventOf,
  type Result,
  type ThresholdLevel,
  type UsageMetric,
  type UsageRecordedData,
  groupBy,
} from '@onescale/ontology';

import { applyUsageTo, counterKey, type CounterDoc } from '../counters/counter-doc';

/** One usage event, checked, with the counter it counts in. */
export interface UsageItem {
  readonly offset: number;
  readonly envelopeId: string;
  readonly key: string;
  readonly rootGroupId: string;
  readonly metric: UsageMetric;
  readonly periodStart: number;
  /** The UTC day the usage is noted under in the counter's history. */
  readonly day: number;
  readonly data: UsageRecordedData;
}

/**
 * The day of a usage event: the day it was recorded, kept inside the month api calls count in (calls
 * of the 31st flushed after midnight stay on the month's last day).
 */
const dayOf = (metric: UsageMetric, periodStart: number, recordedAt: number): number => {
  const day = utcDayStart(recordedAt);
  if (metric !== 'api_calls_per_month') return day;
  return Math.min(Math.max(day, periodStart), nextUtcMonthStart(periodStart) - DAY_MS);
};

/**
 * A `usage_recorded` envelope (the decoder checked its data) with the counter it counts in; a
 * `periodStart` that is not the start of a UTC month is poison (a reason for the DLQ).
 */
export const readUsage = (envelope: EventOf<'usage_recorded'>, offset: number): Result<UsageItem> => {
  const { data } = envelope;
  if (data.periodStart !== undefined && utcMonthStart(data.periodStart) !== data.periodStart) {
    return fail('invalid_usage', 'periodStart must be the start of a UTC month');
  }
  const periodStart = usagePeriodStart(data, envelope.recordedAt);
  return ok({
    offset,
    envelopeId: envelope.id,
    key: counterKey(envelope.rootGroupId, data.metric, periodStart),
    rootGroupId: envelope.rootGroupId,
    metric: data.metric,
    periodStart,
    day: dayOf(data.metric, periodStart, envelope.recordedAt),
    data,
  });
};

/**
 * A usage event's id, claimed by the positions that counted it. `counts` holds what each position
 * counted (absent on claims written before copies could carry more: the first position counted all).
 */
export interface UsageClaim {
  _id: string;
  partition: number;
  offset: number;
  at: number;
  counts?: Record<string, number>;
}

export const positionKey = (partition: number, offset: number): string => `p${partition}o${offset}`;

/**
 * What a usage event at (partition, offset) counts, given the claim on its id; null for a copy that
 * adds nothing. The position that claimed it counts what it claimed (a redelivery counts the same
 * again, and the counter's offset guard applies it once). A copy at another position counts only
 * what it carries beyond the claim's total: a batch's usage is published again with more in it when
 * its outbox record was closed by the relay before the retried request wrote the rest of its rows,
 * and never with less.
 */
export function claimedAmount(
  claim: UsageClaim,
  partition: number,
  offset: number,
  amount: number,
): { readonly counts: number; readonly extends: boolean } | null {
  const here = positionKey(partition, offset);
  if (claim.counts === undefined)
    return claim.partition === partition && claim.offset === offset ? { counts: amount, extends: false } : null;
  if (here in claim.counts) return { counts: claim.counts[here]!, extends: false };
  const total = Object.values(claim.counts).reduce((a, b) => a + b, 0);
  const more = Math.abs(amount) > Math.abs(total) && amount * total >= 0;
  return more ? { counts: amount - total, extends: true } : null;
}

export const groupByKey = (items: readonly UsageItem[]): Map<string, UsageItem[]> => groupBy(items, (item) => item.key);

export interface CounterBatch {
  /** The new state, or null when every item was already applied. */
  readonly next: CounterDoc | null;
  /**
   * Threshold levels the counter is at or has passed, each with the usage at which this batch first
   * reached it (or the usage it started from, for levels reached before): alerts are raised from
   * these, once each, so a batch that was applied before a crash still raises what it reached.
   */
  readonly reached: ReadonlyMap<ThresholdLevel, number>;
  readonly applied: number;
}

/**
 * Applies one partition's items for one counter, each once: items at or below the offset the counter
 * recorded for the partition were applied before (a redelivery). `amountOf` is what an item counts:
 * its amount, what a copy of an event counted at another offset carries beyond it, or null for a
 * copy that adds nothing (a producer retry). The offset still moves past every item.
 */
export const applyToCounter = (
  doc: CounterDoc,
  partition: number,
  items: readonly UsageItem[],
  amountOf: (item: UsageItem) => number | null = (item) => item.data.amount,
  limit: number | null = null,
): CounterBatch => {
  const guard = doc.offsets[String(partition)] ?? -1;
  const reached = new Map<ThresholdLevel, number>(crossedLevels(0, doc.used, limit).map((level) => [level, doc.used]));
  let state = doc;
  let applied = 0;
  let last = guard;
  for (const item of [...items].sort((a, b) => a.offset - b.offset)) {
    if (item.offset <= guard) continue;
    last = Math.max(last, item.offset);
    const amount = amountOf(item);
    if (amount === null) continue;
    const before = state.used;
    state = applyUsageTo(state, { ...item.data, amount });
    // The history is written by the same change as the counter, so it is exactly as idempotent.
    const days =
      item.metric === 'api_calls_per_month' ? noteCount(state.days, item.day, amount) : noteLevel(state.days, item.day, state.used);
    state = { ...state, days };
    for (const level of crossedLevels(before, state.used, limit)) if (!reached.has(level)) reached.set(level, state.used);
    applied++;
  }
  if (last === guard) return { next: null, reached, applied };
  return { next: { ...state, offsets: { ...state.offsets, [String(partition)]: last } }, reached, applied };
};
