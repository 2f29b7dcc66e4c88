import type { Clock } from '@onescale/ontology';
import type { Caller } from './caller';

/** How long a key found unknown or revoked is answered 401 without asking the database again. */
export const MISS_TTL_MS = 60_000;

/**
 * Valid keys by hash, so most requests skip the database. Revocation evicts at once in this process
 * (and a watcher evicts keys revoked through other processes). A lookup that started before an
 * eviction must not put back what the eviction removed: `begin()` hands out a ticket and `store()`
 * ignores tickets older than the last eviction.
 *
 * Misses (unknown or revoked keys) are remembered for a minute too, so a client retrying a bad key
 * in a loop costs no lookups. A key is 256 random bits: one issued after its hash was missed is not
 * a case to design for.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { caller: Caller; at: number }>();
  private readonly misses = new Map<string, number>();
  private evictions = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
    private readonly missTtlMs = MISS_TTL_MS,
  ) {}

  /** Whether this hash was found to be no valid key within the last minute. */
  missed(hash: string): boolean {
    const at = this.misses.get(hash);
    if (at === undefined) return false;
    if (this.clock() - at < this.missTtlMs) return true;
    this.misses.delete(hash);
    return false;
  }

  storeMiss(hash: string): void {
    if (this.misses.size >= this.maxEntries) this.misses.delete(this.misses.keys().next().value!);
    this.misses.set(hash, this.clock());
  }

  get(hash: string): Caller | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (this.clock() - entry.at >= this.ttlMs) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.caller;
  }

  begin(): number {
    return this.evictions;
  }

  store(ticket: number, hash: string, caller: Caller): void {
    if (this.ttlMs <= 0 || ticket !== this.evictions) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, { caller, at: this.clock() });
  }

  evict(hash: string): void {
    this.evictions += 1;
    this.entries.delete(hash);
  }
}
