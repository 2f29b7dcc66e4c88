import type { Collection, Filter } from 'mongodb';
import { isDuplicateKey } from './mongo';
import { byId, byIds } from './shards';

export interface LogEntry<S> {
  _id: string;
  key: string;
  seq: number;
  state: S;
  at: number;
}

interface HeadHint {
  _id: string;
  key: string;
  seq: number;
}

export interface Appended<S> {
  readonly state: S;
  readonly seq: number;
  /** False when the change function declined (returned null): nothing was written. */
  readonly changed: boolean;
}

const entryId = (key: string, seq: number): string => `${key}#${seq.toString().padStart(12, '0')}`;
const headId = (key: string): string => `${key}#head`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A linearizable state per key, built only on unique inserts.
 *
 * FerretDB 1.x applies every update as read, modify in memory, write back, without isolation:
 * concurrent `$inc`s lose increments and a version-checked `findOneAndUpdate` can let several
 * writers win. The one write it makes atomic is an insert under a unique `_id`. So each change
 * appends the next state as entry `seq + 1`: of two writers that read the same state, exactly one
 * insert succeeds and the other re-reads and tries again. The same code is correct on MongoDB.
 */
export class AppendLog<S> {
  /** The newest sequence this process has seen per key: where the next lookup starts. */
  private readonly known = new Map<string, number>();

  /** The same collection seen as the head hints it also holds (`<key>#head`: the newest seq written). */
  private readonly hints: Collection<HeadHint>;

  constructor(
    private readonly collection: Collection<LogEntry<S>>,
    private readonly now: () => number = Date.now,
  ) {
    this.hints = collection.db.collection<HeadHint>(collection.collectionName);
  }

  private ofKey(key: string): Filter<LogEntry<S>> {
    return { key } as Filter<LogEntry<S>>;
  }

