import { randomUUID } from 'node:crypto';
import { gzipSync, gunzipSync } from 'node:zlib';
import { testEnv } from '../../../../test/support/env';
import { S3Storage } from './s3-storage';

describe('S3 storage (real server)', () => {
  const storage = new S3Storage(testEnv.s3);
  const prefix = `smoke/${randomUUID()}/`;

  afterAll(() => storage.destroy());

  it('puts, verifies, gets, lists and deletes an object', async () => {
    const body = gzipSync(Buffer.from('{"id":"e1"}\n{"id":"e2"}\n'));
    const stored = await storage.put(`${prefix}a.jsonl.gz`, body);
    expect(stored.bytes).toBe(body.length);
    await expect(storage.verify(stored)).resolves.toBe(true);
    // A checksum that does not match what the server holds fails verification.
    await expect(storage.verify({ ...stored, sha256: '0'.repeat(64) })).resolves.toBe(false);
    expect(gunzipSync(await storage.get(stored.key)).toString()).toBe('{"id":"e1"}\n{"id":"e2"}\n');
    await storage.put(`${prefix}b.jsonl.gz`, gzipSync(Buffer.from('x')));
    expect((await storage.list(prefix)).map((o) => o.key).sort()).toEqual([`${prefix}a.jsonl.gz`, `${prefix}b.jsonl.gz`]);
    await storage.delete(`${prefix}a.jsonl.gz`);
    await storage.delete(`${prefix}b.jsonl.gz`);
    expect(await storage.list(prefix)).toEqual([]);
    await expect(storage.exists(`${prefix}a.jsonl.gz`)).resolves.toBe(false);
  });
});
