import type { EventEnvelope } from '../contracts/envelope';
import { clientDataOf, isClientEvent } from './client-event';
import type { MetricsTypes } from './counts';
import type { Projection } from './projection';
import { daysBefore, metricWindows, utcDayKey, WEEK_DAYS, type DayKey } from './utc-days';

/**
 * One document per (group, UTC day): the people (actors of a person type) who acted in a client
 * event that day. activeUsers is the number of distinct actors over the 7 documents of the window:
 * 7 reads by `_id`, never an event scan. A document is a set, so applying an event twice is
 * harmless without any guard.
 */
export interface ActiveDayDoc {
  readonly groupId: string;
  readonly day: DayKey;
  /** Sorted, distinct. */
  readonly actors: readonly string[];
}

export const activeDayKey = (groupId: string, day: DayKey): string => `${groupId}|${day}`;

/**
 * An event stamped before the 7-day window of its own ingest day can never fall in the window of
 * a later read, so it is not recorded (backdated imports do not grow the documents).
 */
const entryOf = (types: MetricsTypes, event: EventEnvelope): { groupId: string; day: DayKey; actorId: string } | null => {
  if (!isClientEvent(event) || event.actorId === undefined) return null;
  const actorType = clientDataOf(event).actorType;
  if (actorType === undefined || !types.personTypes.includes(actorType)) return null;
  const day = utcDayKey(event.timestamp);
  if (day < daysBefore(utcDayKey(event.recordedAt), WEEK_DAYS - 1)) return null;
  return { groupId: event.groupId, day, actorId: event.actorId };
};

const withActor = (actors: readonly string[], actorId: string): readonly string[] => {
  if (actors.includes(actorId)) return actors;
  return [...actors, actorId].sort();
};

export const activePeopleProjection = (types: MetricsTypes): Projection<ActiveDayDoc> => ({
  name: 'activePeople',
  collection: 'active_people',
  handles: { platform: [], clientEvents: true },
  indexes: [],
  keysOf: (event) => {
    const entry = entryOf(types, event);
    return entry === null ? [] : [activeDayKey(entry.groupId, entry.day)];
  },
  evolve: (doc, event) => {
    const entry = entryOf(types, event);
    if (entry === null) return doc;
    const actors = withActor(doc?.actors ?? [], entry.actorId);
    return doc !== null && actors === doc.actors ? doc : { groupId: entry.groupId, day: entry.day, actors };
  },
});

/** The keys of the 7 day documents activeUsers reads at `now` (today and the 6 days before). */
export const activeDayKeys = (groupId: string, now: number): string[] => {
  const { today } = metricWindows(now);
  return Array.from({ length: WEEK_DAYS }, (_, i) => activeDayKey(groupId, daysBefore(today, i)));
};

/** Distinct people over the day documents found, counting only days inside the window at `now`. */
export const countActivePeople = (days: readonly (ActiveDayDoc | null)[], now: number): number => {
  const from = metricWindows(now).weekFrom;
  return new Set(days.flatMap((d) => (d !== null && d.day >= from ? d.actors : []))).size;
};