  /** Kept for symmetry with other stores: every lookup here is by `_id`, which needs no index. */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ key: 1, seq: -1 });
  }

  /**
   * The newest entry of a key, found by `_id` lookups only: FerretDB pushes nothing but an exact `_id`
   * match down to its storage, so a query on `key` would scan the whole collection. Entries of a key are
   * contiguous (entry n+1 is only written after n was read), so the newest one is found by probing
   * forward from the last sequence this process saw, or from the key's head hint.
   */
  async latest(key: string): Promise<{ state: S; seq: number } | null> {
    let seq = this.known.get(key) ?? (await this.headHint(key));
    let entry: LogEntry<S> | null = seq > 0 ? await this.collection.findOne(byId<LogEntry<S>>(entryId(key, seq))) : null;
    if (seq > 0 && !entry) {
      // The hint pointed at a pruned or missing entry: fall back to the full lookup.
      const [newest] = await this.collection.find(this.ofKey(key)).sort({ seq: -1 }).limit(1).toArray();
      entry = newest ?? null;
      seq = entry?.seq ?? 0;
    }
    for (;;) {
      const next = await this.collection.findOne(byId<LogEntry<S>>(entryId(key, seq + 1)));
      if (!next) break;
      entry = next;
      seq = next.seq;
    }
    if (entry) this.known.set(key, entry.seq);
    return entry ? { state: entry.state, seq: entry.seq } : null;
  }

  private async headHint(key: string): Promise<number> {
    const head = await this.collection.findOne(byId<LogEntry<S>>(headId(key)));
    return head?.seq ?? 0;
  }

  /** Latest states of many keys at once (one query per key, run together). */
  async latestOf(keys: readonly string[]): Promise<Map<string, { state: S; seq: number }>> {
    const found = await Promise.all(keys.map(async (key) => [key, await this.latest(key)] as const));
    return new Map(found.filter((f): f is readonly [string, { state: S; seq: number }] => f[1] !== null));
  }

  /**
   * Applies `change` to the latest state (or `initial`) and appends the result. `change` must be a
   * pure function of the state it is given: it runs again after losing a race.
   */
  async update(key: string, initial: S, change: (state: S) => S | null, maxAttempts = 10_000): Promise<Appended<S>> {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const current = await this.latest(key);
      const state = current?.state ?? initial;
      const seq = current?.seq ?? 0;
      const next = change(state);
      if (next === null) return { state, seq, changed: false };
      try {
        await this.collection.insertOne({ _id: entryId(key, seq + 1), key, seq: seq + 1, state: next, at: this.now() } as LogEntry<S>);
        this.known.set(key, seq + 1);
        // Best effort: a stale hint only costs extra probes, never a wrong answer.
        await this.hints.replaceOne({ _id: headId(key) }, { key: `${key}#head`, seq: seq + 1 }, { upsert: true }).catch(() => undefined);
        return { state: next, seq: seq + 1, changed: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another writer appended first: back off a little (randomised, growing) and re-read.
        await sleep(Math.random() * Math.min(25, 1 + attempt));
      }
    }
    throw new Error(`could not append to ${key} after ${maxAttempts} attempts`);
  }

  /**
   * `update` starting from a head the caller already holds (the state it last read or appended),
   * without reading first: on FerretDB every query scans the whole collection, while an insert only
   * probes the unique index. A stale head makes the insert collide, and the call goes on as `update`
   * (read, retry). A declining `change` is judged on the head as given. Safe only while `head` is
   * younger than anything `pruneAll` may delete (a pruned `seq + 1` could otherwise be inserted again).
   */
  async updateFrom(
    key: string,
    head: { readonly state: S; readonly seq: number },
    initial: S,
    change: (state: S) => S | null,
    maxAttempts = 10_000,
  ): Promise<Appended<S>> {
    const next = change(head.state);
    if (next === null) return { state: head.state, seq: head.seq, changed: false };
    try {
      await this.collection.insertOne({
        _id: entryId(key, head.seq + 1),
        key,
        seq: head.seq + 1,
        state: next,
        at: this.now(),
      } as LogEntry<S>);
      this.known.set(key, Math.max(this.known.get(key) ?? 0, head.seq + 1));
      return { state: next, seq: head.seq + 1, changed: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return this.update(key, initial, change, maxAttempts);
    }
  }

  /** The latest state of every key, in one pass over the log (start-up, periodic refresh, audits). */
  async latestAll(): Promise<Map<string, { state: S; seq: number }>> {
    const latest = new Map<string, { state: S; seq: number }>();
    for await (const entry of this.collection.find({})) {
      if (typeof entry.seq !== 'number' || entry.state === undefined) continue; // a head hint, not an entry
      const known = latest.get(entry.key);
      if (!known || entry.seq > known.seq) latest.set(entry.key, { state: entry.state, seq: entry.seq });
    }
    return latest;
  }

  /**
   * Drops, in one pass, every entry older than `olderThan` (epoch ms) that is not among the newest
   * `keep` of its key; keys that `collapse` names (closed periods, say) keep only their latest entry.
   * Returns how many entries were deleted.
   */
  async pruneAll(keep: number, olderThan: number, collapse: (key: string) => boolean = () => false): Promise<number> {
    const entries: Array<{ _id: string; key: string; seq: number; at: number }> = [];
    const newest = new Map<string, number>();
    for await (const e of this.collection.find({}, { projection: { key: 1, seq: 1, at: 1 } })) {
      if (typeof e.seq !== 'number' || typeof e.at !== 'number') continue; // a head hint, not an entry
      entries.push(e as { _id: string; key: string; seq: number; at: number });
      newest.set(e.key, Math.max(newest.get(e.key) ?? 0, e.seq));
    }
    const doomed = entries
      .filter((e) => e.at < olderThan && (e.seq <= newest.get(e.key)! - keep || (collapse(e.key) && e.seq < newest.get(e.key)!)))
      .map((e) => e._id);
    let deleted = 0;
    for (let i = 0; i < doomed.length; i += 1000) {
      deleted += (await this.collection.deleteMany(byIds<LogEntry<S>>(doomed.slice(i, i + 1000)))).deletedCount;
    }
    return deleted;
  }

  /** Drops all but the newest `keep` entries of a key (history is only kept for diagnosis). */
  async prune(key: string, keep = 20): Promise<number> {
    const current = await this.latest(key);
    if (!current || current.seq <= keep) return 0;
    const result = await this.collection.deleteMany({ ...this.ofKey(key), seq: { $lte: current.seq - keep } });
    return result.deletedCount;
  }
}
