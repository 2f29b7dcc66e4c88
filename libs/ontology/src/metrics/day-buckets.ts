import { daysBefore, type DayKey, type MonthKey } from './utc-days';

/** Client events and revenue of one UTC day (by event time). */
export interface DayBucket {
  readonly events: number;
  readonly revenueMicros: number;
}
export type DayBuckets = Readonly<Record<DayKey, DayBucket>>;

/**
 * Buckets kept: the `BUCKET_DAYS_KEPT` days ending at the latest day seen. Reads need at most the
 * current month and the last 14 days (45 days); every read of group metrics loads the document, so
 * it stays small. Anchoring on the latest day seen (not on a clock) keeps the result independent
 * of the order events are applied in.
 */
export const BUCKET_DAYS_KEPT = 62;

export interface Bucketed {
  readonly days: DayBuckets;
  readonly latestDay: DayKey | null;
}

/**
 * Adds one event to its day (or takes a voided one back: negative figures); an event older than the
 * kept range counts nowhere here.
 */
export const addToBuckets = (state: Bucketed, day: DayKey, delta: BucketTotals): Bucketed => {
  const latestDay = state.latestDay === null || day > state.latestDay ? day : state.latestDay;
  const oldestKept = daysBefore(latestDay, BUCKET_DAYS_KEPT - 1);
  if (day < oldestKept) return { ...state, latestDay };
  const current = state.days[day] ?? { events: 0, revenueMicros: 0 };
  const next = { events: current.events + delta.events, revenueMicros: current.revenueMicros + delta.revenueMicros };
  const days: Record<DayKey, DayBucket> = { ...state.days, [day]: next };
  // A day whose only events were voided is as if it never had any.
  if (next.events === 0 && next.revenueMicros === 0) delete days[day];
  if (latestDay !== state.latestDay) {
    for (const key of Object.keys(days)) if (key < oldestKept) delete days[key];
  }
  return { days, latestDay };
};

export interface BucketTotals {
  readonly events: number;
  readonly revenueMicros: number;
}

/** Totals of the days in [from, to] (inclusive; `to` omitted: no upper bound). */
export const sumDays = (days: DayBuckets, from: DayKey, to?: DayKey): BucketTotals =>
  sumWhere(days, (day) => day >= from && (to === undefined || day <= to));

export const sumMonth = (days: DayBuckets, month: MonthKey): BucketTotals => sumWhere(days, (day) => day.startsWith(`${month}-`));

const sumWhere = (days: DayBuckets, keep: (day: DayKey) => boolean): BucketTotals => {
  let events = 0;
  let revenueMicros = 0;
  for (const [day, bucket] of Object.entries(days)) {
    if (!keep(day)) continue;
    events += bucket.events;
    revenueMicros += bucket.revenueMicros;
  }
  return { events, revenueMicros };
};
