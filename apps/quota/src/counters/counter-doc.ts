import {
  EMPTY_COUNTER,
  USAGE_METRICS,
  addReservation,
  applyUsage,
  releaseReservations,
  type CounterState,
  type DayRecords,
  type Reservation,
  type UsageMetric,
  type UsageRecordedData,
} from '@onescale/ontology';

/**
 * What one counter key holds in the log: the ontology's counter state plus, per usage-topic
 * partition, the last offset applied (redelivery of an older offset is a no-op).
 */
export interface CounterDoc extends CounterState {
  readonly offsets: Readonly<Record<string, number>>;
  /** Usage history: a gauge's level at the end of each day, or the api calls of each day of the month. */
  readonly days?: DayRecords;
}

export const EMPTY_DOC: CounterDoc = { ...EMPTY_COUNTER, offsets: {} };

/** Counters are keyed `<rootGroupId>|<usageMetric>|<periodStart>` (period 0 = all time, for gauges). */
export const counterKey = (rootGroupId: string, metric: UsageMetric, periodStart: number): string =>
  `${rootGroupId}|${metric}|${periodStart}`;

export interface CounterKey {
  readonly rootGroupId: string;
  readonly metric: UsageMetric;
  readonly periodStart: number;
}

/** Reads a key back (from the right, so a root group id may itself hold a `|`); null if malformed. */
export const parseCounterKey = (key: string): CounterKey | null => {
  const last = key.lastIndexOf('|');
  const middle = key.lastIndexOf('|', last - 1);
  if (middle <= 0) return null;
  const metric = key.slice(middle + 1, last) as UsageMetric;
  const periodStart = Number(key.slice(last + 1));
  if (!USAGE_METRICS.includes(metric) || !Number.isSafeInteger(periodStart)) return null;
  return { rootGroupId: key.slice(0, middle), metric, periodStart };
};

// The ontology's counter functions return plain counter states; these keep the offsets and days beside them.
const keepOffsets = (doc: CounterDoc, state: CounterState): CounterDoc =>
  state === doc
    ? doc
    : {
        used: state.used,
        reserved: state.reserved,
        reservations: state.reservations,
        offsets: doc.offsets,
        ...(doc.days === undefined ? {} : { days: doc.days }),
      };

export const reserveIn = (doc: CounterDoc, id: string, reservation: Reservation): CounterDoc =>
  keepOffsets(doc, addReservation(doc, id, reservation));

export const applyUsageTo = (doc: CounterDoc, data: UsageRecordedData): CounterDoc => keepOffsets(doc, applyUsage(doc, data));

export const releaseIn = (doc: CounterDoc, ids: readonly string[]): CounterDoc =>
  ids.length === 0 ? doc : keepOffsets(doc, releaseReservations(doc, ids));
