import type { AnyBulkWriteOperation, WithId } from 'mongodb';
import type { DocCache } from './doc-cache';
import { duplicateKeyIndexes } from './mongo';
import { byId, type Shards, type StoredDoc } from './shards';

/** Runs `fn` over items with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

/** One write of a document: a new one (insert) or an existing one (replace), or a removal. */
export type DocWrite = { readonly kind: 'insert' | 'replace'; readonly doc: StoredDoc } | { readonly kind: 'delete'; readonly id: string };

/**
 * FerretDB 1.24 keeps every statement of an `update` command's read cursor open until the command
 * ends, from a pool of 100 SQLite connections per database: a command with ~100 statements (or a
 * few such commands at once) deadlocks. Commands stay small, and writes go one at a time.
 */
const STATEMENTS_PER_COMMAND = 25;
const READ_CONCURRENCY = 16;

/**
 * Reads by `_id` and writes by `_id` over sharded collections: the only operations the read models
 * use. With a cache (the projector's, see doc-cache.ts) reads of documents it knows are answered
 * from memory and every write is remembered.
 */
export class DocStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly shards: Shards,
    private readonly cache?: DocCache,
  ) {}

  async get<T extends StoredDoc>(base: string, ids: Iterable<string>): Promise<Map<string, WithId<T>>> {
    const out = new Map<string, WithId<T>>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.cache?.get(base, id);
      if (cached === undefined) missing.push(id);
      else if (cached !== null) out.set(id, cached as WithId<T>);
    }
    const found = await mapLimit(missing, READ_CONCURRENCY, (id) => this.shards.collection<T>(base, id).findOne(byId<T>(id)));
    missing.forEach((id, i) => {
      const doc = found[i] ?? null;
      this.cache?.set(base, id, doc);
      if (doc) out.set(id, doc);
    });
    return out;
  }

  async getOne<T extends StoredDoc>(base: string, id: string): Promise<WithId<T> | null> {
    const cached = this.cache?.get(base, id);
    if (cached !== undefined) return cached as WithId<T> | null;
    const doc = await this.shards.collection<T>(base, id).findOne(byId<T>(id));
    this.cache?.set(base, id, doc);
    return doc;
  }

  /** Forgets every cached document (a rebalance, a failed batch). */
  forget(): void {
    this.cache?.clear();
  }

  /** Runs `work` after every write queued before it: one command at a time across callers. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Writes in order, one command at a time (serialized across callers of this store). */
  write(base: string, writes: readonly DocWrite[]): Promise<void> {
    return this.serialized(() => this.writeNow(base, writes));
  }

  private async writeNow(base: string, writes: readonly DocWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const byName = new Map<string, DocWrite[]>();
    for (const w of writes) {
      const name = this.shards.name(base, w.kind === 'delete' ? w.id : w.doc._id);
      const list = byName.get(name);
      if (list) list.push(w);
      else byName.set(name, [w]);
    }
    for (const [name, list] of byName) {
      const collection = this.shards.named(name);
      const inserts = list.flatMap((w) => (w.kind === 'insert' ? [w.doc] : []));
      const replaces = list.flatMap((w) => (w.kind === 'replace' ? [w.doc] : []));
      const deletes = list.flatMap((w) => (w.kind === 'delete' ? [w.id] : []));
      if (inserts.length > 0) {
        try {
          await collection.insertMany(inserts, { ordered: false });
        } catch (error) {
          // Already there (a crashed attempt wrote it): replace it instead.
          const dup = duplicateKeyIndexes(error);
          if (dup === null) throw error;
          replaces.push(...dup.map((i) => inserts[i]!));
        }
      }
      for (let i = 0; i < replaces.length; i += STATEMENTS_PER_COMMAND) {
        const ops: AnyBulkWriteOperation<StoredDoc>[] = replaces
          .slice(i, i + STATEMENTS_PER_COMMAND)
          .map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } }));
        await collection.bulkWrite(ops, { ordered: false });
      }
      if (deletes.length > 0) await collection.deleteMany({ _id: { $in: deletes } });
      for (const doc of [...inserts, ...replaces]) this.cache?.set(base, doc._id, doc);
      for (const id of deletes) this.cache?.set(base, id, null);
    }
  }

  /**
   * Inserts `{_id}` claims and returns the ids whose claim is new: proof that no document was ever
   * created under them (every creation claims its id first). Inserts are FerretDB's fast path.
   */
  claim(base: string, ids: readonly string[]): Promise<Set<string>> {
    return this.insertIfAbsent(
      base,
      ids.map((_id) => ({ _id })),
    );
  }

  /** Whether the cache knows this document (present or absent). */
  knows(base: string, id: string): boolean {
    return this.cache?.get(base, id) !== undefined;
  }

  /** Records a document known to be absent (a fresh claim). */
  remember(base: string, id: string, doc: StoredDoc | null): void {
    this.cache?.set(base, id, doc);
  }

  /** Inserts immutable documents; one already stored is left as it is. Returns the ids inserted. */
  insertIfAbsent(base: string, docs: readonly StoredDoc[]): Promise<Set<string>> {
    return this.serialized(async () => {
      const inserted = new Set<string>();
      for (const [name, ids] of this.shards.group(
        base,
        docs.map((d) => d._id),
      )) {
        const wanted = new Set(ids);
        const group = docs.filter((d) => wanted.has(d._id));
        let refused: number[] = [];
        try {
          await this.shards.named(name).insertMany(group, { ordered: false });
        } catch (error) {
          const dup = duplicateKeyIndexes(error);
          if (dup === null) throw error;
          refused = dup;
        }
        const clash = new Set(refused);
        group.forEach((d, i) => clash.has(i) || inserted.add(d._id));
      }
      return inserted;
    });
  }
}
