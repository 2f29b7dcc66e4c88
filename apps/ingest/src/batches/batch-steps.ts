import { Histogram } from 'prom-client';

export const batchStepSeconds = new Histogram({
  name: 'onescale_ingest_batch_step_seconds',
  help: 'Time a batch request spends in each step of the write path, by batch kind and step',
  labelNames: ['kind', 'step'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});

/**
 * Times consecutive steps of one batch: each call records the time since the previous one under its
 * step's name, so the steps of a request add up to its time in the service (the benchmark's table).
 */
export function batchSteps(kind: string): (step: string) => void {
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    batchStepSeconds.observe({ kind, step }, (now - last) / 1000);
    last = now;
  };
}
