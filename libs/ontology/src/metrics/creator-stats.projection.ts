import type { EventEnvelope } from '../contracts/event-map';
import { isClientEvent, revenueOf } from './client-event';
import { addCount, type CountsBy } from './counts';
import type { Projection } from './projection';

/**
 * Running totals of the client events a thing acted in, keyed by the actor's id. Followers and
 * content come from the thing document's live connection counts, not from here.
 */
export interface CreatorStatsDoc {
  readonly id: string;
  readonly groupId: string;
  readonly totalEvents: number;
  readonly eventsByType: CountsBy;
  /** Σ amount of `revenue_generated` events the creator acted in, in millionths (client-event.ts). */
  readonly revenueMicros: number;
  readonly revenueMicrosByCurrency: CountsBy;
  /** Latest event time as actor (backdated events never move it back). */
  readonly lastActive: number | null;
}

export const emptyCreatorStats = (id: string, groupId: string): CreatorStatsDoc => ({
  id,
  groupId,
  totalEvents: 0,
  eventsByType: {},
  revenueMicros: 0,
  revenueMicrosByCurrency: {},
  lastActive: null,
});

/** `lastActive` is idempotent (a max); the sums rely on the store's position guard. */
export const evolveCreatorStats = (doc: CreatorStatsDoc | null, event: EventEnvelope): CreatorStatsDoc | null => {
  if (!isClientEvent(event) || event.actorId === undefined) return doc;
  const current = doc ?? emptyCreatorStats(event.actorId, event.groupId);
  const revenue = revenueOf(event);
  return {
    ...current,
    totalEvents: current.totalEvents + 1,
    eventsByType: addCount(current.eventsByType, event.type, 1),
    revenueMicros: current.revenueMicros + (revenue?.micros ?? 0),
    revenueMicrosByCurrency:
      revenue === null ? current.revenueMicrosByCurrency : addCount(current.revenueMicrosByCurrency, revenue.currency, revenue.micros),
    lastActive: Math.max(current.lastActive ?? event.timestamp, event.timestamp),
  };
};

export const creatorStatsProjection: Projection<CreatorStatsDoc> = {
  name: 'creatorStats',
  handles: { platform: [], clientEvents: true },
  keysOf: (event) => (isClientEvent(event) && event.actorId !== undefined ? [event.actorId] : []),
  evolve: (doc, event) => evolveCreatorStats(doc, event),
};
