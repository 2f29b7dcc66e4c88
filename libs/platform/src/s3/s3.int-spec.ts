import { createHash, randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
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

  describe('verification by checksum', () => {
    const sent: string[] = [];
    beforeAll(() => {
      // Records which commands reach the server (observed, not replaced).
      storage.client.middlewareStack.add(
        (next, context) => (args) => {
          sent.push(context.commandName!);
          return next(args);
        },
        { step: 'initialize', name: 'recordCommands' },
      );
    });
    beforeEach(() => sent.splice(0));

    const putRaw = (key: string, body: Buffer, checksum?: Buffer) =>
      storage.client.send(
        new PutObjectCommand({ Bucket: storage.settings.bucket, Key: key, Body: body, ChecksumSHA256: checksum?.toString('base64') }),
      );

    it('refuses a write whose body does not match the checksum sent with it', async () => {
      const body = gzipSync(Buffer.from('{"id":"e1"}\n'));
      const other = createHash('sha256').update('something else').digest();
      await expect(putRaw(`${prefix}bad.jsonl.gz`, body, other)).rejects.toMatchObject({ name: 'BadDigest' });
      await expect(storage.exists(`${prefix}bad.jsonl.gz`)).resolves.toBe(false);
    });

    it("verifies an object it wrote from the server's checksum, without downloading it", async () => {
      const stored = await storage.put(`${prefix}c.jsonl.gz`, gzipSync(Buffer.from('{"id":"e3"}\n')));
      sent.splice(0);
      await expect(storage.verify(stored)).resolves.toBe(true);
      await expect(storage.verify({ ...stored, sha256: '0'.repeat(64) })).resolves.toBe(false);
      await expect(storage.verify({ ...stored, bytes: stored.bytes + 1 })).resolves.toBe(false);
      expect(sent).toEqual(['HeadObjectCommand', 'HeadObjectCommand', 'HeadObjectCommand']);
    });

    it('reads back and hashes an object stored without a checksum', async () => {
      const body = gzipSync(Buffer.from('{"id":"e4"}\n'));
      await putRaw(`${prefix}d.jsonl.gz`, body);
      const sha256 = createHash('sha256').update(body).digest('hex');
      sent.splice(0);
      await expect(storage.verify({ key: `${prefix}d.jsonl.gz`, bytes: body.length, sha256 })).resolves.toBe(true);
      await expect(storage.verify({ key: `${prefix}d.jsonl.gz`, bytes: body.length, sha256: '0'.repeat(64) })).resolves.toBe(false);
      expect(sent).toEqual(['HeadObjectCommand', 'GetObjectCommand', 'HeadObjectCommand', 'GetObjectCommand']);
      await storage.delete(`${prefix}c.jsonl.gz`);
      await storage.delete(`${prefix}d.jsonl.gz`);
    });
  });
});
