import type { Clock } from '@onescale/ontology';
import type { Caller } from './caller';

/**
 * Valid keys by hash, so most requests skip the database. Revocation evicts at once in this process
 * (and a watcher evicts keys revoked through other processes). A lookup that started before an
 * eviction must not put back what the eviction removed: `begin()` hands out a ticket and `store()`
 * ignores tickets older than the last eviction.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { caller: Caller; at: number }>();
  private evictions = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

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
