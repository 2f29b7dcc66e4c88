import mongoose, { type Connection } from 'mongoose';

/**
 * One mongoose connection per app, to the app's own database. The code relies only on what both
 * MongoDB 8 and FerretDB 1.24 support: single-document atomicity, unique and compound indexes,
 * upserts, findOneAndUpdate, bulkWrite and simple aggregations.
 */
export async function connectMongo(uri: string, dbName: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: 5000,
    maxPoolSize: 20,
  });
  await connection.asPromise();
  return connection;
}

export async function pingMongo(connection: Connection): Promise<boolean> {
  const reply = await connection.db!.command({ ping: 1 });
  return reply.ok === 1;
}

/** True when a driver error is a duplicate key (E11000). */
export const isDuplicateKey = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { code?: number }).code === 11000 || /E11000|duplicate key/i.test(String((error as Error).message)));

/**
 * The input positions an unordered bulk insert refused as duplicates, or null when the error is
 * anything else (also when some of its write errors are not duplicates).
 */
export const duplicateKeyIndexes = (error: unknown): number[] | null => {
  if (!isDuplicateKey(error)) return null;
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{ index: number; code?: number }>;
  if (list.length === 0 || list.some((e) => e.code !== 11000)) return null;
  return list.map((e) => e.index);
};

/** Inserts rows; rows a previous attempt of the same request already wrote are kept as they are. */
export async function insertAll<T extends { _id: string }>(
  collection: { insertMany(docs: T[], options: { ordered: boolean }): Promise<unknown> },
  rows: T[],
): Promise<void> {
  if (rows.length === 0) return;
  try {
    await collection.insertMany(rows, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
    const all = Array.isArray(writeErrors) ? writeErrors : [error];
    if (!all.every((e) => isDuplicateKey(e))) throw error;
  }
}
