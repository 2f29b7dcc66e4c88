import type { EventEnvelope } from '../contracts/envelope';
import { isPlatformOrReserved, REVENUE_EVENT_TYPE } from '../vocabulary';

/**
 * Data of a client-submitted event as ingest emits it: the client's metadata plus the thing
 * types of the actor and target, which ingest looked up while validating them.
 */
export interface ClientEventData {
  readonly metadata?: Record<string, unknown>;
  readonly actorType?: string;
  readonly targetType?: string;
}

export const isClientEvent = (event: Pick<EventEnvelope, 'type'>): boolean => !isPlatformOrReserved(event.type);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The client data of an event, tolerating missing fields (old events, hand-made fixtures). */
export const clientDataOf = (event: EventEnvelope): ClientEventData => {
  const data: Record<string, unknown> = isRecord(event.data) ? event.data : {};
  return {
    metadata: isRecord(data.metadata) ? data.metadata : undefined,
    actorType: optionalString(data.actorType),
    targetType: optionalString(data.targetType),
  };
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

/** The revenue a `revenue_generated` event carries; null for any other event or a malformed amount. */
export const revenueOf = (event: EventEnvelope): Revenue | null => {
  if (event.type !== REVENUE_EVENT_TYPE) return null;
  const metadata = clientDataOf(event).metadata ?? {};
  const amount = metadata.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return null;
  const currency = typeof metadata.currency === 'string' && metadata.currency !== '' ? metadata.currency.toUpperCase() : DEFAULT_CURRENCY;
  return { micros: toMicros(amount), currency };
};
