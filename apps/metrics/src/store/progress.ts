import type { Collection } from 'mongodb';

interface ProgressDoc {
  _id: string;
  topic: string;
  partition: number;
  offset: number;
  at: number;
}

/**
 * The last offset of each partition whose batch is fully projected (one small document per
 * partition and topic, written by the partition's only consumer after its read models). Reads
 * compare `minPosition` with it; the projector skips anything at or below it.
 */
export class Progress {
  private readonly listeners: Array<(topic: string, partition: number, offset: number) => void> = [];

  constructor(private readonly collection: Collection<ProgressDoc>) {}

  /** Called after each recorded offset of this process (reads waiting for it need not poll). */
  onRecord(listener: (topic: string, partition: number, offset: number) => void): void {
    this.listeners.push(listener);
  }

  async applied(topic: string, partition: number): Promise<number> {
    const doc = await this.collection.findOne({ _id: `${topic}-${partition}` });
    return doc?.offset ?? -1;
  }

  async record(topic: string, partition: number, offset: number): Promise<void> {
    const doc: ProgressDoc = { _id: `${topic}-${partition}`, topic, partition, offset, at: Date.now() };
    await this.collection.replaceOne({ _id: doc._id }, doc, { upsert: true });
    for (const listener of this.listeners) listener(topic, partition, offset);
  }
}
