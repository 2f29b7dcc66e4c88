import { Logger } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { TOPICS } from '../ontology';
import { projectionLag } from '../metrics.metrics';
import type { Progress } from '../store/progress';
import { ProgressWatch } from './progress-watch';

/**
 * What every read reports about the projection it was served from (added as `_meta`):
 * - `position`: the last offset of the group's partition applied to the read models;
 * - `lag`: records of that partition the consumer has not processed yet (high watermark − the
 *   later of position + 1 and the committed offset; both offsets cached for about a second);
 * A read whose `minPosition` is not reached within READ_WAIT_MS gets no `_meta`: it is answered
 * 503 `projection_behind` with the lag instead (metrics-reads.ts), never with a stale answer.
 */
export interface ReadMeta {
  readonly position: number | null;
  readonly partition: number | null;
  readonly lag: number | null;
}

const WATERMARK_TTL_MS = 1000;
const POLL_MS = 20;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Freshness {
  private admin: Admin | null = null;
  private watermarks: Map<number, number> = new Map();
  /** The consumer group's committed offsets: a partition whose events are all someone else's has no progress document. */
  private committed: Map<number, number> = new Map();
  private fetchedAt = 0;
  private fetchStartedAt = 0;
  private fetching: Promise<void> | null = null;
  private readonly log = new Logger('freshness');

  private readonly watch: ProgressWatch;

  constructor(
    private readonly kafka: Kafka,
    private readonly progress: Progress,
    private readonly waitMs: number,
    private readonly consumerGroup: string,
  ) {
    this.watch = new ProgressWatch(progress);
  }

  /** High watermarks of the events topic, refreshed in the background once they are older than a second. */
  private async highWatermarks(): Promise<Map<number, number>> {
    if (Date.now() - this.fetchedAt > WATERMARK_TTL_MS) {
      const fetching = this.fetching ?? this.startFetch();
      if (this.fetchedAt === 0) await fetching;
    }
    return this.watermarks;
  }

  private startFetch(): Promise<void> {
    this.fetchStartedAt = Date.now();
    this.fetching = this.fetchWatermarks().finally(() => (this.fetching = null));
    return this.fetching;
  }

  /** Watermarks read after `since`: a fetch already under way counts only if it began after it. */
  private async watermarksSince(since: number): Promise<Map<number, number>> {
    if (this.fetching && this.fetchStartedAt < since) await this.fetching;
    await (this.fetching ?? (this.fetchStartedAt >= since ? Promise.resolve() : this.startFetch()));
    return this.watermarks;
  }

  /**
   * Whether `minPosition` exists yet: below the end of the group's partition, or of any partition
   * while the group's is unknown. Cached watermarks answer yes at once; a no is checked against
   * watermarks fetched after the read arrived, so a write answered a moment ago is never refused.
   * Unknown watermarks (Kafka unreachable) are no reason to refuse.
   */
  async inRange(minPosition: number, partition: number | undefined): Promise<boolean> {
    const since = Date.now();
    const below = (watermarks: Map<number, number>): boolean => {
      const ends =
        partition === undefined ? [...watermarks.values()] : [watermarks.get(partition)].filter((h): h is number => h !== undefined);
      return ends.length === 0 || ends.some((high) => minPosition < high);
    };
    return below(await this.highWatermarks()) || below(await this.watermarksSince(since));
  }

  private async fetchWatermarks(): Promise<void> {
    try {
      if (this.admin === null) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      const [offsets, [committed]] = await Promise.all([
        this.admin.fetchTopicOffsets(TOPICS.events.name),
        this.admin.fetchOffsets({ groupId: this.consumerGroup, topics: [TOPICS.events.name] }),
      ]);
      this.watermarks = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
      this.committed = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      this.fetchedAt = Date.now();
    } catch (error) {
      this.log.warn({ msg: 'could not read the high watermarks', error: (error as Error).message });
      this.fetchedAt = Date.now(); // retry after the TTL, not on every read
    }
  }

  async meta(partition: number | undefined, atLeast = -1): Promise<ReadMeta> {
    if (partition === undefined) return { position: null, partition: null, lag: null };
    return this.metaAt(partition, await this.applied(partition, atLeast));
  }

  /**
   * What a read that gave up waiting reports: its partition's `_meta`, or while the group's
   * partition is not known yet (its creation is not projected) the largest lag of any partition.
   */
  async behind(partition: number | undefined): Promise<ReadMeta> {
    if (partition !== undefined) return this.meta(partition);
    const metas = await Promise.all([...(await this.highWatermarks()).keys()].map((p) => this.meta(p)));
    const lags = metas.map((m) => m.lag).filter((lag): lag is number => lag !== null);
    return { position: null, partition: null, lag: lags.length === 0 ? null : Math.max(...lags) };
  }

  /**
   * The partition's applied offset (-1 before its first batch), at least `atLeast` when that is
   * already applied: from memory when this process projects the partition (store/progress.ts).
   */
  applied(partition: number, atLeast = -1): Promise<number> {
    return this.progress.current('events', partition, atLeast);
  }

  /** The applied offset of a usage partition this process projects (from memory); undefined for any other. */
  usageApplied(partition: number): Promise<number | undefined> {
    return this.progress.owned('usage', partition);
  }

  /** `_meta` for a position the caller already read. */
  async metaAt(partition: number, position: number): Promise<ReadMeta> {
    const watermarks = await this.highWatermarks();
    const high = watermarks.get(partition);
    const done = Math.max(position + 1, this.committed.get(partition) ?? 0);
    const lag = high === undefined ? null : Math.max(0, high - done);
    if (lag !== null) projectionLag.set({ partition: String(partition) }, lag);
    return { position: position < 0 ? null : position, partition, lag };
  }

  /**
   * Waits (at most READ_WAIT_MS) until the partition of the group has been applied up to
   * `minPosition`, on the partition's shared watcher (progress-watch.ts). `partitionOf` reads the
   * group's partition, which is known once any of the group's events was projected (a group created
   * just now has none yet: its creation is what we wait for, polling its document).
   */
  waitFor(minPosition: number, partitionOf: () => Promise<number | undefined>): Promise<boolean> {
    return this.waitOn(Date.now() + this.waitMs, partitionOf, () => minPosition);
  }

  /** Waits for the position `target` names in the group's partition once it is known (null: nothing to wait for). */
  private async waitOn(
    deadline: number,
    partitionOf: () => Promise<number | undefined>,
    target: (partition: number) => number | null,
  ): Promise<boolean> {
    for (;;) {
      const partition = await partitionOf();
      if (partition !== undefined) {
        const position = target(partition);
        return position === null || this.watch.until(partition, position, deadline);
      }
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
    }
  }

  /**
   * Waits (at most READ_WAIT_MS) until the group's partition has been applied up to every record it
   * held when this call began, so anything written before it is in the read models. False when the
   * wait ran out first; true at once when the partition's end is unknown (Kafka unreachable).
   */
  async caughtUp(partitionOf: () => Promise<number | undefined>): Promise<boolean> {
    const since = Date.now();
    const watermarks = await this.watermarksSince(since);
    return this.waitOn(since + this.waitMs, partitionOf, (partition) => {
      const high = watermarks.get(partition);
      return high === undefined || (this.committed.get(partition) ?? 0) >= high ? null : high - 1;
    });
  }

  /** Updates the lag gauge of every partition (after each projected batch). */
  async refreshLag(): Promise<void> {
    const watermarks = await this.highWatermarks();
    await Promise.all([...watermarks.keys()].map((p) => this.meta(p)));
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
