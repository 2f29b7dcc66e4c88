import type { EventEnvelope } from '../contracts/event-map';
import { clientEffectOf, revenueOf } from './client-event';
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

/**
 * `lastActive` is idempotent (a max) and stays where a voided event moved it (a max cannot be
 * taken back); the sums rely on the store's position guard, and a void subtracts what its event added.
 */
export const evolveCreatorStats = (doc: CreatorStatsDoc | null, envelope: EventEnvelope): CreatorStatsDoc | null => {
  const effect = clientEffectOf(envelope);
  if (effect === null || effect.event.actorId === undefined) return doc;
  const { event, sign } = effect;
  const current = doc ?? emptyCreatorStats(event.actorId!, event.groupId);
  const revenue = revenueOf(event);
  return {
    ...current,
    totalEvents: current.totalEvents + sign,
    eventsByType: addCount(current.eventsByType, event.type, sign),
    revenueMicros: current.revenueMicros + sign * (revenue?.micros ?? 0),
    revenueMicrosByCurrency:
      revenue === null
        ? current.revenueMicrosByCurrency
        : addCount(current.revenueMicrosByCurrency, revenue.currency, sign * revenue.micros),
    lastActive: sign > 0 ? Math.max(current.lastActive ?? event.timestamp, event.timestamp) : current.lastActive,
  };
};

export const creatorStatsProjection: Projection<CreatorStatsDoc> = {
  name: 'creatorStats',
  handles: { platform: ['event_voided'], clientEvents: true },
  keysOf: (event) => {
    const actorId = clientEffectOf(event)?.event.actorId;
    return actorId === undefined ? [] : [actorId];
  },
  evolve: (doc, event) => evolveCreatorStats(doc, event),
};
