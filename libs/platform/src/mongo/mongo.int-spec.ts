import { randomUUID } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import { testEnv } from '../../../../test/support/env';
import { connectMongo, isDuplicateKey, pingMongo } from './mongo';

describe('mongoose on the MongoDB-wire database (real server)', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await connectMongo(testEnv.mongoUri, `onescale_smoke_${randomUUID().slice(0, 8)}`);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('answers a ping', async () => {
    await expect(pingMongo(connection)).resolves.toBe(true);
  });

  it('creates, reads, updates and deletes a document', async () => {
    const Things = connection.model('Thing', new Schema({ _id: String, name: String, version: Number }));
    await Things.create({ _id: 't1', name: 'first', version: 1 });
    expect((await Things.findById('t1').lean())?.name).toBe('first');
    const updated = await Things.findOneAndUpdate(
      { _id: 't1', version: 1 },
      { $set: { name: 'second' }, $inc: { version: 1 } },
      { new: true },
    ).lean();
    expect(updated).toMatchObject({ name: 'second', version: 2 });
    // A stale version check matches nothing: the basis of optimistic admission.
    expect(await Things.findOneAndUpdate({ _id: 't1', version: 1 }, { $set: { name: 'stale' } })).toBeNull();
    await Things.deleteOne({ _id: 't1' });
    expect(await Things.countDocuments()).toBe(0);
  });

  it('rejects a duplicate of a unique compound index', async () => {
    const keys = connection.collection('keys');
    await keys.createIndex({ groupId: 1, key: 1 }, { unique: true });
    await keys.insertOne({ groupId: 'g', key: 'a|follows|b' });
    await keys.insertOne({ groupId: 'h', key: 'a|follows|b' });
    const duplicate = await keys.insertOne({ groupId: 'g', key: 'a|follows|b' }).catch((e: unknown) => e);
    expect(isDuplicateKey(duplicate)).toBe(true);
    expect(await keys.countDocuments({ key: 'a|follows|b' })).toBe(2);
  });

  it('creates a counter with an upsert and $inc, then increments it', async () => {
    const counters = connection.collection<{ _id: string; value: number }>('counters');
    await counters.updateOne({ _id: 'c' }, { $inc: { value: 5 } }, { upsert: true });
    await counters.updateOne({ _id: 'c' }, { $inc: { value: 2 } }, { upsert: true });
    expect((await counters.findOne({ _id: 'c' }))?.value).toBe(7);
    expect(await counters.countDocuments()).toBe(1);
  });

  it('admits exactly one of 50 concurrent inserts of the same _id (the one atomic write used for races)', async () => {
    const claims = connection.collection<{ _id: string; who: number }>('claims');
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, who) => claims.insertOne({ _id: 'claim', who })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && isDuplicateKey(r.reason))).toHaveLength(49);
  });
});
