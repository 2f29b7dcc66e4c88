import { Logger } from '@nestjs/common';
import { hotBytesOf, hotDocOf, type DayLedger, type DocStore, type EventBatch, type TopicBatch } from '@onescale/platform';
import {
  type TOPICS,
  apiCallsProjection,
  batchKeys,
  foldGuarded,
  projectBatch,
  streamKey,
  type ApiCallsDoc,
  type EventEnvelope,
  type MetricsTypes,
  type PositionedEvent,
} from '../ontology';
import { batchSeconds, duplicatesSkipped, eventsProjected, redeliveriesSkipped } from '../metrics.metrics';
import { READ_MODELS } from '../store/collections';
import type { EventLog } from '../store/event-log';
import type { Progress } from '../store/progress';
import { decodeGuarded, encodeGuarded, type StoredGuarded } from '../store/stored-docs';
import type { Loaded, ReadModelWriter, WriteStep } from './read-model-writer';

/** Where a crash drill stops the process: after one of the write steps, or after storing the events. */
export type CrashPoint = WriteStep | 'events' | 'progress';

export interface BatchReport {
  readonly projected: number;
  readonly duplicates: number;
  readonly redelivered: number;
}

const isApiCalls = (e: EventEnvelope): boolean => apiCallsProjection.keysOf(e).length > 0;

/** Both results; on a failure, only once neither is still running (no read lands in the cache after it is forgotten). */
const settledBoth = async <A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> => {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
};

/**
 * Applies one partition's batch exactly once in effect: the event log decides which events are new
 * (event-log.ts), the hot store's day ledger counts them, the pure batch step applies them under position guards (project-batch.ts), the
 * writer stores the result in a crash-safe order, and the partition's progress is recorded last.
 * The caller (the consumer) commits the Kafka offset after this resolves.
 */
export class Projector {
  private readonly log = new Logger('projector');

  constructor(
    private readonly types: MetricsTypes,
    private readonly docs: DocStore,
    private readonly writer: ReadModelWriter,
    private readonly eventLog: EventLog,
    private readonly usageLog: EventLog,
    private readonly ledger: DayLedger,
    private readonly progress: Progress,
    private readonly crash: (point: CrashPoint) => void = () => undefined,
  ) {}

  async onEvents(batch: TopicBatch<typeof TOPICS.events>): Promise<BatchReport> {
    return this.forgettingOnFailure(() => this.eventsBatch(batch));
  }

  async onUsage(batch: TopicBatch<typeof TOPICS.usage>): Promise<BatchReport> {
    return this.forgettingOnFailure(() => this.usageBatch(batch));
  }

