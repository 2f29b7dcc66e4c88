import type { EventEnvelope } from '../contracts/envelope';
import { clientDataOf, isClientEvent } from './client-event';
import type { MetricsTypes } from './counts';
import type { Projection } from './projection';
import { daysBefore, metricWindows, utcDayKey, WEEK_DAYS, type DayKey } from './utc-days';

/**
 * One entry per (group, UTC day, person) that acted in a client event that day. activeUsers is
 * the number of distinct `actorId`s among the entries of the last 7 days: a read of at most
 * 7 × people small documents, never an event scan. Entries are sets, so applying an event twice
 * is harmless without any guard.
 */
export interface ActivePersonDoc {
  readonly groupId: string;
  readonly day: DayKey;
  readonly actorId: string;
}

export const activePersonKey = (groupId: string, day: DayKey, actorId: string): string => `${groupId}:${day}:${actorId}`;

/**
 * An event stamped before the 7-day window of its own ingest day can never fall in the window
 * of a later read, so it makes no entry (backdated imports do not grow the collection).
 */
const entryOf = (types: MetricsTypes, event: EventEnvelope): ActivePersonDoc | null => {
  if (!isClientEvent(event) || event.actorId === undefined) return null;
  const actorType = clientDataOf(event).actorType;
  if (actorType === undefined || !types.personTypes.includes(actorType)) return null;
  const day = utcDayKey(event.timestamp);
  if (day < daysBefore(utcDayKey(event.recordedAt), WEEK_DAYS - 1)) return null;
  return { groupId: event.groupId, day, actorId: event.actorId };
};

export const activePeopleProjection = (types: MetricsTypes): Projection<ActivePersonDoc> => ({
  name: 'activePeople',
  collection: 'active_people',
  handles: { platform: [], clientEvents: true },
  indexes: [[['groupId', 1], ['day', 1], ['actorId', 1]]],
  keysOf: (event) => {
    const entry = entryOf(types, event);
    return entry === null ? [] : [activePersonKey(entry.groupId, entry.day, entry.actorId)];
  },
  evolve: (doc, event) => doc ?? entryOf(types, event),
});

/** The store reads entries with `groupId` and `day >= fromDay`; entries before `fromDay` may be purged. */
export const activePeopleFromDay = (now: number): DayKey => metricWindows(now).weekFrom;

/** Distinct people among entries, counting only days inside the window at `now`. */
export const countActivePeople = (entries: readonly ActivePersonDoc[], now: number): number => {
  const from = activePeopleFromDay(now);
  return new Set(entries.filter((e) => e.day >= from).map((e) => e.actorId)).size;
};
