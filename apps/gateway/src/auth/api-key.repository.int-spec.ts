import { createHash, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { watchedDb, type WatchedDb } from '../../../../test/support/watched-db';
import { ApiKeyRepository, type ApiKeyDoc } from './api-key.repository';

const keyDoc = (groupId: string, n: number): ApiKeyDoc => ({
  _id: randomUUID(),
  groupId,
  rootGroupId: groupId,
  role: 'writer',
  hash: createHash('sha256').update(`${groupId}-key-${n}`).digest('hex'),
  prefix: 'osk_abcdefgh',
  createdAt: 1_000 + n,
  createdBy: 'platform',
});

describe('api keys by hash and recent changes, never by scanning every tenant’s keys (real server)', () => {
  let db: WatchedDb;
  let connection: Connection;
  let repository: ApiKeyRepository;

  /** The reads `work` sent: each command's collection and filter. */
  const readsOf = async (work: () => Promise<unknown>): Promise<Array<{ collection: string; filter: Record<string, unknown> }>> => {
    db.commands.length = 0;
    await work();
    return db.commands
      .filter((c) => c.commandName === 'find')
      .map((c) => ({ collection: String(c.command.find), filter: c.command.filter as Record<string, unknown> }));
  };

  beforeAll(async () => {
    db = await watchedDb('onescale_keys');
    connection = db.connection;
    repository = new ApiKeyRepository(connection);
    await repository.onModuleInit();
  });

  afterAll(() => db.close());

  it('finds a key by two `_id` lookups, and an unknown token by one', async () => {
    const docs = Array.from({ length: 60 }, (_, i) => keyDoc(`tenant-${i % 6}`, i));
    for (const doc of docs) await repository.insert(doc);

    const wanted = docs[37]!;
    let found: ApiKeyDoc | null = null;
    const reads = await readsOf(async () => (found = await repository.findByHash(wanted.hash)));
    expect(found).toMatchObject({ _id: wanted._id, groupId: wanted.groupId });
    expect(reads).toEqual([
      { collection: 'api_key_hashes', filter: { _id: wanted.hash } },
      { collection: 'api_keys', filter: { _id: wanted._id } },
    ]);

    const unknown = createHash('sha256').update('nobody').digest('hex');
    const missReads = await readsOf(async () => (found = await repository.findByHash(unknown)));
    expect(found).toBeNull();
    expect(missReads).toEqual([{ collection: 'api_key_hashes', filter: { _id: unknown } }]);
  });

  it('tells the pollers of revocations and rate-limit changes from a collection of recent changes only', async () => {
    const [revoked, limited, untouched] = [keyDoc('tenant-r', 1), keyDoc('tenant-r', 2), keyDoc('tenant-r', 3)];
    for (const doc of [revoked, limited, untouched]) await repository.insert(doc);
    const since = Date.now() - 1;
    await repository.markRevoked(revoked, Date.now());
    expect(await repository.setRateLimit('tenant-r', limited._id, { perSecond: 5 }, Date.now())).toMatchObject({
      rateLimit: { perSecond: 5 },
    });
    expect(await repository.setRateLimit('another-tenant', untouched._id, { perSecond: 5 }, Date.now())).toBeNull();

    let changed: string[] = [];
    const reads = await readsOf(async () => (changed = await repository.changedSince(since)));
    expect(changed.sort()).toEqual([revoked.hash, limited.hash].sort());
    expect(reads.map((r) => r.collection)).toEqual(['api_key_changes']);
    expect(await repository.changedSince(Date.now() + 1_000)).toEqual([]);
    expect((await repository.findByHash(revoked.hash))?.revokedAt).toEqual(expect.any(Number));
  });

  it('names by hash, at start, the keys stored before the hashes were kept', async () => {
    const earlier = keyDoc('tenant-old', 1);
    await connection.db!.collection<ApiKeyDoc>('api_keys').insertOne(earlier);
    expect(await repository.findByHash(earlier.hash)).toBeNull();

    await new ApiKeyRepository(connection).onModuleInit();
    expect(await repository.findByHash(earlier.hash)).toMatchObject({ _id: earlier._id });
    // A name whose key is gone (a crash between the two inserts) finds nothing.
    await connection.db!.collection('api_key_hashes').insertOne({ _id: 'f'.repeat(64) as never, keyId: 'missing' });
    expect(await repository.findByHash('f'.repeat(64))).toBeNull();
  });
});
