import { createHash } from 'node:crypto';
import { newApiKey } from '@onescale/platform';
import type { GatewayConfig } from '../gateway.config';
import type { ApiKeyDoc, ApiKeyRepository } from './api-key.repository';
import { ApiKeys } from './api-keys.service';

/** ApiKeys over a repository that holds `docs` and counts its lookups. */
function keysWith(docs: ApiKeyDoc[]) {
  const lookups = { count: 0 };
  const repository = {
    findByHash: async (hash: string) => {
      lookups.count++;
      return docs.find((d) => d.hash === hash) ?? null;
    },
  } as unknown as ApiKeyRepository;
  const config = { ONESCALE_ADMIN_KEY: 'admin-key-of-the-test-1234', API_KEY_CACHE_MS: 60_000 } as GatewayConfig;
  return { keys: new ApiKeys(config, repository), lookups };
}

const docFor = (key: string, revokedAt?: number): ApiKeyDoc => ({
  _id: 'k1',
  groupId: 'g',
  rootGroupId: 'g',
  role: 'writer',
  hash: createHash('sha256').update(key).digest('hex'),
  prefix: key.slice(0, 12),
  createdAt: 0,
  createdBy: 'platform',
  ...(revokedAt === undefined ? {} : { revokedAt }),
});

describe('ApiKeys.authenticate', () => {
  it('refuses a token not in the key format without a lookup', async () => {
    const { keys, lookups } = keysWith([]);
    for (const token of ['osk_unknown', 'Bearer', 'x'.repeat(47), `osk_${'a'.repeat(42)}!`])
      expect(await keys.authenticate(token)).toBeNull();
    expect(lookups.count).toBe(0);
  });

  it('looks an unknown well-formed key up once, then answers from the miss cache', async () => {
    const { keys, lookups } = keysWith([]);
    const stranger = newApiKey();
    for (let i = 0; i < 5; i++) expect(await keys.authenticate(stranger)).toBeNull();
    expect(lookups.count).toBe(1);
  });

  it('remembers a revoked key as a miss', async () => {
    const key = newApiKey();
    const { keys, lookups } = keysWith([docFor(key, 1)]);
    expect(await keys.authenticate(key)).toBeNull();
    expect(await keys.authenticate(key)).toBeNull();
    expect(lookups.count).toBe(1);
  });

  it('still knows the admin key and a valid group key', async () => {
    const key = newApiKey();
    const { keys } = keysWith([docFor(key)]);
    expect(await keys.authenticate('admin-key-of-the-test-1234')).toMatchObject({ kind: 'platform' });
    expect(await keys.authenticate(key)).toMatchObject({ kind: 'group', keyId: 'k1', role: 'writer' });
  });
});
