import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { Partitioners, type Consumer, type EachBatchPayload, type Kafka, type Producer } from 'kafkajs';
import { decodeEnvelope, dlqOf, type EventEnvelope } from '@onescale/ontology';
import { consumerLag, deadLetters, eventsConsumed } from '../observability/metrics';

/** What a handler registered with `@EventPattern(<topic name>)` receives: one partition's batch. */
export interface EventBatch {
  readonly topic: string;
  readonly partition: number;
  readonly events: ReadonlyArray<{ readonly envelope: EventEnvelope; readonly offset: number }>;
}

/** A handler may reject single events as poison; they go to the dead-letter topic and are committed. */
export interface BatchOutcome {
  readonly deadLetters?: ReadonlyArray<{ readonly offset: number; readonly reason: string }>;
}

export interface KafkaBatchServerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly fromBeginning?: boolean;
  readonly maxBytesPerPartition?: number;
}

/**
 * A `@nestjs/microservices` transport that hands handlers whole batches (one partition at a time) so
 * projections can write in bulk. Offsets are committed only after the handler resolves: an
 * infrastructure failure is retried, never skipped. Undecodable messages go to `<topic>.dlq` with the
 * reason and are committed.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private readonly log = new Logger(KafkaBatchServer.name);
  private joined!: () => void;
  private readonly rebalanceListeners: Array<() => void> = [];
  /** Resolves once the consumer has joined its group and received its partitions. */
  readonly ready = new Promise<void>((resolve) => (this.joined = resolve));

  /**
   * Calls `listener` every time the consumer (re)joins its group: its partitions may have changed
   * and another member may have handled some of them meanwhile.
   */
  onRebalance(listener: () => void): void {
    this.rebalanceListeners.push(listener);
  }

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
    this.consumer = kafka.consumer({ groupId, maxBytesPerPartition: this.options.maxBytesPerPartition ?? 4 * 1024 * 1024 });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joined();
      for (const listener of this.rebalanceListeners) listener();
    });
    await this.consumer.connect();
    const topics = [...this.messageHandlers.keys()];
    await this.consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const handler = this.getHandlerByPattern(batch.topic);
    if (!handler) throw new Error(`no handler for topic ${batch.topic}`);

    const events: Array<{ envelope: EventEnvelope; offset: number }> = [];
    const poison: Array<{ offset: number; reason: string }> = [];
    const byOffset = new Map(batch.messages.map((m) => [Number(m.offset), m]));
    for (const message of batch.messages) {
      const decoded = decodeEnvelope(message.value);
      if (decoded.ok) events.push({ envelope: decoded.value, offset: Number(message.offset) });
      else poison.push({ offset: Number(message.offset), reason: decoded.problem.message });
    }

    const result = await this.invoke(handler, { topic: batch.topic, partition: batch.partition, events } satisfies EventBatch);
    poison.push(...(result?.deadLetters ?? []));
    if (poison.length > 0) {
      await this.producer!.send({
        topic: dlqOf(batch.topic),
        acks: -1,
        messages: poison.map(({ offset, reason }) => {
          const original = byOffset.get(offset);
          return {
            key: original?.key ?? null,
            value: original?.value ?? null,
            headers: { 'x-dlq-reason': reason, 'x-dlq-topic': batch.topic, 'x-dlq-partition': String(batch.partition), 'x-dlq-offset': String(offset) },
          };
        }),
      });
      deadLetters.inc({ topic: batch.topic }, poison.length);
      this.log.warn({ msg: 'messages sent to the dead-letter topic', topic: batch.topic, partition: batch.partition, count: poison.length, first: poison[0] });
    }

    const last = batch.messages[batch.messages.length - 1]!.offset;
    resolveOffset(last);
    await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(last) + 1) }]);
    eventsConsumed.inc({ topic: batch.topic }, batch.messages.length);
    consumerLag.set({ topic: batch.topic, partition: String(batch.partition) }, Math.max(0, Number(batch.highWatermark) - Number(last) - 1));
    await heartbeat();
  }

  private async invoke(handler: (data: unknown) => unknown, batch: EventBatch): Promise<BatchOutcome | undefined> {
    const result = await handler(batch);
    return (isObservable(result) ? await lastValueFrom(result, { defaultValue: undefined }) : result) as BatchOutcome | undefined;
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    this.consumer = null;
    this.producer = null;
  }

  on(): never {
    throw new Error('KafkaBatchServer does not emit status events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}
