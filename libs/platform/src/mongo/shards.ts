import type { Collection, Db, Document, Filter } from 'mongodb';

/** A document addressed by a text `_id`, the only key the sharded stores look documents up by. */
export type StoredDoc = Document & { _id: string };

/** The filter of one document by `_id`, for a collection of any StoredDoc type. */
export const byId = <T extends StoredDoc>(id: string): Filter<T> => ({ _id: id }) as Filter<T>;

/** The filter of the documents with any of these `_id`s (FerretDB scans for it: deletions only). */
export const byIds = <T extends StoredDoc>(ids: readonly string[]): Filter<T> => ({ _id: { $in: [...ids] } }) as Filter<T>;

/** FNV-1a: a fast, stable hash of an `_id` (the same in every process and every run). */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
};

/**
 * The collections of one read model, split by a hash of `_id` when `count` > 1 (`things_07`).
 * FerretDB 1.24 on SQLite never uses its own `_id` index, so a lookup or an update scans the table
 * and costs in proportion to its size; many small tables keep both fast there. The local FerretDB
 * (tools/infra/ferretdb) replaces that index with one its lookups use, so one table (the default) is
 * enough on it, as on MongoDB.
 * `prefix` names a parallel set of collections (the rebuild writes `rebuild_…`).
 */
export class Shards {
  constructor(
    private readonly db: Db,
    readonly count: number,
    readonly prefix = '',
  ) {}

  name(base: string, id: string): string {
    return this.count <= 1 ? `${this.prefix}${base}` : `${this.prefix}${base}_${String(fnv1a(id) % this.count).padStart(2, '0')}`;
  }

  collection<T extends StoredDoc = StoredDoc>(base: string, id: string): Collection<T> {
    return this.db.collection<T>(this.name(base, id));
  }

  /** A collection by its full name (one of `name`'s answers). */
  named(name: string): Collection<StoredDoc> {
    return this.db.collection<StoredDoc>(name);
  }

  /** Every collection of a read model. */
  all<T extends StoredDoc = StoredDoc>(base: string): Array<Collection<T>> {
    const names =
      this.count <= 1
        ? [`${this.prefix}${base}`]
        : Array.from({ length: this.count }, (_, n) => `${this.prefix}${base}_${String(n).padStart(2, '0')}`);
    return names.map((n) => this.db.collection<T>(n));
  }

  /** Ids grouped by the collection they live in. */
  group(base: string, ids: Iterable<string>): Map<string, string[]> {
    const byName = new Map<string, string[]>();
    for (const id of ids) {
      const name = this.name(base, id);
      const list = byName.get(name);
      if (list) list.push(id);
      else byName.set(name, [id]);
    }
    return byName;
  }
}