  /** A failed batch may have stopped half way through its writes: what the cache remembers is no longer sure. */
  private async forgettingOnFailure<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.docs.forget();
      throw error;
    }
  }

  /** Forgets cached documents (on every rebalance: another process may have written them meanwhile). */
  forget(): void {
    this.docs.forget();
  }

  private async eventsBatch(batch: TopicBatch<typeof TOPICS.events>): Promise<BatchReport> {
    const stop = batchSeconds.startTimer({ topic: 'events' });
    const t0 = performance.now();
    const applied = await this.progress.applied('events', batch.partition);
    // The documents are read while the events are stored (the store's insert and the reads and
    // claims overlap); the load covers every pending event, of which `fresh` is a subset.
    const pending = batch.events.filter((e) => e.offset > applied);
    const [{ fresh, duplicates, redelivered }, loaded] = await settledBoth(
      this.eventLog.append(batch.partition, batch.events, applied),
      pending.length > 0 ? this.writer.load(batchKeys(pending, this.types)) : Promise.resolve(undefined),
    );
    this.log.debug?.({
      msg: 'events stored',
      partition: batch.partition,
      records: batch.events.length,
      fresh: fresh.length,
      storeAndLoadMs: Math.round(performance.now() - t0),
    });
    this.crash('events');
    // The ledger (in the hot store's database) and the read models are independent: both are
    // idempotent for a redelivered batch, so they are written side by side.
    if (fresh.length > 0)
      await settledBoth(
        this.countInLedger(batch.partition, fresh),
        this.applyEvents(streamKey('events', batch.partition), batch.partition, fresh, loaded),
      );
    await this.finish('events', batch, applied);
    stop();
    eventsProjected.inc({ topic: 'events' }, fresh.length);
    duplicatesSkipped.inc({ topic: 'events' }, duplicates);
    redeliveriesSkipped.inc({ topic: 'events' }, redelivered);
    return { projected: fresh.length, duplicates, redelivered };
  }

  /** The per-group day ledger of the hot store (idempotent: it counts each offset once). */
  private async countInLedger(partition: number, fresh: readonly PositionedEvent[]): Promise<void> {
    await this.ledger.record(
      partition,
      fresh.map(({ envelope, offset }) => ({
        groupId: envelope.groupId,
        timestamp: envelope.timestamp,
        offset,
        bytes: hotBytesOf(hotDocOf(envelope, { partition, offset })),
      })),
    );
  }

  /**
   * Applies new events of one stream to the read models (also used by the rebuild). `preloaded`:
   * the documents of these events (or of more), already read by the caller.
   */
  async applyEvents(stream: string, partition: number, events: readonly PositionedEvent[], preloaded?: Loaded): Promise<void> {
    const t0 = performance.now();
    const loaded = preloaded ?? (await this.writer.load(batchKeys(events, this.types)));
    const t1 = performance.now();
    const result = projectBatch(this.types, stream, events, loaded);
    const t2 = performance.now();
    const timings = await this.writer.write(result, loaded, partition, this.crash);
    this.log.debug?.({
      msg: 'batch projected',
      stream,
      events: events.length,
      entities: result.entities.size,
      loadMs: Math.round(t1 - t0),
      projectMs: Math.round(t2 - t1),
      ...timings,
    });
  }

  private async usageBatch(batch: TopicBatch<typeof TOPICS.usage>): Promise<BatchReport> {
    const stop = batchSeconds.startTimer({ topic: 'usage' });
    const applied = await this.progress.applied('usage', batch.partition);
    const { fresh, duplicates, redelivered } = await this.usageLog.append(batch.partition, batch.events, applied, isApiCalls);
    const calls = fresh.filter((e) => isApiCalls(e.envelope));
    if (calls.length > 0) await this.applyUsage(streamKey('usage', batch.partition), calls);
    await this.finish('usage', batch, applied);
    stop();
    eventsProjected.inc({ topic: 'usage' }, calls.length);
    duplicatesSkipped.inc({ topic: 'usage' }, duplicates);
    redeliveriesSkipped.inc({ topic: 'usage' }, redelivered);
    return { projected: calls.length, duplicates, redelivered };
  }

  async applyUsage(stream: string, events: readonly PositionedEvent[]): Promise<void> {
    const keys = [...new Set(events.flatMap((e) => apiCallsProjection.keysOf(e.envelope)))];
    const stored = await this.docs.get<StoredGuarded>(READ_MODELS.apiCalls, keys);
    const loaded = new Map([...stored].map(([id, s]) => [id, decodeGuarded<ApiCallsDoc>(s)]));
    const changed = foldGuarded(apiCallsProjection, loaded, events, stream);
    await this.docs.write(
      READ_MODELS.apiCalls,
      [...changed].map(([id, g]) => ({ kind: loaded.has(id) ? 'replace' : 'insert', doc: encodeGuarded(id, g) })),
    );
  }

  private async finish(topic: 'events' | 'usage', batch: EventBatch, applied: number): Promise<void> {
    const last = batch.events.reduce((max, e) => Math.max(max, e.offset), -1);
    if (last > applied) await this.progress.record(topic, batch.partition, last);
    this.crash('progress');
  }
}
