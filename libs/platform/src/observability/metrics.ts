import { Counter, Gauge, Histogram, collectDefaultMetrics, register } from 'prom-client';

/**
 * Metrics every app exposes at GET /metrics, with names shared across apps (prefix `onescale_`).
 * App-specific metrics are declared beside the code that records them, on the same registry.
 */
collectDefaultMetrics({ prefix: 'onescale_process_' });

export const httpRequestSeconds = new Histogram({
  name: 'onescale_http_request_duration_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

export const kafkaProduceSeconds = new Histogram({
  name: 'onescale_kafka_produce_duration_seconds',
  help: 'Time to produce a batch of records with acks=all',
  labelNames: ['topic'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});

export const eventsConsumed = new Counter({
  name: 'onescale_kafka_consumed_total',
  help: 'Records consumed and committed',
  labelNames: ['topic'] as const,
});

export const consumerLag = new Gauge({
  name: 'onescale_kafka_consumer_lag',
  help: 'Records behind the high watermark, per partition assigned to this process (at each commit and every 10 s)',
  labelNames: ['topic', 'partition'] as const,
});

export const deadLetters = new Counter({
  name: 'onescale_kafka_dead_letters_total',
  help: 'Records sent to a dead-letter topic',
  labelNames: ['topic'] as const,
});

export const consumerRunning = new Gauge({
  name: 'onescale_kafka_consumer_running',
  help: '1 while the consumer of the topic runs, 0 while it is crashed or being restarted',
  labelNames: ['topic'] as const,
});

export const consumerRestarts = new Counter({
  name: 'onescale_kafka_consumer_restarts_total',
  help: 'Consumers restarted after a crash',
  labelNames: ['group'] as const,
});

export const metricsRegistry = register;
