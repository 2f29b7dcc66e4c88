import type { EventEnvelope } from '../contracts/event-map';

/** One archive object to write: one group, one UTC day, at most BATCH_SIZE events. */
export interface ArchiveObjectPlan {
  readonly objectId: string;
  readonly key: string;
  readonly groupId: string;
  /** UTC day of every event in the object, YYYY-MM-DD. */
  readonly day: string;
  readonly events: readonly EventEnvelope[];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The UTC day of an instant as YYYY-MM-DD. */
export const utcDay = (ms: number): string => {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
};

/**
 * `events/<groupId>/<YYYY>/<MM>/<DD>/<objectId>.jsonl.gz`, 1-based month. A fresh object id per
 * batch means a later batch of the same day never overwrites an earlier one (the seed's key did).
 * The group id is URI-encoded so an id with a `/` could not escape its folder.
 */
export const objectKey = (groupId: string, day: string, objectId: string): string =>
  `events/${encodeURIComponent(groupId)}/${day.replaceAll('-', '/')}/${objectId}.jsonl.gz`;

/**
 * Splits a group's eligible events into objects. Events are grouped by (group, UTC day) in
 * first-seen order, so unsorted input still gives one object per day and size; within an object
 * the input order is kept (callers pass events sorted by timestamp, id).
 */
export const planObjects = (events: readonly EventEnvelope[], batchSize: number, newObjectId: () => string): ArchiveObjectPlan[] => {
  // A bad batch size is a configuration bug caught at boot, not an expected outcome.
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const byDay = new Map<string, { groupId: string; day: string; events: EventEnvelope[] }>();
  for (const event of events) {
    const day = utcDay(event.timestamp);
    const slot = `${event.groupId}\u0000${day}`;
    const bucket = byDay.get(slot) ?? { groupId: event.groupId, day, events: [] };
    bucket.events.push(event);
    byDay.set(slot, bucket);
  }
  const plans: ArchiveObjectPlan[] = [];
  for (const { groupId, day, events: dayEvents } of byDay.values()) {
    for (let start = 0; start < dayEvents.length; start += batchSize) {
      const objectId = newObjectId();
      plans.push({ objectId, key: objectKey(groupId, day, objectId), groupId, day, events: dayEvents.slice(start, start + batchSize) });
    }
  }
  return plans;
};
