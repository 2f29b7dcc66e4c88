import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testEnv } from '../../../../test/support/env';
import { S3Storage } from './s3-storage';

// Without static keys the archive's store takes its credentials from the AWS SDK's default chain, as
// pods with an IAM role do. The chain's environment and shared-file sources can be shown against the
// local server; web identity and instance roles need AWS itself.
const CHAIN_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_EC2_METADATA_DISABLED',
];

describe('S3 credentials from the default chain (real server)', () => {
  const { endpoint, region, bucket, accessKeyId, secretAccessKey } = testEnv.s3;
  const saved = Object.fromEntries(CHAIN_VARIABLES.map((name) => [name, process.env[name]]));
  const opened: S3Storage[] = [];
  const storeWithoutKeys = (): S3Storage => {
    const storage = new S3Storage({ endpoint, region, bucket });
    opened.push(storage);
    return storage;
  };
  const roundTrip = async (storage: S3Storage): Promise<string> => {
    const key = `credentials/${randomUUID()}.txt`;
    await storage.put(key, Buffer.from('from the chain'), 'text/plain');
    const body = (await storage.get(key)).toString();
    await storage.delete(key);
    return body;
  };

  beforeEach(() => {
    for (const name of CHAIN_VARIABLES) delete process.env[name];
    // No configured profile files: the chain must not find credentials elsewhere on this machine.
    const empty = mkdtempSync(path.join(tmpdir(), 'onescale-aws-'));
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(empty, 'credentials');
    process.env.AWS_CONFIG_FILE = path.join(empty, 'config');
    // Nor an instance role: there is no metadata service here, and asking it only waits.
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });

  afterEach(() => {
    for (const storage of opened.splice(0)) storage.destroy();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('reads the keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY', async () => {
    process.env.AWS_ACCESS_KEY_ID = accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = secretAccessKey;
    await expect(roundTrip(storeWithoutKeys())).resolves.toBe('from the chain');
  });

  it('reads the keys of AWS_PROFILE from the shared credentials file', async () => {
    writeFileSync(
      process.env.AWS_SHARED_CREDENTIALS_FILE!,
      `[archive]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`,
    );
    process.env.AWS_PROFILE = 'archive';
    await expect(roundTrip(storeWithoutKeys())).resolves.toBe('from the chain');
  });

  it('is refused by the server when the chain holds other keys, so the chain is what signs', async () => {
    process.env.AWS_ACCESS_KEY_ID = accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = `${secretAccessKey}-wrong`;
    await expect(roundTrip(storeWithoutKeys())).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });

  it('fails with a clear SDK error when the chain finds nothing', async () => {
    await expect(roundTrip(storeWithoutKeys())).rejects.toThrow(/credential/i);
  });
});
