import { Logger } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { consumerLag } from '../observability/metrics';
import type { ConsumerHealth } from './consumer-health';

/**
 * Samples, on a timer and independently of the consumer, how far the group's committed offsets are
 * behind the end of each partition assigned to this member. A consumer that crashed or hangs commits
 * nothing, so lag measured only at commit time would freeze at its last value.
 */
export class LagMonitor {
  private timer: NodeJS.Timeout | null = null;
  private readonly log = new Logger(LagMonitor.name);

  constructor(
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly health: ConsumerHealth,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async sample(): Promise<void> {
    const assigned = this.health.assignment();
    const topics = [...new Set(assigned.map((a) => a.topic))];
    if (topics.length === 0) return;
    try {
      const committed = await this.admin.fetchOffsets({ groupId: this.groupId, topics });
      for (const topic of topics) {
        const ends = await this.admin.fetchTopicOffsets(topic);
        const done = new Map(committed.find((c) => c.topic === topic)?.partitions.map((p) => [p.partition, Number(p.offset)]));
        for (const { partition, high, low } of ends) {
          if (!assigned.some((a) => a.topic === topic && a.partition === partition)) continue;
          const position = done.get(partition) ?? -1;
          const lag = Math.max(0, Number(high) - (position >= 0 ? position : Number(low)));
          this.health.sampled(topic, partition, lag);
          consumerLag.set({ topic, partition: String(partition) }, lag);
        }
      }
    } catch (error) {
      this.log.debug?.({ msg: 'lag sample failed', groupId: this.groupId, error: (error as Error).message });
    }
  }
}
