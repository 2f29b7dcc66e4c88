import type { ClientEventEnvelope, EventEnvelope } from '../contracts/event-map';
import { clientEffectOf } from './client-event';
import type { MetricsTypes } from './counts';
import type { Projection } from './projection';
import { daysBefore, metricWindows, utcDayKey, WEEK_DAYS, type DayKey } from './utc-days';

/**
 * One document per group: for every person (actor of a person type) who acted in a client event
 * in the last 7 days of the latest day seen, how many client events they acted in on each UTC day,
 * net of voids. activeUsers is the number of people with a positive count on a day inside the window
 * at `now`: one read by `_id`, never an event scan. Counts are signed sums, so a void met before its
 * event (a rebuild) commutes; applying an event once is the position guard's job (project-batch.ts).
 */
export interface ActivePeopleDoc {
  readonly groupId: string;
  readonly latestDay: DayKey;
  /** actorId → day → net count (only days within 7 days of `latestDay`, only non-zero counts). */
  readonly days: Readonly<Record<string, Readonly<Record<DayKey, number>>>>;
  /** The shape before voids: actorId → the last day they acted. Read as a count of 1 on that day. */
  readonly lastDay?: Readonly<Record<string, DayKey>>;
}

/**
 * An event stamped before the 7-day window of its own ingest day can never fall in the window of
 * a later read, so it is not recorded (backdated imports do not grow the document).
 */
const entryOf = (types: MetricsTypes, event: ClientEventEnvelope): { groupId: string; day: DayKey; actorId: string } | null => {
  if (event.actorId === undefined) return null;
  const actorType = event.data.actorType;
  if (actorType === undefined || !types.personTypes.includes(actorType)) return null;
  const day = utcDayKey(event.timestamp);
  if (day < daysBefore(utcDayKey(event.recordedAt), WEEK_DAYS - 1)) return null;
  return { groupId: event.groupId, day, actorId: event.actorId };
};

const effectEntry = (types: MetricsTypes, event: EventEnvelope) => {
  const effect = clientEffectOf(event);
  const entry = effect === null ? null : entryOf(types, effect.event);
  return entry === null || effect === null ? null : { ...entry, sign: effect.sign };
};

/** First day a read at or after `latestDay` can count: older entries are dropped. */
const horizonOf = (latestDay: DayKey): DayKey => daysBefore(latestDay, WEEK_DAYS - 1);

/** The counts of a document, a document stored before voids included. */
const countsOf = (doc: ActivePeopleDoc | null): Record<string, Record<DayKey, number>> => {
  const counts: Record<string, Record<DayKey, number>> = {};
  for (const [actor, day] of Object.entries(doc?.lastDay ?? {})) counts[actor] = { [day]: 1 };
  for (const [actor, days] of Object.entries(doc?.days ?? {})) counts[actor] = { ...days };
  return counts;
};

export const evolveActivePeople = (types: MetricsTypes, doc: ActivePeopleDoc | null, event: EventEnvelope): ActivePeopleDoc | null => {
  const entry = effectEntry(types, event);
  if (entry === null) return doc;
  const latestDay = doc === null || entry.day > doc.latestDay ? entry.day : doc.latestDay;
  const horizon = horizonOf(latestDay);
  if (entry.day < horizon) return doc;
  const counts = countsOf(doc);
  const actorDays = (counts[entry.actorId] ??= {});
  actorDays[entry.day] = (actorDays[entry.day] ?? 0) + entry.sign;
  const days: Record<string, Record<DayKey, number>> = {};
  for (const [actor, byDay] of Object.entries(counts)) {
    const kept = Object.fromEntries(Object.entries(byDay).filter(([day, n]) => day >= horizon && n !== 0));
    if (Object.keys(kept).length > 0) days[actor] = kept;
  }
  return { groupId: entry.groupId, latestDay, days };
};

export const activePeopleProjection = (types: MetricsTypes): Projection<ActivePeopleDoc> => ({
  name: 'activePeople',
  handles: { platform: [], clientEvents: true },
  keysOf: (event) => {
    const entry = effectEntry(types, event);
    return entry === null ? [] : [entry.groupId];
  },
  evolve: (doc, event) => evolveActivePeople(types, doc, event),
});

/** Distinct people who acted in a client event (not voided) in the window at `now` (today and the 6 days before). */
export const countActivePeople = (doc: ActivePeopleDoc | null, now: number): number => {
  if (doc === null) return 0;
  const from = metricWindows(now).weekFrom;
  return Object.values(countsOf(doc)).filter((byDay) => Object.entries(byDay).some(([day, n]) => day >= from && n > 0)).length;
};
