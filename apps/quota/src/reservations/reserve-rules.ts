import {
  admit,
  expiredReservations,
  hardLimit,
  periodStartFor,
  type LimitSetting,
  type ReserveRequest,
  type ReserveResponse,
} from '@onescale/ontology';
import { counterKey, reserveIn, releaseIn, type CounterDoc } from '../counters/counter-doc';
import type { Change, Transition } from '../counters/keyed-batcher';

export type ReservationOutcome = 'granted' | 'partial' | 'refused';

/** The counter a reservation draws on: gauges live in period 0, api calls in their UTC month. */
export const reservationKey = (req: Pick<ReserveRequest, 'rootGroupId' | 'metric'>, now: number): string =>
  counterKey(req.rootGroupId, req.metric, periodStartFor(req.metric, now));

/**
 * Grants at most what remains under the root's limit of the metric (`admit`; all of it when the limit
 * is soft) and holds it until `expiresAt`. A reservation id seen before (still open) gets its first
 * grant back and changes nothing; a refusal records nothing.
 */
export const reserveChange =
  (req: ReserveRequest, setting: LimitSetting, now: number, ttlMs: number): Change<CounterDoc> =>
  (doc) => {
    if (Object.hasOwn(doc.reservations, req.reservationId)) return null;
    const granted = admit(req.amount, doc.used, doc.reserved, hardLimit(setting));
    return granted === 0 ? null : reserveIn(doc, req.reservationId, { amount: granted, expiresAt: now + ttlMs });
  };

/** The answer to a reservation, read off what the change saw and made. */
export const reserveResponse = (
  req: ReserveRequest,
  { limit }: LimitSetting,
  { before, after }: Transition<CounterDoc>,
  now: number,
): ReserveResponse => {
  const held = after.reservations[req.reservationId];
  const repeated = Object.hasOwn(before.reservations, req.reservationId);
  // For a repeated id "what remained" is reconstructed as it was before its own grant.
  const usedBefore = before.used + before.reserved - (repeated ? held!.amount : 0);
  return {
    reservationId: req.reservationId,
    metric: req.metric,
    requested: req.amount,
    granted: held?.amount ?? 0,
    limit,
    remaining: limit === null ? null : Math.max(0, limit - usedBefore),
    expiresAt: held?.expiresAt ?? now,
  };
};

export const outcomeOf = (r: Pick<ReserveResponse, 'granted' | 'requested'>): ReservationOutcome =>
  r.granted >= r.requested ? 'granted' : r.granted > 0 ? 'partial' : 'refused';

/** The sweep's change: releases every reservation whose time is up. */
export const releaseExpired =
  (now: number): Change<CounterDoc> =>
  (doc) => {
    const expired = expiredReservations(doc, now);
    return expired.length === 0 ? null : releaseIn(doc, expired);
  };

/** Early release of one reservation (the write it was for will not happen). */
export const releaseOne =
  (reservationId: string): Change<CounterDoc> =>
  (doc) =>
    Object.hasOwn(doc.reservations, reservationId) ? releaseIn(doc, [reservationId]) : null;
