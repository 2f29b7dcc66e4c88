import type { Collection } from 'mongodb';

interface ProgressDoc {
  _id: string;
  topic: string;
  partition: number;
  offset: number;
  at: number;
}

/** How long an offset this process holds for a partition it consumes is trusted without the database. */
export const PROGRESS_TRUST_MS = 1000;

/**
 * The last offset of each partition whose batch is fully projected (one small document per
 * partition and topic, written by the partition's only consumer after its read models). Reads
 * compare `minPosition` with it; the projector skips anything at or below it.
 *
 * A process that consumes a partition is the only one that moves its offset, so it knows the offset
 * without asking the database: `current` answers from memory for the partitions `owns` names. What
 * it holds is trusted for PROGRESS_TRUST_MS after it was written or read, then read again; a
 * rebalance forgets it all (another member may have moved the offsets meanwhile). A member that lost
 * its partitions without knowing it yet therefore answers at most that long from an old offset.
 */
export class Progress {
  private readonly listeners: Array<(topic: string, partition: number, offset: number) => void> = [];
  private readonly held = new Map<string, { offset: number; at: number }>();
  private owns: (topic: string, partition: number) => boolean = () => false;

  constructor(
    private readonly collection: Collection<ProgressDoc>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called after each recorded offset of this process (reads waiting for it need not poll). */
  onRecord(listener: (topic: string, partition: number, offset: number) => void): void {
    this.listeners.push(listener);
  }

  /** Which partitions this process consumes now (its consumer's assignment while it runs). */
  ownedBy(owns: (topic: string, partition: number) => boolean): void {
    this.owns = owns;
    this.held.clear();
  }

  /** Forgets every offset held (on every rebalance). */
  forget(): void {
    this.held.clear();
  }

  /** The offset as stored (-1 before the partition's first batch). */
  async applied(topic: string, partition: number): Promise<number> {
    const doc = await this.collection.findOne({ _id: `${topic}-${partition}` });
    const offset = doc?.offset ?? -1;
    this.hold(topic, partition, offset);
    return offset;
  }

  /**
   * The offset for a read: from memory when this process consumes the partition, holds an offset
   * confirmed within PROGRESS_TRUST_MS and at least `atLeast`; from the database otherwise.
   */
  current(topic: string, partition: number, atLeast = -1): Promise<number> {
    const held = this.heldOffset(topic, partition);
    return held !== undefined && held >= atLeast ? Promise.resolve(held) : this.applied(topic, partition);
  }

  /** The offset of a partition this process consumes (as `current`); undefined, without a database read, for any other. */
  owned(topic: string, partition: number): Promise<number | undefined> {
    return this.owns(topic, partition) ? this.current(topic, partition) : Promise.resolve(undefined);
  }

  private heldOffset(topic: string, partition: number): number | undefined {
    const held = this.owns(topic, partition) ? this.held.get(`${topic}-${partition}`) : undefined;
    return held !== undefined && this.now() - held.at < PROGRESS_TRUST_MS ? held.offset : undefined;
  }

  async record(topic: string, partition: number, offset: number): Promise<void> {
    const doc: ProgressDoc = { _id: `${topic}-${partition}`, topic, partition, offset, at: Date.now() };
    await this.collection.replaceOne({ _id: doc._id }, doc, { upsert: true });
    this.hold(topic, partition, offset);
    for (const listener of this.listeners) listener(topic, partition, offset);
  }

  /** Offsets only grow: a read that overlapped a record of this process never takes it back. */
  private hold(topic: string, partition: number, offset: number): void {
    if (!this.owns(topic, partition)) return;
    const key = `${topic}-${partition}`;
    this.held.set(key, { offset: Math.max(offset, this.held.get(key)?.offset ?? -1), at: this.now() });
  }
}
