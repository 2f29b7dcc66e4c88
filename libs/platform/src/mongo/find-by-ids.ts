import type { Collection, WithId } from 'mongodb';
import { mapLimit } from './doc-store';
import { byId, type StoredDoc } from './shards';

/** Lookups in flight at once: well inside FerretDB's pool of SQLite connections per database. */
const LOOKUPS_IN_FLIGHT = 16;

/**
 * Documents by `_id`, one lookup each, a bounded number at a time: never a `$in`, which FerretDB
 * answers by scanning the whole collection (every tenant's documents). Absent ids are left out.
 */
export async function findByIds<T extends StoredDoc>(collection: Collection<T>, ids: Iterable<string>): Promise<Map<string, WithId<T>>> {
  const unique = [...new Set(ids)];
  const docs = await mapLimit(unique, LOOKUPS_IN_FLIGHT, (id) => collection.findOne(byId<T>(id)));
  const found = new Map<string, WithId<T>>();
  docs.forEach((doc, i) => doc && found.set(unique[i]!, doc));
  return found;
}
