import type { EventEnvelope } from '../contracts/event-map';
import { isClientEvent } from './client-event';
import type { MetricsTypes } from './counts';
import type { Projection } from './projection';
import { daysBefore, metricWindows, utcDayKey, WEEK_DAYS, type DayKey } from './utc-days';

/**
 * One document per group: for every person (actor of a person type) who acted in a client event
 * in the last 7 days of the latest day seen, the last UTC day they acted. activeUsers is the
 * number of entries inside the window at `now`: one read by `_id`, never an event scan. Every
 * field is a max (or the entries a max leaves in range), so applying an event twice, or the events
 * in another order, gives the same document.
 */
export interface ActivePeopleDoc {
  readonly groupId: string;
  readonly latestDay: DayKey;
  /** actorId → the last day they acted (only days within 7 days of `latestDay`). */
  readonly lastDay: Readonly<Record<string, DayKey>>;
}

/**
 * An event stamped before the 7-day window of its own ingest day can never fall in the window of
 * a later read, so it is not recorded (backdated imports do not grow the document).
 */
const entryOf = (types: MetricsTypes, event: EventEnvelope): { groupId: string; day: DayKey; actorId: string } | null => {
  if (!isClientEvent(event) || event.actorId === undefined) return null;
  const actorType = event.data.actorType;
  if (actorType === undefined || !types.personTypes.includes(actorType)) return null;
  const day = utcDayKey(event.timestamp);
  if (day < daysBefore(utcDayKey(event.recordedAt), WEEK_DAYS - 1)) return null;
  return { groupId: event.groupId, day, actorId: event.actorId };
};

/** First day a read at or after `latestDay` can count: older entries are dropped. */
const horizonOf = (latestDay: DayKey): DayKey => daysBefore(latestDay, WEEK_DAYS - 1);

export const evolveActivePeople = (types: MetricsTypes, doc: ActivePeopleDoc | null, event: EventEnvelope): ActivePeopleDoc | null => {
  const entry = entryOf(types, event);
  if (entry === null) return doc;
  const latestDay = doc === null || entry.day > doc.latestDay ? entry.day : doc.latestDay;
  const horizon = horizonOf(latestDay);
  if (entry.day < horizon) return doc;
  const current = doc?.lastDay[entry.actorId];
  if (doc !== null && latestDay === doc.latestDay && current !== undefined && current >= entry.day) return doc;
  const lastDay: Record<string, DayKey> = {};
  for (const [actor, day] of Object.entries(doc?.lastDay ?? {})) if (day >= horizon) lastDay[actor] = day;
  lastDay[entry.actorId] = current === undefined || entry.day > current ? entry.day : current;
  return { groupId: entry.groupId, latestDay, lastDay };
};

export const activePeopleProjection = (types: MetricsTypes): Projection<ActivePeopleDoc> => ({
  name: 'activePeople',
  handles: { platform: [], clientEvents: true },
  keysOf: (event) => {
    const entry = entryOf(types, event);
    return entry === null ? [] : [entry.groupId];
  },
  evolve: (doc, event) => evolveActivePeople(types, doc, event),
});

/** Distinct people whose last activity falls in the window at `now` (today and the 6 days before). */
export const countActivePeople = (doc: ActivePeopleDoc | null, now: number): number => {
  if (doc === null) return 0;
  const from = metricWindows(now).weekFrom;
  return Object.values(doc.lastDay).filter((day) => day >= from).length;
};
