import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { Partitioners, type Admin, type EachBatchPayload, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { decodeEnvelope, dlqOf, topicNamed, type EventEnvelope, type TopicEvent, type TopicSpec } from '@onescale/ontology';
import { isDependencyUnavailable } from '../http/unavailable';
import { consumerLag, consumerRunning, deadLetters, eventsConsumed } from '../observability/metrics';
import { chunked, type ChunkLimits } from './chunks';
import { ConsumerHealth } from './consumer-health';
import { ConsumerSupervisor } from './consumer-supervisor';
import { LagMonitor } from './lag-monitor';
import { Heartbeats } from './heartbeats';
import { membershipLost } from './membership';

/**
 * What a handler registered with `@EventPattern(<topic name>)` receives: one chunk of one partition's
 * batch, every event decoded and of a type the topic declares (anything else went to the DLQ).
 */
export interface EventBatch<E extends EventEnvelope = EventEnvelope> {
  readonly topic: string;
  readonly partition: number;
  readonly events: ReadonlyArray<{ readonly envelope: E; readonly offset: number }>;
}

/** The batch of a topic of the registry: its events are of the types the topic declares. */
export type TopicBatch<T extends TopicSpec> = EventBatch<TopicEvent<T>>;

/**
 * What a handler of a topic listed in `recordTopics` receives: the chunk's records undecoded (their
 * values are not envelopes), headers as text.
 */
export interface RecordBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: ReadonlyArray<{
    readonly key: string | null;
    readonly value: Buffer | null;
    readonly headers: Readonly<Record<string, string | undefined>>;
    readonly offset: number;
  }>;
}

/** A handler may reject single events as poison; they go to the dead-letter topic and are committed. */
export interface BatchOutcome {
  readonly deadLetters?: ReadonlyArray<{ readonly offset: number; readonly reason: string }>;
}

export interface KafkaBatchServerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly fromBeginning?: boolean;
  /** Topics whose records are handed to their handler as they are (`RecordBatch`), not as envelopes. */
  readonly recordTopics?: readonly string[];
  /**
   * The event types this consumer's handlers apply, for a consumer that ignores most of a topic: a
   * record whose CloudEvents `ce_type` header names another type is committed without being decoded
   * (its handler would only pass it by), which spares the JSON parse and contract check of every
   * other record. A record without the header is decoded (and dead-lettered if need be) as always.
   */
  readonly eventTypes?: (type: string) => boolean;
  readonly maxBytesPerPartition?: number;
  /** The broker evicts a member that has not heartbeaten for this long (kafkajs default 30 s). */
  readonly sessionTimeoutMs?: number;
  /** Work between two commits; heartbeats also go out while a chunk is being handled. */
  readonly chunk?: Partial<ChunkLimits>;
  /** Records waiting and nothing committed for this long makes the consumer not ready. */
  readonly stallMs?: number;
  readonly lagIntervalMs?: number;
  /** Restarts after crashes with no commit in between, before the process gives up. */
  readonly maxRestarts?: number;
  /** Called when the consumer cannot be restarted; by default the process exits non-zero for its supervisor. */
  readonly onFatal?: (error: Error) => void;
  readonly now?: () => number;
  /** Drills only: the first chunk takes this much longer (see CONSUMER_DRILL_SLOW_FIRST_BATCH_MS). */
  readonly slowFirstBatchMs?: number;
  /** Drills only: the handler fails for events whose data contains this text (see CONSUMER_DRILL_POISON_MARKER). */
  readonly poisonMarker?: string;
}

type Handler = (data: unknown) => unknown;

/** Tries of one event, 200 ms then 800 ms apart, before it can be judged poison. */
const POISON_ATTEMPTS = 3;
const DEFAULT_CHUNK: ChunkLimits = { maxMessages: 20_000, maxBytes: 4 * 1024 * 1024 };

