import { Counter } from 'prom-client';

/** The quota app's own metrics (on the shared registry served at /metrics). */
export const reservationsTotal = new Counter({
  name: 'onescale_quota_reservations_total',
  help: 'Reservations by metric and outcome (granted in full, partially, or refused)',
  labelNames: ['metric', 'outcome'] as const,
});

export const thresholdCrossingsTotal = new Counter({
  name: 'onescale_quota_threshold_crossings_total',
  help: 'quota_threshold_crossed alerts raised, by metric and level',
  labelNames: ['metric', 'level'] as const,
});

export const usageAppliedTotal = new Counter({
  name: 'onescale_quota_usage_events_total',
  help: 'Usage events consumed, by outcome (applied, redelivered, duplicate)',
  labelNames: ['outcome'] as const,
});

export const reservationsReleasedTotal = new Counter({
  name: 'onescale_quota_reservations_expired_total',
  help: 'Reservations released by the sweep because no usage event confirmed them in time',
  labelNames: ['metric'] as const,
});
