import type { Thing } from '../contracts/entities';
import { round2 } from '../quota';
import { DAY_MS } from '../shared/clock';
import { fail, ok, type Result } from '../shared/result';
import { fromMicros } from './client-event';
import { countOf, type CountsBy } from './counts';
import type { CreatorStatsDoc } from './creator-stats.projection';
import type { ThingDoc } from './thing.projection';
import { liveThing } from './thing-view';

/** A creator is active when their latest event as actor is less than 30 days (of 24 h) before now. */
export const CREATOR_ACTIVE_WINDOW_MS = 30 * DAY_MS;
export const FOLLOWING = 'following';
export const AUTHORED = 'authored';

export interface CreatorComputed {
  /** Σ amount of the creator's revenue_generated events, all currencies added up (as the seed does). */
  readonly totalRevenue: number;
  /** The same sum per currency, so mixed-currency creators can be read correctly. */
  readonly revenueByCurrency: CountsBy;
  readonly totalFollowers: number;
  readonly contentCount: number;
  readonly lastActive: number | null;
  readonly averageEngagement: number;
  readonly totalEvents: number;
  readonly eventsByType: CountsBy;
  readonly isActive: boolean;
  readonly accountAge: number;
  readonly revenuePerContent: number;
  readonly lastComputed: number;
}

export type CreatorStatsView = Thing & { readonly _computed: CreatorComputed };

/**
 * getCreatorStats from read models only. Followers are live `following` connections into the
 * creator and content live `authored` connections out of them (the seed counted `created_by`);
 * revenue is what the creator acted in (the seed summed payments they made). A thing that is not
 * of a person type has no creator stats (`creator_not_found`, like an unknown id).
 */
export const creatorStatsView = (
  thingDoc: ThingDoc | null,
  stats: CreatorStatsDoc | null,
  now: number,
  creatorId = thingDoc?.id ?? '',
): Result<CreatorStatsView> => {
  const found = liveThing(thingDoc, creatorId, 'creator_not_found', 'Creator');
  if (!found.ok) return found;
  const creator = found.value;
  if (!creator.isPerson) return fail('creator_not_found', `Creator ${creatorId} was not found (the thing is not a person)`);
  const totalFollowers = countOf(creator.inboundByType, FOLLOWING);
  const contentCount = countOf(creator.outboundByType, AUTHORED);
  const totalRevenue = fromMicros(stats?.revenueMicros ?? 0);
  const lastActive = stats?.lastActive ?? null;
  const revenueByCurrency = Object.fromEntries(Object.entries(stats?.revenueMicrosByCurrency ?? {}).map(([c, m]) => [c, fromMicros(m)]));
  return ok({
    ...creator.thing,
    _computed: {
      totalRevenue,
      revenueByCurrency,
      totalFollowers,
      contentCount,
      lastActive,
      averageEngagement: contentCount > 0 ? round2(totalFollowers / contentCount) : 0,
      totalEvents: stats?.totalEvents ?? 0,
      eventsByType: stats?.eventsByType ?? {},
      isActive: lastActive !== null && now - lastActive < CREATOR_ACTIVE_WINDOW_MS,
      accountAge: Math.max(0, Math.floor((now - creator.thing.createdAt) / DAY_MS)),
      revenuePerContent: contentCount > 0 ? totalRevenue / contentCount : 0,
      lastComputed: now,
    },
  });
};
