import type { Connection } from 'mongoose';
import { connectMongo } from '@onescale/platform';
import { testEnv } from '../../../../test/support/env';
import { windowsAt } from './rate-window';
import { RateWindowsRepository } from './rate-windows.repository';

// The shared window counters on the real FerretDB: two repositories (two gateway processes, each
// with its own connection and its own slot numbers) race for the same windows.
describe('rate windows on FerretDB', () => {
  const database = `gateway_rate_windows_${Date.now()}`;
  /** A fixed time, 10 s into a minute: every window below is decided, whatever the clock says. */
  const at = Date.UTC(2026, 0, 1, 12, 0, 10, 500);
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

  /** Admitted requests of `n` concurrent ones, alternating between the two processes. */
  const race = async (key: string, n: number, limit: { perSecond?: number; perMinute?: number }, at: number): Promise<number> => {
    const windows = windowsAt(limit, at);
    const full = await Promise.all(Array.from({ length: n }, (_, i) => stores[i % 2]!.take(key, windows)));
    return full.filter((w) => w === null).length;
  };

  it('given 60 concurrent requests from two processes, then exactly the limit of 25 is admitted', async () => {
    expect(await race('key-a', 60, { perMinute: 25 }, at)).toBe(25);
    expect(await connections[0]!.db!.collection('rate_slots').countDocuments({})).toBe(25);
  });

  it('given both windows, then the tighter one decides, exactly', async () => {
    expect(await race('key-b', 60, { perSecond: 20, perMinute: 45 }, at)).toBe(20);
    expect(await race('key-c', 60, { perSecond: 100, perMinute: 15 }, at)).toBe(15);
    // key-b's minute still has 25 slots: a later second admits up to its own limit again
    expect(await race('key-b', 30, { perSecond: 20, perMinute: 45 }, at + 1000)).toBe(20);
    expect(await race('key-b', 30, { perSecond: 20, perMinute: 45 }, at + 2000)).toBe(5);
  });

  it('answers the window that is full, and keeps keys apart', async () => {
    const windows = windowsAt({ perSecond: 1 }, at);
    expect(await stores[0]!.take('key-d', windows)).toBeNull();
    expect(await stores[1]!.take('key-d', windows)).toMatchObject({ window: 'second', limit: 1 });
    expect(await stores[1]!.take('key-e', windows)).toBeNull();
  });
});
