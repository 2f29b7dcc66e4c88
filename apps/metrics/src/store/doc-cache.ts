import type { Document } from 'mongodb';

/** Rough size of a stored document: its strings dominate (read models keep their JSON as text). */
const sizeOf = (doc: Document | null): number => {
  if (doc === null) return 64;
  let bytes = 64;
  for (const value of Object.values(doc)) bytes += typeof value === 'string' ? value.length : 32;
  return bytes;
};

/**
 * The projector's memory of the documents it read and wrote. The projector is the only writer of
 * its partitions' read models while the consumer group keeps them assigned to this process, so a
 * document it wrote is what the store holds: it need not read it again in the next batch. `null`
 * remembers that a document does not exist. Cleared on every rebalance and after any failed batch
 * (its writes may have stopped half way). Readers never use it.
 */
export class DocCache {
  private readonly entries = new Map<string, { doc: Document | null; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  private key(base: string, id: string): string {
    return `${base}\n${id}`;
  }

  /** The cached document, `null` when known absent, `undefined` when not cached. */
  get(base: string, id: string): Document | null | undefined {
    const key = this.key(base, id);
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit); // most recently used last
    return hit.doc;
  }

  set(base: string, id: string, doc: Document | null): void {
    const key = this.key(base, id);
    const old = this.entries.get(key);
    if (old) this.bytes -= old.bytes;
    this.entries.delete(key);
    const bytes = sizeOf(doc);
    this.entries.set(key, { doc, bytes });
    this.bytes += bytes;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}
