import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { usageLimitOf, type ReserveRequest, type ReserveResponse, type UsageMetric } from '@onescale/ontology';
import { ProblemException } from '@onescale/platform';
import { parseCounterKey } from '../counters/counter-doc';
import { CounterStore } from '../counters/counter-store';
import { GroupDirectory } from '../groups/group-directory';
import { LimitOverridesRepository } from '../limits/limit-overrides.repository';
import { QuotaConfig } from '../quota.config';
import { reservationsReleasedTotal, reservationsTotal } from '../quota.metrics';
import { outcomeOf, releaseExpired, releaseOne, reservationKey, reserveChange, reserveResponse } from './reserve-rules';

/**
 * Reservations: grants that hold allowance between ingest's admission and the usage event that
 * confirms them. All of it is a change to the counter (one append), so it is atomic on FerretDB too.
 */
@Injectable()
export class Reservations {
  private readonly logger = new Logger('reservations');

  constructor(
    private readonly counters: CounterStore,
    private readonly config: QuotaConfig,
    private readonly groups: GroupDirectory,
    private readonly overrides: LimitOverridesRepository,
  ) {}

  /**
   * Draws on the counter of the group's root, limited by the plan and overrides quota holds for that
   * root: a sub-group has no limits of its own, and the caller's idea of either is not asked (SPEC §5).
   */
  async reserve(asked: ReserveRequest): Promise<ReserveResponse> {
    const resolved = await this.groups.resolve(asked.groupId);
    if (!resolved) throw new ProblemException(404, 'group_not_found', `group ${asked.groupId} not found`);
    const { root } = resolved;
    const req: ReserveRequest = { ...asked, rootGroupId: root._id };
    const setting = usageLimitOf(await this.overrides.limitsOf(root._id, root.plan), req.metric);
    const now = Date.now();
    const transition = await this.counters.update(
      reservationKey(req, now),
      reserveChange(req, setting, now, this.config.RESERVATION_TTL_MS),
    );
    const response = reserveResponse(req, setting, transition, now);
    reservationsTotal.inc({ metric: req.metric, outcome: outcomeOf(response) });
    return response;
  }

  /** Releases a reservation early; returns how much it held (0 when it was not open). */
  async release(reservationId: string, rootGroupId: string, metric: UsageMetric): Promise<number> {
    const { before, after } = await this.counters.update(reservationKey({ rootGroupId, metric }, Date.now()), releaseOne(reservationId));
    return before.reserved - after.reserved;
  }

  /** Every 5 s: reservations never confirmed by a usage event give their allowance back. */
  @Interval(5000)
  async sweep(): Promise<number> {
    const now = Date.now();
    let released = 0;
    const due = [...this.counters.entries()].filter(([, doc]) => Object.values(doc.reservations).some((r) => r.expiresAt <= now));
    for (const [key] of due) {
      try {
        const { before, after } = await this.counters.update(key, releaseExpired(now));
        const count = Object.keys(before.reservations).length - Object.keys(after.reservations).length;
        released += count;
        if (count > 0) reservationsReleasedTotal.inc({ metric: parseCounterKey(key)?.metric ?? 'unknown' }, count);
      } catch (error) {
        this.logger.warn({ msg: 'releasing expired reservations failed; the next sweep retries', key, error: (error as Error).message });
      }
    }
    if (released > 0) this.logger.log({ msg: 'released expired reservations', released });
    return released;
  }
}
