import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { DAY_MS, objectKey, utcDay } from '@onescale/ontology';
import { watchedDb, type WatchedDb } from '../../../../test/support/watched-db';
import { manifestCollectionOf, Manifests, type ManifestDoc, type ManifestState, type ReadableSummary } from './manifests';

const DAY1 = Date.UTC(2024, 0, 10);

/** A manifest of one object: `day` days after DAY1, `count` events. */
const manifest = (groupId: string, day: number, count: number, state: ManifestState = 'archived', emitted = true): ManifestDoc => {
  const minTimestamp = DAY1 + day * DAY_MS + 1_000;
  const key = objectKey(groupId, utcDay(minTimestamp), randomUUID());
  return {
    _id: key,
    key,
    groupId,
    rootGroupId: groupId,
    runId: 'run-1',
    createdAt: DAY1,
    day: utcDay(minTimestamp),
    count,
    minTimestamp,
    maxTimestamp: minTimestamp + 60_000,
    sha256: '0'.repeat(64),
    bytes: count * 10,
    uncompressedBytes: count * 100,
    types: ['content_viewed'],
    state,
    emitted,
  };
};

const all = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe('archive manifests, a collection per group (real server)', () => {
  let db: WatchedDb;
  let connection: Connection;
  let manifests: Manifests;

  beforeAll(async () => {
    db = await watchedDb('onescale_manifests');
    connection = db.connection;
    manifests = new Manifests(connection);
  });

  afterAll(() => db.close());

  const collectionsRead = (work: () => Promise<unknown>): Promise<Set<string>> => db.collectionsRead(work);

  it("answers a group's reads from that group's collection alone, whatever other groups hold", async () => {
    const [a, b, quiet] = [randomUUID(), randomUUID(), randomUUID()];
    const ofA = [manifest(a, 0, 5), manifest(a, 0, 7, 'verified', false), manifest(a, 2, 11), manifest(a, 3, 13, 'pending', false)];
    const ofB = Array.from({ length: 40 }, (_, i) => manifest(b, i % 4, 1));
    for (const doc of [...ofA, ...ofB]) await manifests.insertPending(doc);
    for (const doc of [...ofA, ...ofB].filter((d) => d.state !== 'pending')) await manifests.setState(doc.groupId, [doc.key], doc.state);
    await manifests.markEmitted(a, [ofA[0]!.key, ofA[2]!.key]);
    await manifests.markEmitted(
      b,
      ofB.map((d) => d.key),
    );

    expect(await connection.collection(manifestCollectionOf(a)).countDocuments()).toBe(4);
    expect(await connection.collection(manifestCollectionOf(b)).countDocuments()).toBe(40);

    const own = new Set([manifestCollectionOf(a)]);
    let summary: ReadableSummary | undefined;
    expect(await collectionsRead(async () => (summary = await manifests.readableSummary(a)))).toEqual(own);
    expect(summary?.totals).toEqual({ count: 5 + 7 + 11, bytes: 230, uncompressedBytes: 2_300 });
    expect(summary?.perDay).toEqual(
      new Map([
        [
          a,
          new Map([
            [utcDay(DAY1).replaceAll('-', ''), 12],
            [utcDay(DAY1 + 2 * DAY_MS).replaceAll('-', ''), 11],
          ]),
        ],
      ]),
    );

    let readable: ManifestDoc[] = [];
    expect(await collectionsRead(async () => (readable = await all(manifests.readable(a, { from: DAY1 + DAY_MS }))))).toEqual(own);
    expect(readable.map((d) => d.key)).toEqual([ofA[2]!.key]);

    let unfinished: ManifestDoc[] = [];
    expect(await collectionsRead(async () => (unfinished = await manifests.unfinished(a)))).toEqual(own);
    expect(unfinished.map((d) => d.key).sort()).toEqual([ofA[1]!.key, ofA[3]!.key].sort());

    let ofDay: ManifestDoc[] = [];
    expect(await collectionsRead(async () => (ofDay = await manifests.ofDay(a, utcDay(DAY1))))).toEqual(own);
    expect(ofDay.map((d) => d.key).sort()).toEqual([ofA[0]!.key, ofA[1]!.key].sort());
    expect(await manifests.archivedDays(a, 'another-run')).toEqual(new Set([utcDay(DAY1), utcDay(DAY1 + 2 * DAY_MS)]));
    expect(await manifests.archivedDays(a, 'run-1')).toEqual(new Set());

    // A group with no manifests: nothing, and no collection made for it.
    expect(await collectionsRead(async () => (summary = await manifests.readableSummary(quiet)))).toEqual(
      new Set([manifestCollectionOf(quiet)]),
    );
    expect(summary).toEqual({ totals: { count: 0, bytes: 0, uncompressedBytes: 0 }, perDay: new Map() });
    expect(await manifests.unfinished(quiet)).toEqual([]);
    const names = (await connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).not.toContain(manifestCollectionOf(quiet));

    // The platform-wide reads see every group.
    const everything = await manifests.readableSummary();
    expect(everything.totals).toEqual({ count: 23 + 40, bytes: 630, uncompressedBytes: 6_300 });
    expect([...everything.perDay.keys()].sort()).toEqual([a, b].sort());
    expect((await manifests.unfinished()).map((d) => d.key).sort()).toEqual([ofA[1]!.key, ofA[3]!.key].sort());
    const everyReadable = await all(manifests.readable(undefined, {}));
    expect(everyReadable).toHaveLength(3 + 40);

    // Past retention: of every group; the oldest `limit` of them in all.
    const dayOne = [...ofA, ...ofB].filter((d) => d.day === utcDay(DAY1));
    expect((await manifests.pastRetention(DAY1 + DAY_MS, 100)).map((d) => d.key).sort()).toEqual(dayOne.map((d) => d.key).sort());
    const oldest = await manifests.pastRetention(DAY1 + 3 * DAY_MS, 5);
    expect(oldest).toHaveLength(5);
    expect(oldest.every((d) => d.day === utcDay(DAY1))).toBe(true);

    await manifests.remove(a, [ofA[3]!.key]);
    expect(await connection.collection(manifestCollectionOf(a)).countDocuments()).toBe(3);
    expect(await connection.collection(manifestCollectionOf(b)).countDocuments()).toBe(40);
  });

  it('names a group whose id is not plain by a hash no plain id can take', () => {
    const odd = 'a/b_c';
    expect(manifestCollectionOf(odd)).toMatch(/^archive_manifests_x_[0-9a-f]{48}$/);
    expect(manifestCollectionOf(odd)).not.toBe(manifestCollectionOf('a-b-c'));
    expect(manifestCollectionOf('0190f1d2-aaaa-7bbb-8ccc-123456789abc')).toBe('archive_manifests_0190f1d2-aaaa-7bbb-8ccc-123456789abc');
  });

  it("splits the collection every group used to share into the groups' own at start, once", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const legacy = [manifest(a, 0, 3), manifest(a, 1, 4, 'verified', false), manifest(b, 0, 5)];
    await connection.collection<ManifestDoc>('archive_manifests').insertMany(legacy);
    // A crash after part of the copy: that part is there already.
    await connection.collection<ManifestDoc>(manifestCollectionOf(a)).insertOne(legacy[0]!);

    await manifests.splitLegacy();
    const names = (await connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).not.toContain('archive_manifests');
    expect((await connection.collection(manifestCollectionOf(a)).find().sort({ minTimestamp: 1 }).toArray()).map((d) => d._id)).toEqual([
      legacy[0]!._id,
      legacy[1]!._id,
    ]);
    expect(await connection.collection(manifestCollectionOf(b)).countDocuments()).toBe(1);
    expect((await manifests.readableSummary(a)).totals).toEqual({ count: 3 + 4, bytes: 70, uncompressedBytes: 700 });
    expect((await manifests.unfinished(a)).map((d) => d.key)).toEqual([legacy[1]!.key]);

    await manifests.splitLegacy();
    expect(await connection.collection(manifestCollectionOf(a)).countDocuments()).toBe(2);
  });
});
