import type { Progress } from '../store/progress';

const POLL_MS = 20;

interface Waiter {
  readonly minPosition: number;
  readonly resolve: (reached: boolean) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Reads waiting for a position (read-your-writes) share one watcher per partition: a single poll of
 * the partition's progress every 20 ms however many reads wait, and none while nobody waits. When
 * this process projects the partition itself, its progress wakes the waiters at once.
 */
export class ProgressWatch {
  private readonly waiting = new Map<number, Set<Waiter>>();

  constructor(private readonly progress: Progress) {
    progress.onRecord((topic, partition, offset) => {
      if (topic === 'events') this.settle(partition, offset);
    });
  }

  /** Resolves true once `partition` has been applied up to `minPosition`, false at `deadline`. */
  until(partition: number, minPosition: number, deadline: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter: Waiter = { minPosition, resolve };
      waiter.timer = setTimeout(() => this.release(partition, waiter, false), Math.max(0, deadline - Date.now()));
      const waiters = this.waiting.get(partition);
      if (waiters) return void waiters.add(waiter);
      this.waiting.set(partition, new Set([waiter]));
      void this.watch(partition);
    });
  }

  /** Number of partitions being polled (for tests: one per partition, not one per read). */
  get watchedPartitions(): number {
    return this.waiting.size;
  }

  private async watch(partition: number): Promise<void> {
    while (this.waiting.has(partition)) {
      const applied = await this.progress.applied('events', partition).catch(() => -1);
      this.settle(partition, applied);
      if (!this.waiting.has(partition)) return;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  private settle(partition: number, applied: number): void {
    for (const waiter of this.waiting.get(partition) ?? []) {
      if (waiter.minPosition <= applied) this.release(partition, waiter, true);
    }
  }

  private release(partition: number, waiter: Waiter, reached: boolean): void {
    const waiters = this.waiting.get(partition);
    if (!waiters?.delete(waiter)) return;
    clearTimeout(waiter.timer);
    if (waiters.size === 0) this.waiting.delete(partition);
    waiter.resolve(reached);
  }
}
