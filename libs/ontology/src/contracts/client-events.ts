import type { CONTENT_ACTIONS, PAYMENT_STATUSES, SUBSCRIPTION_ACTIONS } from '../events/event-metadata';

/**
 * Data of a client-submitted event as ingest emits it: the client's metadata (checked by the
 * rules of event-metadata.ts) plus the thing types of the actor and target, which ingest looked up
 * while validating them, so read models need no lookup.
 */
export interface ClientEventData<M extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>> {
  readonly metadata: M;
  readonly actorType?: string;
  readonly targetType?: string;
}

/** Client event types whose metadata has rules; every other client type carries any JSON object. */
export interface RuledClientEventMap {
  readonly revenue_generated: ClientEventData<{ readonly amount: number; readonly currency?: string; readonly [field: string]: unknown }>;
  readonly content_event: ClientEventData<{ readonly action: (typeof CONTENT_ACTIONS)[number]; readonly [field: string]: unknown }>;
  readonly payment_event: ClientEventData<{ readonly status: (typeof PAYMENT_STATUSES)[number]; readonly [field: string]: unknown }>;
  readonly subscription_event: ClientEventData<{
    readonly action: (typeof SUBSCRIPTION_ACTIONS)[number];
    readonly [field: string]: unknown;
  }>;
}
