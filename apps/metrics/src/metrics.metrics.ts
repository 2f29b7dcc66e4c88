import { Counter, Gauge, Histogram } from 'prom-client';

/** The metrics app's own Prometheus series (on the shared registry served at /metrics). */
export const projectionLag = new Gauge({
  name: 'onescale_metrics_projection_lag_records',
  help: 'Records of onescale.events.v1 not yet projected, per partition (high watermark - applied offset - 1)',
  labelNames: ['partition'] as const,
});

export const eventsProjected = new Counter({
  name: 'onescale_metrics_events_projected_total',
  help: 'Events applied to the read models (new, or replayed after a crash at the same offset)',
  labelNames: ['topic'] as const,
});

export const duplicatesSkipped = new Counter({
  name: 'onescale_metrics_duplicates_skipped_total',
  help: 'Events skipped because the same event id was already stored at another offset (republished copies)',
  labelNames: ['topic'] as const,
});

export const redeliveriesSkipped = new Counter({
  name: 'onescale_metrics_redeliveries_skipped_total',
  help: 'Records at or below the partition applied offset (a redelivery after a commit was lost), skipped',
  labelNames: ['topic'] as const,
});

export const batchSeconds = new Histogram({
  name: 'onescale_metrics_batch_duration_seconds',
  help: 'Time to store and project one partition batch',
  labelNames: ['topic'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

export const readSeconds = new Histogram({
  name: 'onescale_metrics_read_duration_seconds',
  help: 'Read latency by route (a minPosition wait included)',
  labelNames: ['route'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
});

export const readCacheLookups = new Counter({
  name: 'onescale_metrics_read_cache_lookups_total',
  help: 'Computed-field reads answered from memory (hit: the partition had not moved) or from the read models (miss)',
  labelNames: ['result'] as const,
});
