/**
 * What readiness and the alerts judge of one consumer group member: whether its consumer runs, and
 * whether it moves while records wait on the partitions assigned to it. Pure state with an injected
 * clock; the transport feeds it (start, crash, commit, lag samples).
 */
export class ConsumerHealth {
  private running = false;
  private reason = 'not started';
  private movedAt: number;
  private readonly lag = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    /** Records waiting and nothing committed for this long: the consumer is stalled. */
    private readonly stallMs: number,
  ) {
    this.movedAt = now();
  }

  started(): void {
    this.running = true;
    this.reason = '';
    this.movedAt = this.now();
  }

  stopped(reason: string): void {
    this.running = false;
    this.reason = reason;
  }

  /** A chunk of records was applied and committed. */
  moved(): void {
    this.movedAt = this.now();
  }

  /** The partitions the group gave this member; lag is known again once sampled. */
  assigned(partitions: ReadonlyArray<{ readonly topic: string; readonly partition: number }>): void {
    this.lag.clear();
    for (const { topic, partition } of partitions) this.lag.set(key(topic, partition), 0);
  }

  /** Records behind the end of one assigned partition; a member that has caught up counts as moving. */
  sampled(topic: string, partition: number, lag: number): void {
    if (!this.lag.has(key(topic, partition))) return;
    this.lag.set(key(topic, partition), lag);
    if (this.waiting() === 0) this.moved();
  }

  assignment(): Array<{ topic: string; partition: number }> {
    return [...this.lag.keys()].map((k) => {
      const at = k.lastIndexOf(':');
      return { topic: k.slice(0, at), partition: Number(k.slice(at + 1)) };
    });
  }

  /** Whether this member runs and the group gave it the partition. */
  consumes(topic: string, partition: number): boolean {
    return this.running && this.lag.has(key(topic, partition));
  }

  waiting(): number {
    let total = 0;
    for (const lag of this.lag.values()) total += lag;
    return total;
  }

  isRunning(): boolean {
    return this.running;
  }

  /** Why this member cannot be trusted to keep the read side moving, or null when it can. */
  problem(): string | null {
    if (!this.running) return `consumer not running: ${this.reason}`;
    const waiting = this.waiting();
    const idleMs = this.now() - this.movedAt;
    if (waiting > 0 && idleMs > this.stallMs) {
      return `consumer stalled: ${waiting} records waiting and nothing committed for ${Math.round(idleMs / 1000)} s`;
    }
    return null;
  }
}

const key = (topic: string, partition: number): string => `${topic}:${partition}`;
