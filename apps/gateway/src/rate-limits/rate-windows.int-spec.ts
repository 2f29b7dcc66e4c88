import type { Connection } from 'mongoose';
import { connectMongo } from '@onescale/platform';
import { testEnv } from '../../../../test/support/env';
import { RateWindowsRepository } from './rate-windows.repository';

// The shared window counters on the real FerretDB: two repositories (two gateway processes, each
// with its own connection and its own idea of where the free slots begin) race for one window.
describe('rate windows on FerretDB', () => {
  const database = `gateway_rate_windows_${Date.now()}`;
  let connections: Connection[];
  let stores: RateWindowsRepository[];

  beforeAll(async () => {
    connections = await Promise.all([connectMongo(testEnv.mongoUri, database), connectMongo(testEnv.mongoUri, database)]);
    stores = connections.map((c) => new RateWindowsRepository(c));
  });
  afterAll(async () => {
    await connections[0]!.dropDatabase();
    await Promise.all(connections.map((c) => c.close()));
  });

  it('given 60 concurrent takes from two processes, then exactly the limit of 25 succeed', async () => {
    const start = Date.now();
    const taken = await Promise.all(
      Array.from({ length: 60 }, (_, i) => stores[i % 2]!.take('key-a', 'minute', start, start + 60_000, 25)),
    );
    expect(taken.filter(Boolean)).toHaveLength(25);
    expect(await connections[0]!.db!.collection('rate_slots').countDocuments({})).toBe(25);
  });

  it('keeps windows and keys apart', async () => {
    const start = Date.now();
    const take = (store: RateWindowsRepository, key: string, windowStart: number) =>
      store.take(key, 'second', windowStart, windowStart + 1000, 1);
    expect(await take(stores[0]!, 'key-b', start)).toBe(true);
    expect(await take(stores[1]!, 'key-b', start)).toBe(false);
    expect(await take(stores[1]!, 'key-b', start + 1000)).toBe(true);
    expect(await take(stores[1]!, 'key-c', start)).toBe(true);
  });
});
