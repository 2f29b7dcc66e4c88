import { performance } from 'node:perf_hooks';

/** The steps of a pass whose time the run's log reports. */
export type ArchivalStep =
  'recover' | 'ledger' | 'seal' | 'read' | 'dedupe' | 'gzip' | 'put' | 'verify' | 'manifests' | 'delete' | 'drop' | 'emit' | 'purge';

/**
 * Milliseconds spent per step of one pass, so a run's log says where its time went. Steps that run
 * concurrently (up to a few objects gzip, upload and verify at once) are summed per operation, so
 * their total can exceed the run's wall time.
 */
export class StepTimes {
  private readonly ms = new Map<ArchivalStep, number>();

  add(step: ArchivalStep, ms: number): void {
    this.ms.set(step, (this.ms.get(step) ?? 0) + ms);
  }

  async time<T>(step: ArchivalStep, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(step, performance.now() - started);
    }
  }

  /** The items of a stream, counting the time spent waiting for each as `step`. */
  async *stream<T>(step: ArchivalStep, items: AsyncIterable<T>): AsyncGenerator<T> {
    const iterator = items[Symbol.asyncIterator]();
    try {
      for (;;) {
        const started = performance.now();
        const next = await iterator.next();
        this.add(step, performance.now() - started);
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }

  /** Whole milliseconds per step, in the order the steps first took time. */
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.ms].map(([step, ms]) => [step, Math.round(ms)]));
  }
}
