import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { consumerRestarts } from '../observability/metrics';

export interface ConsumerSupervisorOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: () => string[];
  readonly fromBeginning: boolean;
  readonly maxBytesPerPartition: number;
  readonly sessionTimeoutMs: number;
  /** Restarts after crashes with no progress in between, before `onFatal`. */
  readonly maxRestarts: number;
  readonly onFatal: (error: Error) => void;
  readonly eachBatch: (payload: EachBatchPayload) => Promise<void>;
  /** The consumer joined its group and was given these partitions. */
  readonly onJoin: (assignment: Array<{ topic: string; partition: number }>) => void;
  /** The consumer runs (true) or is down, with the reason. */
  readonly onRunning: (running: boolean, reason: string) => void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Owns one kafkajs consumer and keeps one running: every crash, retriable or not, replaces it with a
 * fresh consumer after a backoff (0.5 s doubling to 30 s); after `maxRestarts` restarts without
 * progress (`progressed`) it gives up through `onFatal`.
 */
export class ConsumerSupervisor {
  private consumer: Consumer | null = null;
  private closing = false;
  private restartsWithoutProgress = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly log = new Logger(ConsumerSupervisor.name);

  constructor(private readonly options: ConsumerSupervisorOptions) {}

  current(): Consumer | null {
    return this.consumer;
  }

  /** Work was committed: the consumer is useful again, whatever crashed before. */
  progressed(): void {
    this.restartsWithoutProgress = 0;
  }

  async start(): Promise<void> {
    const { kafka, groupId, sessionTimeoutMs } = this.options;
    const consumer = kafka.consumer({
      groupId,
      maxBytesPerPartition: this.options.maxBytesPerPartition,
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.max(100, Math.floor(sessionTimeoutMs / 10)),
      // Crashes are restarted here, all alike, instead of by kafkajs only for retriable ones.
      retry: { restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.options.onJoin(
        Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition }))),
      );
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.onCrash(consumer, payload.error));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.options.topics(), fromBeginning: this.options.fromBeginning });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: this.options.eachBatch });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    this.options.onRunning(true, '');
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }

  private onCrash(consumer: Consumer, error: Error): void {
    if (this.closing || consumer !== this.consumer) return;
    this.options.onRunning(false, `crashed: ${error.message}`);
    this.log.error({ msg: 'consumer crashed; restarting it', groupId: this.options.groupId, error: error.message });
    this.scheduleRestart(error);
  }

  private scheduleRestart(cause: Error): void {
    const attempt = ++this.restartsWithoutProgress;
    if (attempt > this.options.maxRestarts) {
      this.log.error({
        msg: 'consumer could not be restarted; giving up',
        groupId: this.options.groupId,
        attempts: attempt - 1,
        error: cause.message,
      });
      this.options.onFatal(cause);
      return;
    }
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (attempt - 1));
    this.restartTimer = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    this.restartTimer = null;
    if (this.closing) return;
    consumerRestarts.inc({ group: this.options.groupId });
    const old = this.consumer;
    this.consumer = null;
    await old?.disconnect().catch(() => undefined);
    try {
      await this.start();
      this.log.warn({ msg: 'consumer restarted', groupId: this.options.groupId, attempt: this.restartsWithoutProgress });
    } catch (error) {
      this.options.onRunning(false, `restart failed: ${(error as Error).message}`);
      this.log.error({ msg: 'consumer restart failed', groupId: this.options.groupId, error: (error as Error).message });
      this.scheduleRestart(error as Error);
    }
  }
}
