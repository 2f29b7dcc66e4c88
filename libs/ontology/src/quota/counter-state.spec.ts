import { addReservation, applyUsage, EMPTY_COUNTER, expiredReservations, releaseReservations, type CounterState } from './counter-state';

const T = Date.UTC(2025, 0, 31, 23, 59);
const given: CounterState = {
  used: 50,
  reserved: 30,
  reservations: { r1: { amount: 20, expiresAt: T }, r2: { amount: 10, expiresAt: T + 60_000 } },
};

describe('counter state', () => {
  it('opens a reservation once per id', () => {
    const once = addReservation(EMPTY_COUNTER, 'r1', { amount: 7, expiresAt: T });
    expect(once).toEqual({ used: 0, reserved: 7, reservations: { r1: { amount: 7, expiresAt: T } } });
    expect(addReservation(once, 'r1', { amount: 7, expiresAt: T })).toBe(once);
  });

  it('confirms a reservation: releases what it held and adds what was used', () => {
    const next = applyUsage(given, { metric: 'entities_total', amount: 18, reservationId: 'r1', reservedAmount: 20 });
    expect(next).toEqual({ used: 68, reserved: 10, reservations: { r2: given.reservations.r2 } });
  });

  it('adds the amount alone when the reservation has already expired and been released', () => {
    const next = applyUsage(given, { metric: 'entities_total', amount: 5, reservationId: 'gone', reservedAmount: 5 });
    expect(next).toEqual({ ...given, used: 55 });
  });

  it('applies a negative delta (deletes) without touching reservations', () => {
    expect(applyUsage(given, { metric: 'entities_total', amount: -4 })).toEqual({ ...given, used: 46 });
  });

  it('finds reservations expired at or before now, and releases them', () => {
    expect(expiredReservations(given, T - 1)).toEqual([]);
    expect(expiredReservations(given, T)).toEqual(['r1']);
    expect(expiredReservations(given, T + 60_000)).toEqual(['r1', 'r2']);
    expect(releaseReservations(given, ['r1', 'unknown'])).toEqual({ used: 50, reserved: 10, reservations: { r2: given.reservations.r2 } });
  });

  it('is not fooled by ids that are names of Object properties', () => {
    const next = applyUsage(given, { metric: 'users', amount: 1, reservationId: 'constructor' });
    expect(next).toEqual({ ...given, used: 51 });
  });
});
