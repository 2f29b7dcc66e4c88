import { Injectable } from '@nestjs/common';
import { admitWithinGrants, totalCosts, type Group, type Grant, type ItemCost, type Problem, type UsageMetric } from '@onescale/ontology';
import { deterministicUuidv7 } from '@onescale/platform';
import { QuotaReservations } from '../quota/quota-client';
import type { BatchRecord } from '../store/records';

export interface Admission {
  /** Per candidate: admitted, or the quota problem that refused it. */
  readonly outcomes: Array<{ admitted: true } | { admitted: false; problem: Problem }>;
  readonly reservations: BatchRecord['reservations'];
}

/**
 * Reserves, per metric, what the valid items of a batch would consume, then admits items in input
 * order within what quota granted. Reservation ids derive from the batch id, so a retried request
 * asks for the same reservations.
 */
@Injectable()
export class QuotaAdmission {
  constructor(private readonly quota: QuotaReservations) {}

  async admit(group: Group, batchId: string, at: number, costs: readonly ItemCost[]): Promise<Admission> {
    const totals = Object.entries(totalCosts(costs)).filter(([, amount]) => amount > 0) as Array<[UsageMetric, number]>;
    const replies = await Promise.all(
      totals.map(async ([metric, amount]) => {
        const reservationId = deterministicUuidv7(`${batchId}|reserve|${metric}`, at);
        return [metric, await this.quota.reserve(group, reservationId, metric, amount)] as const;
      }),
    );
    const grants: Partial<Record<UsageMetric, Grant>> = {};
    for (const [metric, reply] of replies) grants[metric] = { granted: reply.granted, limit: reply.limit, remaining: reply.remaining };
    return {
      outcomes: admitWithinGrants(costs, grants),
      reservations: replies.map(([metric, reply]) => ({ metric, reservationId: reply.reservationId, reservedAmount: reply.granted })),
    };
  }
}
