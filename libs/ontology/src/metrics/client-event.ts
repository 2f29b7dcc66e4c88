import { isType, type ClientEventEnvelope, type EventEnvelope, type EventOf } from '../contracts/event-map';
import { isPlatformOrReserved, REVENUE_EVENT_TYPE } from '../vocabulary';

/** Client events are every type that is not the platform's; narrowing the union with it leaves the platform events. */
export const isClientEvent = (event: EventEnvelope): event is ClientEventEnvelope => !isPlatformOrReserved(event.type);

/**
 * What an event does to the client-event figures: a client event adds itself (+1); an
 * `event_voided` takes back the event it carries (-1), so each projection reverses exactly what that
 * event added. Null for every other event.
 */
export interface ClientEffect {
  readonly event: ClientEventEnvelope;
  readonly sign: 1 | -1;
}

export const clientEffectOf = (event: EventEnvelope): ClientEffect | null => {
  if (isClientEvent(event)) return { event, sign: 1 };
  if (isType(event, 'event_voided')) return { event: event.data.voided, sign: -1 };
  return null;
};

/**
 * Revenue is summed in integer millionths of a currency unit: integer addition is exact and
 * commutative, so a rebuild that applies events in another order reproduces the same totals
 * (float sums would differ in the last bits). Exact up to 2^53 micro-units, about 9·10^9 units.
 */
export const REVENUE_SCALE = 1_000_000;
export const toMicros = (amount: number): number => Math.round(amount * REVENUE_SCALE);
export const fromMicros = (micros: number): number => micros / REVENUE_SCALE;

export const DEFAULT_CURRENCY = 'USD';

export interface Revenue {
  readonly micros: number;
  readonly currency: string;
}

/** The revenue a `revenue_generated` event carries (the decoder checked amount and currency); null for any other event. */
export const revenueOf = (event: ClientEventEnvelope): Revenue | null => {
  if (!isRevenue(event)) return null;
  const { amount, currency = DEFAULT_CURRENCY } = event.data.metadata;
  return { micros: toMicros(amount), currency };
};

const isRevenue = (event: ClientEventEnvelope): event is EventOf<typeof REVENUE_EVENT_TYPE> => event.type === REVENUE_EVENT_TYPE;
