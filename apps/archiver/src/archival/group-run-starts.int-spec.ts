import type { Connection } from 'mongoose';
import { watchedDb, type WatchedDb } from '../../../../test/support/watched-db';
import { HOUR_MS } from './group-run-limit';
import { GroupRunStarts } from './group-run-starts';

describe("a group's run starts, one document per group (real server)", () => {
  let db: WatchedDb;
  let connection: Connection;

  beforeAll(async () => {
    db = await watchedDb('onescale_starts');
    connection = db.connection;
  });

  afterAll(() => db.close());

  it('keeps the starts of the last hour kept one per document, counts a group apart from others, and reads by `_id`', async () => {
    const now = Date.UTC(2030, 0, 1, 12);
    await connection
      .collection('archival_group_starts')
      .insertMany([
        { _id: 's1' as never, groupId: 'g', at: now - 10 * 60_000 },
        { _id: 's2' as never, groupId: 'g', at: now - 20 * 60_000 },
        { _id: 's3' as never, groupId: 'g', at: now - 2 * HOUR_MS },
        ...Array.from({ length: 6 }, (_, i) => ({ _id: `o${i}` as never, groupId: 'other', at: now - i * 60_000 })),
      ]);
    const starts = new GroupRunStarts(connection);
    await starts.foldLegacy(now);
    const names = (await connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).not.toContain('archival_group_starts');

    db.commands.length = 0;
    const taken = [];
    for (let i = 0; i < 5; i++) taken.push((await starts.take('g', now + i)).ok);
    expect(taken).toEqual([true, true, true, true, false]);
    expect(await starts.take('other', now)).toEqual({ ok: false, retryAfterMs: HOUR_MS - 5 * 60_000 });
    expect(await starts.take('new', now)).toEqual({ ok: true });
    const finds = db.commands.filter((c) => c.commandName === 'find');
    expect(finds).toHaveLength(7);
    for (const c of finds) expect(typeof c.command.filter._id).toBe('string');

    // An hour after the folded starts, the group has them back.
    expect((await starts.take('g', now + HOUR_MS - 10 * 60_000 + 1)).ok).toBe(true);
  });
});
