/** Usage metrics counted by quota. Gauges go up and down; rates reset with their period. */
export const QUOTA_METRICS = [
  'users',
  'storage_gb',
  'api_calls_per_month',
  'entities_total',
  'connections_total',
  'events_retention_days',
] as const;
export type QuotaMetric = (typeof QUOTA_METRICS)[number];

/** Metrics that usage events change. Storage travels in bytes under `storage_bytes` and is shown in GB. */
export const USAGE_METRICS = ['users', 'storage_bytes', 'api_calls_per_month', 'entities_total', 'connections_total'] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

export const GAUGE_METRICS: readonly UsageMetric[] = ['users', 'storage_bytes', 'entities_total', 'connections_total'];

/**
 * Data of a `usage_recorded` event on the usage topic. One event per batch and metric, not per
 * item. `amount` is signed: deletes send negative deltas for gauges.
 */
export interface UsageRecordedData {
  readonly metric: UsageMetric;
  readonly amount: number;
  /** The reservation this usage confirms, when the write was admitted through one. */
  readonly reservationId?: string;
  /** How much that reservation held; released on confirmation even when `amount` is smaller. */
  readonly reservedAmount?: number;
  /** Start of the period the usage belongs to (api calls: the UTC month); gauges omit it. */
  readonly periodStart?: number;
}
