import type { Db } from 'mongodb';
import { sha256Hex } from '../ids/ids';

/** Ids that name a collection as they are (uuids do). */
const PLAIN_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The collection of one owner's documents (a group's, an endpoint's), `<prefix>_<id>`: so that what
 * the owner's requests read is its own documents, never every owner's (FerretDB scans a collection
 * for any filter but `_id`). A plain id names it as it is; any other by a hash, under a name no
 * plain id can take (plain ids hold no `_`).
 */
export const ownedCollection = (prefix: string, id: string): string =>
  PLAIN_ID.test(id) ? `${prefix}_${id}` : `${prefix}_x_${sha256Hex(id).slice(0, 48)}`;

/** The names of every owner's collection of `prefix`, sorted. */
export async function ownedCollections(db: Db, prefix: string): Promise<string[]> {
  const listed = await db.listCollections({}, { nameOnly: true }).toArray();
  return listed
    .map((c) => c.name)
    .filter((name) => name.startsWith(`${prefix}_`))
    .sort();
}

/** Drops a collection; one already gone is no error. */
export async function dropIfPresent(collection: { drop(): Promise<unknown> }): Promise<void> {
  await collection.drop().catch((error: unknown) => {
    if ((error as { codeName?: string }).codeName !== 'NamespaceNotFound') throw error;
  });
}

/**
 * Empties a collection every owner used to share into the owners' own collections (at an upgrade):
 * its documents go a chunk at a time through `move`, which must be idempotent (after a crash the
 * whole split runs again), then the shared collection is dropped.
 */
export async function splitShared<T>(
  shared: { find(): AsyncIterable<T>; drop(): Promise<unknown> },
  move: (chunk: T[]) => Promise<void>,
  chunkSize = 500,
): Promise<void> {
  let chunk: T[] = [];
  for await (const doc of shared.find()) {
    chunk.push(doc);
    if (chunk.length >= chunkSize) {
      await move(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) await move(chunk);
  await dropIfPresent(shared);
}
