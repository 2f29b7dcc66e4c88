import type { UsageRecordedData } from '../contracts/usage';

export interface Reservation {
  readonly amount: number;
  readonly expiresAt: number;
}

/**
 * One quota counter: (root group, metric, period start). `used` is confirmed usage; `reserved`
 * is always the sum of the open reservations' amounts, so `used + reserved` never passes the limit.
 */
export interface CounterState {
  readonly used: number;
  readonly reserved: number;
  readonly reservations: Readonly<Record<string, Reservation>>;
}

export const EMPTY_COUNTER: CounterState = { used: 0, reserved: 0, reservations: {} };

const without = (state: CounterState, ids: readonly string[]): CounterState => {
  const reservations = { ...state.reservations };
  let released = 0;
  for (const id of ids) {
    if (!Object.hasOwn(reservations, id)) continue;
    released += reservations[id].amount;
    delete reservations[id];
  }
  return { used: state.used, reserved: state.reserved - released, reservations };
};

/** Opens a reservation of `amount` (already admitted); reserving the same id again changes nothing. */
export const addReservation = (state: CounterState, id: string, reservation: Reservation): CounterState =>
  Object.hasOwn(state.reservations, id)
    ? state
    : {
        used: state.used,
        reserved: state.reserved + reservation.amount,
        reservations: { ...state.reservations, [id]: reservation },
      };

/**
 * Applies one usage event. Confirming a reservation releases what the reservation held (the
 * counter's own record, which the event's `reservedAmount` repeats) and adds the amount actually
 * used. A reservation that is gone (expired and swept) releases nothing: the amount is added alone.
 * Not idempotent by itself: the adapter applies each event once (position guard on the counter).
 */
export const applyUsage = (state: CounterState, data: UsageRecordedData): CounterState => {
  const released = data.reservationId === undefined ? state : without(state, [data.reservationId]);
  return { ...released, used: released.used + data.amount };
};

/** Ids of reservations whose time is up at `now` (expiresAt ≤ now), for the sweep to release. */
export const expiredReservations = (state: CounterState, now: number): string[] =>
  Object.entries(state.reservations)
    .filter(([, r]) => r.expiresAt <= now)
    .map(([id]) => id);

/** Releases the given reservations without adding usage (the sweep). */
export const releaseReservations = (state: CounterState, ids: readonly string[]): CounterState => without(state, ids);
