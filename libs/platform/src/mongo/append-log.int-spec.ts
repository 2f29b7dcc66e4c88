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
    log = new AppendLog(connection.db!.collection<LogEntry<{ used: number }>>('ledger'));
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
  it('appends from a held head without reading, and falls back to a read when the head is stale', async () => {
    const first = await log.updateFrom('h', { state: { used: 0 }, seq: 0 }, { used: 0 }, (s) => ({ used: s.used + 1 }));
    expect(first).toEqual({ state: { used: 1 }, seq: 1, changed: true });
    await log.update('h', { used: 0 }, (s) => ({ used: s.used + 10 }));
    // The held head (seq 1) is stale now: the insert collides and the change re-runs on the latest state.
    const stale = await log.updateFrom('h', first, { used: 0 }, (s) => ({ used: s.used + 1 }));
    expect(stale).toEqual({ state: { used: 12 }, seq: 3, changed: true });
    expect(await log.updateFrom('h', stale, { used: 0 }, () => null)).toEqual({ ...stale, changed: false });
  });

  it('reads the latest state of every key in one pass, and prunes old entries of all keys at once', async () => {
    const log = new AppendLog<{ used: number }>(connection.db!.collection<LogEntry<{ used: number }>>('ledger_all'));
    for (let i = 0; i < 6; i++) await log.update('all-a', { used: 0 }, (s) => ({ used: s.used + 1 }));
    for (let i = 0; i < 3; i++) await log.update('all-b', { used: 0 }, (s) => ({ used: s.used + 2 }));
    const latest = await log.latestAll();
    expect(latest.get('all-a')).toEqual({ state: { used: 6 }, seq: 6 });
    expect(latest.get('all-b')).toEqual({ state: { used: 6 }, seq: 3 });
    expect(await log.pruneAll(2, 0)).toBe(0);
    const deleted = await log.pruneAll(2, Date.now() + 1, (key) => key === 'all-b');
    expect(deleted).toBe(4 + 2);
    expect((await log.latestAll()).get('all-a')).toEqual({ state: { used: 6 }, seq: 6 });
    expect(await log.latest('all-b')).toEqual({ state: { used: 6 }, seq: 3 });
  });
});
