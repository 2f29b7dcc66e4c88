import { LRUCache } from 'lru-cache';

/**
 * What a read route loaded, kept with the applied offset of the group's partition read BEFORE the
 * load (its stamp). Read models of a partition change only while a batch of that partition is
 * written, and a batch's progress is recorded after its writes: as long as the partition's applied
 * offset still equals the stamp, the kept documents show the state at (or after) that offset, the
 * same that reading them again would show. A new stamp makes the entry a miss, so a read never
 * reports a position newer than what it serves. Bounded; least recently used entries go first; a
 * bound of 0 keeps nothing.
 */
export class ReadCache {
  private readonly entries: LRUCache<string, { stamp: number; value: unknown }> | null;

  constructor(maxEntries = 5000) {
    this.entries = maxEntries > 0 ? new LRUCache({ max: maxEntries }) : null;
  }

  get<T>(key: string, stamp: number): T | undefined {
    const hit = this.entries?.get(key);
    return hit?.stamp === stamp ? (hit.value as T) : undefined;
  }

  set(key: string, stamp: number, value: unknown): void {
    this.entries?.set(key, { stamp, value });
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }
}
