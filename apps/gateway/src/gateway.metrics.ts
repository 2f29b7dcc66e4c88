import { Counter, Histogram } from 'prom-client';

/** Gateway metrics, on the shared registry served at /metrics. */
export const upstreamLatency = new Histogram({
  name: 'onescale_gateway_upstream_duration_seconds',
  help: 'Time from forwarding a request to the app answering (headers), by app and status',
  labelNames: ['app', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const authOutcomes = new Counter({
  name: 'onescale_gateway_auth_total',
  help: 'Requests by authentication and access outcome',
  labelNames: ['outcome'] as const,
});

export const usagePublished = new Counter({
  name: 'onescale_gateway_usage_published_total',
  help: 'Api calls published as usage records, and the records that carried them',
  labelNames: ['what'] as const,
});

export const rateLimitOutcomes = new Counter({
  name: 'onescale_gateway_rate_limit_total',
  help: 'Requests of rate-limited keys: admitted, refused (by the shared store, or locally once a window was full), or admitted because the store failed',
  labelNames: ['outcome'] as const,
});