/**
 * A `@nestjs/microservices` transport that hands handlers whole chunks of a partition's batch so
 * projections can write in bulk, and keeps its consumer alive:
 * - offsets are committed after each chunk, only once the handler resolved (an infrastructure failure
 *   is retried, never skipped); undecodable messages go to `<topic>.dlq` with the reason and are committed;
 * - heartbeats go out while a chunk is handled, so a slow batch never costs the group membership;
 * - a lost membership (eviction, rebalance) stops the batch at once and the consumer joins again, resuming
 *   from the committed offsets; rebalance listeners forget what they kept of the partitions;
 * - a consumer crash restarts it with backoff; one that cannot be restarted ends the process.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private readonly supervisor: ConsumerSupervisor;
  private producer: Producer | null = null;
  private admin: Admin | null = null;
  private lagMonitor: LagMonitor | null = null;
  private readonly log = new Logger(KafkaBatchServer.name);
  private joined!: () => void;
  private readonly rebalanceListeners: Array<() => void> = [];
  private readonly chunkLimits: ChunkLimits;
  private slowFirstBatchMs: number;
  readonly health: ConsumerHealth;
  /** Resolves once the consumer has joined its group and received its partitions. */
  readonly ready = new Promise<void>((resolve) => (this.joined = resolve));

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
    this.chunkLimits = { ...DEFAULT_CHUNK, ...options.chunk };
    this.slowFirstBatchMs = options.slowFirstBatchMs ?? 0;
    this.health = new ConsumerHealth(options.now ?? Date.now, options.stallMs ?? 60_000);
    this.supervisor = new ConsumerSupervisor({
      kafka: options.kafka,
      groupId: options.groupId,
      topics: () => this.topics(),
      fromBeginning: options.fromBeginning ?? true,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
      maxRestarts: options.maxRestarts ?? 20,
      onFatal: options.onFatal ?? exitProcess,
      eachBatch: (payload) => this.handleBatch(payload),
      onJoin: (assignment) => {
        this.health.assigned(assignment);
        this.joined();
        for (const listener of this.rebalanceListeners) listener();
        void this.lagMonitor?.sample();
      },
      onRunning: (running, reason) => this.setRunning(running, reason),
    });
  }

  /** The name this consumer's readiness check is registered under. */
  get readinessName(): string {
    return `consumer ${this.options.groupId}`;
  }

  /** Rejects with the reason while the consumer is not running, or stalled with records waiting. */
  async checkReady(): Promise<void> {
    const problem = this.health.problem();
    if (problem) throw new Error(problem);
  }

  /**
   * Calls `listener` every time the consumer (re)joins its group: its partitions may have changed
   * and another member may have handled some of them meanwhile.
   */
  onRebalance(listener: () => void): void {
    this.rebalanceListeners.push(listener);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const { kafka, groupId } = this.options;
      this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await this.producer.connect();
      this.admin = kafka.admin();
      await this.admin.connect();
      this.lagMonitor = new LagMonitor(this.admin, groupId, this.health, this.options.lagIntervalMs ?? 10_000);
      await this.supervisor.start();
      this.lagMonitor.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private topics(): string[] {
    return [...this.messageHandlers.keys()];
  }

  private setRunning(running: boolean, reason: string): void {
    if (running) this.health.started();
    else this.health.stopped(reason);
    for (const topic of this.topics()) consumerRunning.set({ topic }, running ? 1 : 0);
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const handler: Handler | null = this.getHandlerByPattern(batch.topic);
    if (!handler) throw new Error(`no handler for topic ${batch.topic}`);

    const beat = new Heartbeats(payload.heartbeat);
    try {
      for (const chunk of chunked(batch.messages, (m) => m.value?.length ?? 0, this.chunkLimits)) {
        if (!isRunning() || isStale()) return;
        beat.throwIfLost();
        await this.handleChunk(handler, payload, chunk, beat);
      }
      beat.throwIfLost();
    } finally {
      beat.stop();
    }
  }

  /**
   * Applies a chunk and commits it. A failure that is not an outage is looked at event by event: an
   * event that fails on its own while the next one applies is poison and goes to the dead-letter
   * topic, so one bad event never stops a partition that other tenants share.
   */
  private async handleChunk(handler: Handler, payload: EachBatchPayload, messages: KafkaMessage[], beat: Heartbeats): Promise<void> {
    try {
      await this.apply(handler, payload, messages);
    } catch (error) {
      if (isDependencyUnavailable(error) || membershipLost(error)) throw error;
      await this.isolate(handler, payload, messages, beat, error);
      return;
    }
    await this.commit(payload, messages, beat);
  }

  private async isolate(
    handler: Handler,
    payload: EachBatchPayload,
    messages: KafkaMessage[],
    beat: Heartbeats,
    cause: unknown,
  ): Promise<void> {
    this.log.warn({
      msg: 'a chunk failed; applying its events one by one',
      topic: payload.batch.topic,
      partition: payload.batch.partition,
      count: messages.length,
      error: describe(cause),
    });
    for (let i = 0; i < messages.length; i++) {
      beat.throwIfLost();
      const message = messages[i]!;
      const failure = await this.attempt(handler, payload, message, POISON_ATTEMPTS);
      if (!failure) {
        await this.commit(payload, [message], beat);
        continue;
      }
      // Only when the next event applies is the failure this event's own; else the cause is shared.
      const next = messages[i + 1];
      if (!next || (await this.attempt(handler, payload, next, 1))) throw failure;
      const reason = `handler failed ${POISON_ATTEMPTS} times while the next event applied: ${describe(failure)}`;
      await this.deadLetter(payload.batch.topic, payload.batch.partition, [message], [{ offset: Number(message.offset), reason }]);
      await this.commit(payload, [message, next], beat);
      i++;
    }
  }

  /** Applies one event up to `attempts` times; answers the last failure, or null once it applied. Outages are thrown. */
  private async attempt(handler: Handler, payload: EachBatchPayload, message: KafkaMessage, attempts: number): Promise<unknown> {
    let failure: unknown = null;
    for (let n = 0; n < attempts; n++) {
      if (n > 0) await sleep(200 * 4 ** (n - 1));
      try {
        await this.apply(handler, payload, [message]);
        return null;
      } catch (error) {
        if (isDependencyUnavailable(error) || membershipLost(error)) throw error;
        failure = error;
      }
    }
    return failure;
  }

  /** Decodes, hands the events to the handler, and sends what is poison to the dead-letter topic. */
  private async apply(handler: Handler, payload: EachBatchPayload, messages: KafkaMessage[]): Promise<void> {
    const { batch } = payload;
    if (this.options.recordTopics?.includes(batch.topic)) {
      const records = messages.map((m) => ({
        key: m.key?.toString() ?? null,
        value: m.value,
        headers: textHeaders(m),
        offset: Number(m.offset),
      }));
      const result = await this.invoke(handler, { topic: batch.topic, partition: batch.partition, records } satisfies RecordBatch);
      if (result?.deadLetters?.length) await this.deadLetter(batch.topic, batch.partition, messages, [...result.deadLetters]);
      return;
    }
    const events: Array<{ envelope: EventEnvelope; offset: number }> = [];
    const poison: Array<{ offset: number; reason: string }> = [];
    const wanted = this.options.eventTypes;
    for (const message of messages) {
      if (wanted) {
        const type = headerText(message, 'ce_type');
        if (type !== undefined && !wanted(type)) continue;
      }
      const decoded = decodeEnvelope(message.value, topicNamed(batch.topic));
      if (decoded.ok) events.push({ envelope: decoded.value, offset: Number(message.offset) });
      else poison.push({ offset: Number(message.offset), reason: decoded.problem.message });
    }
    await this.drillSwitches(events);
    const result = await this.invoke(handler, { topic: batch.topic, partition: batch.partition, events } satisfies EventBatch);
    poison.push(...(result?.deadLetters ?? []));
    if (poison.length > 0) await this.deadLetter(batch.topic, batch.partition, messages, poison);
  }

  /** Commits past `messages`, unless the partition may belong to another member now (then joins again first). */
  private async commit(payload: EachBatchPayload, messages: KafkaMessage[], beat: Heartbeats): Promise<void> {
    const { batch } = payload;
    beat.throwIfLost();
    const last = messages[messages.length - 1]!.offset;
    payload.resolveOffset(last);
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(Number(last) + 1) }] }],
    });
    this.supervisor.progressed();
    this.health.moved();
    eventsConsumed.inc({ topic: batch.topic }, messages.length);
    consumerLag.set(
      { topic: batch.topic, partition: String(batch.partition) },
      Math.max(0, Number(batch.highWatermark) - Number(last) - 1),
    );
    await beat.now();
  }

  /** Drills only: a first chunk slower than the session timeout; events whose data carries a marker fail. */
  private async drillSwitches(events: ReadonlyArray<{ envelope: EventEnvelope }>): Promise<void> {
    if (this.slowFirstBatchMs > 0) {
      const ms = this.slowFirstBatchMs;
      this.slowFirstBatchMs = 0;
      await sleep(ms);
    }
    const marker = this.options.poisonMarker;
    if (marker && events.some((e) => JSON.stringify(e.envelope.data ?? null).includes(marker)))
      throw new Error('drill: an event this consumer cannot apply');
  }

  private async deadLetter(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    poison: Array<{ offset: number; reason: string }>,
  ): Promise<void> {
    const byOffset = new Map(messages.map((m) => [Number(m.offset), m]));
    await this.producer!.send({
      topic: dlqOf(topic),
      acks: -1,
      messages: poison.map(({ offset, reason }) => {
        const original = byOffset.get(offset);
        return {
          key: original?.key ?? null,
          value: original?.value ?? null,
          headers: {
            ...original?.headers,
            'x-dlq-reason': reason,
            'x-dlq-topic': topic,
            'x-dlq-partition': String(partition),
            'x-dlq-offset': String(offset),
          },
        };
      }),
    });
    deadLetters.inc({ topic }, poison.length);
    this.log.warn({ msg: 'messages sent to the dead-letter topic', topic, partition, count: poison.length, first: poison[0] });
  }

  private async invoke(handler: Handler, batch: EventBatch | RecordBatch): Promise<BatchOutcome | undefined> {
    const result = await handler(batch);
    return (isObservable(result) ? await lastValueFrom(result, { defaultValue: undefined }) : result) as BatchOutcome | undefined;
  }

  async close(): Promise<void> {
    this.lagMonitor?.stop();
    await this.supervisor.close();
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.producer = null;
    this.admin = null;
  }

  on(): never {
    throw new Error('KafkaBatchServer does not emit status events');
  }

  unwrap<T>(): T {
    return this.supervisor.current() as T;
  }
}

/** A record's header as text (the first value of a repeated header). */
const headerText = (m: KafkaMessage, name: string): string | undefined => {
  const value = m.headers?.[name];
  return (Array.isArray(value) ? value[0] : value)?.toString();
};

/** A record's headers as text. */
const textHeaders = (m: KafkaMessage): Record<string, string | undefined> =>
  Object.fromEntries(Object.keys(m.headers ?? {}).map((name) => [name, headerText(m, name)] as const));

const describe = (error: unknown): string => (error instanceof Error ? error.message : (JSON.stringify(error) ?? String(error)));

function exitProcess(error: Error): void {
  process.stderr.write(`fatal: a Kafka consumer could not be restarted: ${error.message}\n`);
  process.exit(1);
}
