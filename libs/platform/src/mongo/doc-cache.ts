import { LRUCache } from 'lru-cache';
import type { Document } from 'mongodb';

/** Rough size of a stored document: its strings dominate (read models keep their JSON as text). */
const sizeOf = ({ doc }: { doc: Document | null }): number => {
  let bytes = 64;
  if (doc !== null) for (const value of Object.values(doc)) bytes += typeof value === 'string' ? value.length : 32;
  return bytes;
};

/**
 * The projector's memory of the documents it read and wrote. The projector is the only writer of
 * its partitions' read models while the consumer group keeps them assigned to this process, so a
 * document it wrote is what the store holds: it need not read it again in the next batch. `null`
 * remembers that a document does not exist. Cleared on every rebalance and after any failed batch
 * (its writes may have stopped half way). Readers never use it. Bounded by an estimate of its
 * bytes; least recently used documents go first.
 */
export class DocCache {
  private readonly entries: LRUCache<string, { doc: Document | null }>;

  constructor(maxBytes = 256 * 1024 * 1024) {
    this.entries = new LRUCache({ maxSize: maxBytes, sizeCalculation: sizeOf });
  }

  /** The cached document, `null` when known absent, `undefined` when not cached. */
  get(base: string, id: string): Document | null | undefined {
    return this.entries.get(`${base}\n${id}`)?.doc;
  }

  set(base: string, id: string, doc: Document | null): void {
    this.entries.set(`${base}\n${id}`, { doc });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
