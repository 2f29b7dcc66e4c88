import { Counter, Gauge, Histogram } from 'prom-client';

/** The notifier's own metrics (on the shared registry served at /metrics). */
export const attemptsTotal = new Counter({
  name: 'onescale_notifier_attempts_total',
  help: 'Delivery attempts by outcome: delivered (2xx), failed (any other answer, timeout, refused address)',
  labelNames: ['outcome'] as const,
});

export const deliveriesTotal = new Counter({
  name: 'onescale_notifier_deliveries_total',
  help: 'Notifications settled, by outcome: delivered, or failed (retried for the whole window, or endpoint disabled)',
  labelNames: ['outcome'] as const,
});

export const attemptSeconds = new Histogram({
  name: 'onescale_notifier_attempt_duration_seconds',
  help: 'Time of one delivery attempt, from connect to the answer',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const endpointsDisabledTotal = new Counter({
  name: 'onescale_notifier_endpoints_disabled_total',
  help: 'Endpoints disabled because their deliveries kept failing',
});

let countPending: (() => Promise<number>) | null = null;

/** Read from the outbox at each scrape; a failed read keeps the last value. */
export const pendingDeliveries = new Gauge({
  name: 'onescale_notifier_pending_deliveries',
  help: 'Notifications recorded and not yet delivered or given up on (the outbox backlog)',
  async collect() {
    if (countPending === null) return;
    try {
      this.set(await countPending());
    } catch {
      // the readiness probe reports the database; the scrape still answers
    }
  },
});

/** Where the backlog gauge reads from (the delivery outbox). */
export const countPendingWith = (count: () => Promise<number>): void => {
  countPending = count;
};
