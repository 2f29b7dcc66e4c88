import type { Db, MongoClient } from 'mongodb';
import type { EventEnvelope } from '@onescale/ontology';
import { DayLedger, HOT_EVENTS, HotEventStore, hotBytesOf, hotDocOf, hotStoreDbName, type HotEventDoc } from '@onescale/platform';

/** The hot store's database beside a metrics database (the metrics app's default HOT_STORE_DB). */
export const hotDbOf = (db: Db): Db => db.client.db(hotStoreDbName(db.databaseName));

/**
 * Stores `count` events (the i-th is `eventAt(i)`, at offset i of partition 0) as the metrics projector
 * leaves them: in their day partitions of the hot store, counted in the day ledger.
 */
export async function seedHotStore(db: Db, count: number, eventAt: (i: number) => EventEnvelope, batch = 5000): Promise<void> {
  const store = new HotEventStore(db, HOT_EVENTS);
  const ledger = DayLedger.of(db);
  for (let start = 0; start < count; start += batch) {
    const docs: HotEventDoc[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) docs.push(hotDocOf(eventAt(i), { partition: 0, offset: i }));
    await store.insert(docs);
    await ledger.record(
      0,
      docs.map((d) => ({ groupId: d.groupId, timestamp: d.timestamp, offset: d.offset, bytes: hotBytesOf(d) })),
    );
  }
}

/** Drops a benchmark's databases (what is already gone is no error). */
export async function dropDatabases(mongo: MongoClient, names: Iterable<string>): Promise<void> {
  for (const name of names)
    await mongo
      .db(name)
      .dropDatabase()
      .catch(() => undefined);
}
