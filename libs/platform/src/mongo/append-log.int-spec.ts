import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { testEnv } from '../../../../test/support/env';
import { AppendLog, type LogEntry } from './append-log';
import { connectMongo } from './mongo';

describe('AppendLog on the MongoDB-wire database (real server)', () => {
  let connection: Connection;
  let log: AppendLog<{ used: number }>;

  beforeAll(async () => {
    connection = await connectMongo(testEnv.mongoUri, `onescale_smoke_${randomUUID().slice(0, 8)}`);
    log = new AppendLog(connection.collection<LogEntry<{ used: number }>>('ledger') as never);
    await log.ensureIndexes();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('loses no increment when 50 writers race on one key', async () => {
    await Promise.all(Array.from({ length: 50 }, () => log.update('k', { used: 0 }, (s) => ({ used: s.used + 1 }))));
    expect(await log.latest('k')).toEqual({ state: { used: 50 }, seq: 50 });
  });

  it('never admits past a limit when 50 writers race for the last 30 slots', async () => {
    const limit = 30;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => log.update('slots', { used: 0 }, (s) => (s.used < limit ? { used: s.used + 1 } : null))),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(30);
    expect((await log.latest('slots'))?.state.used).toBe(30);
  });

  it('prunes old entries and keeps the latest state', async () => {
    for (let i = 0; i < 30; i++) await log.update('p', { used: 0 }, (s) => ({ used: s.used + 1 }));
    expect(await log.prune('p', 5)).toBe(25);
    expect(await log.latest('p')).toEqual({ state: { used: 30 }, seq: 30 });
    await log.update('p', { used: 0 }, (s) => ({ used: s.used + 1 }));
    expect((await log.latest('p'))?.state.used).toBe(31);
  });
});
