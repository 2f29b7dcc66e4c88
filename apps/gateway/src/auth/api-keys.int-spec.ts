import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { INTERNAL_HEADERS } from '@onescale/ontology';
import { request } from '../../../../test/support/http';
import { eventually, testEnv } from '../../../../test/support/env';
import { TEST_ADMIN_KEY, bearer, startGateway, type GatewayHarness } from '../testing/gateway-harness';

const DB = 'onescale_gateway_it_keys';
const run = Date.now().toString(36);
const [root, child, other] = [`root-${run}`, `child-${run}`, `other-${run}`];

describe('api keys and tenancy', () => {
  let gateway: GatewayHarness;
  const call = (method: string, path: string, key?: string, body?: unknown) =>
    request(method, `${gateway.url}${path}`, { headers: key ? bearer(key) : {}, ...(body === undefined ? {} : { body }) });
  const issue = async (groupId: string, role: string, by = TEST_ADMIN_KEY): Promise<{ id: string; role: string; key: string }> => {
    const response = await call('POST', `/v1/groups/${groupId}/api-keys`, by, { role });
    expect(response.status).toBe(201);
    return response.body;
  };

  beforeAll(async () => {
    gateway = await startGateway(3601, DB);
    gateway.stub.addGroup(root);
    gateway.stub.addGroup(child, root);
    gateway.stub.addGroup(other);
  });
  afterAll(() => gateway?.stop());

  it('issues a key once and stores only its SHA-256', async () => {
    const issued = await issue(root, 'admin');
    expect(issued).toEqual({
      id: expect.any(String),
      role: 'admin',
      key: expect.stringMatching(/^osk_[A-Za-z0-9_-]{43}$/),
      rateLimit: null,
    });
    const connection = await mongoose.createConnection(testEnv.mongoUri, { dbName: DB }).asPromise();
    try {
      const stored = await connection.db!.collection('api_keys').findOne({ _id: issued.id as never });
      expect(stored).toMatchObject({
        groupId: root,
        rootGroupId: root,
        role: 'admin',
        hash: createHash('sha256').update(issued.key).digest('hex'),
      });
      expect(JSON.stringify(stored)).not.toContain(issued.key);
      expect(JSON.stringify(stored)).not.toContain(issued.key.slice(12));
    } finally {
      await connection.close();
    }
  });

  it('forwards a key’s requests with who is calling, never the key itself', async () => {
    const { id, key } = await issue(root, 'reader');
    const response = await call('GET', `/v1/groups/${child}/things?limit=5`, key);
    expect(response.status).toBe(200);
    expect(response.body.url).toBe(`/v1/groups/${child}/things?limit=5`);
    expect(response.body.headers).toMatchObject({
      [INTERNAL_HEADERS.keyId]: id,
      [INTERNAL_HEADERS.callerGroupId]: root,
      [INTERNAL_HEADERS.role]: 'reader',
    });
    expect(response.body.headers.authorization).toBeUndefined();
  });

  it('hides other groups and parent groups behind 404, and refuses weak roles with 403', async () => {
    const childWriter = await issue(child, 'writer');
    const otherAdmin = await issue(other, 'admin');
    const reader = await issue(root, 'reader');
    expect((await call('GET', `/v1/groups/${root}/metrics`, childWriter.key)).status).toBe(404);
    expect((await call('GET', `/v1/groups/${child}/metrics`, otherAdmin.key)).body).toMatchObject({ status: 404, code: 'not_found' });
    expect((await call('GET', `/v1/groups/nowhere-${run}/metrics`, otherAdmin.key)).status).toBe(404);
    expect((await call('POST', `/v1/groups/${child}/things/batch`, reader.key, { things: [] })).body).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect((await call('POST', `/v1/groups/${child}/things/batch`, childWriter.key, { things: [] })).status).toBe(200);
    expect((await call('POST', `/v1/groups/${child}/api-keys`, childWriter.key, { role: 'reader' })).status).toBe(403);
  });

  it('answers 401 with a Bearer challenge for a missing, unknown or malformed key', async () => {
    for (const headers of [{}, bearer('osk_unknown'), { authorization: 'Basic abc' }]) {
      const response = await request('GET', `${gateway.url}/v1/groups/${root}/metrics`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="onescale"/);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('revokes a key effective on the very next request', async () => {
    const admin = await issue(root, 'admin');
    const reader = await issue(child, 'reader', admin.key);
    expect((await call('GET', `/v1/groups/${child}`, reader.key)).status).toBe(200);
    expect((await call('DELETE', `/v1/groups/${child}/api-keys/${reader.id}`, admin.key)).status).toBe(204);
    const after = await call('GET', `/v1/groups/${child}`, reader.key);
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await call('DELETE', `/v1/groups/${child}/api-keys/${reader.id}`, admin.key)).status).toBe(204);
  });

  it('makes a revocation hold in every gateway process, not only the one that revoked', async () => {
    const second = await startGateway(3607, DB);
    try {
      second.stub.addGroup(root);
      const reader = await issue(root, 'reader');
      const viaSecond = () => request('GET', `${second.url}/v1/groups/${root}`, { headers: bearer(reader.key) });
      expect((await viaSecond()).status).toBe(200); // now cached in the second process
      expect((await call('DELETE', `/v1/groups/${root}/api-keys/${reader.id}`, TEST_ADMIN_KEY)).status).toBe(204);
      await eventually(
        async () => ((await viaSecond()).status === 401 ? true : undefined),
        10000,
        'the second gateway refusing the revoked key',
      );
    } finally {
      await second.stop();
    }
  });

  it('lets a group admin manage keys only within its reach', async () => {
    const childAdmin = await issue(child, 'admin');
    const rootKey = await issue(root, 'reader');
    expect((await call('DELETE', `/v1/groups/${root}/api-keys/${rootKey.id}`, childAdmin.key)).status).toBe(404);
    expect((await call('DELETE', `/v1/groups/${child}/api-keys/${rootKey.id}`, childAdmin.key)).status).toBe(404);
    expect((await call('GET', `/v1/groups/${root}`, rootKey.key)).status).toBe(200);
    const listed = await call('GET', `/v1/groups/${child}/api-keys`, childAdmin.key);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual({
      id: childAdmin.id,
      role: 'admin',
      prefix: childAdmin.key.slice(0, 12),
      createdAt: expect.any(Number),
      revokedAt: null,
      rateLimit: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(childAdmin.key);
  });

  it('validates key requests only after authenticating them', async () => {
    const admin = await issue(root, 'admin');
    expect((await call('POST', `/v1/groups/${root}/api-keys`, admin.key, { role: 'owner' })).body).toMatchObject({
      status: 400,
      code: 'validation_failed',
    });
    const malformed = (key?: string) =>
      request('POST', `${gateway.url}/v1/groups/${root}/api-keys`, { headers: key ? bearer(key) : {}, raw: '{"role":' });
    expect((await malformed()).status).toBe(401);
    expect((await malformed(admin.key)).body).toMatchObject({ status: 400, code: 'malformed_json' });
    expect((await call('POST', `/v1/groups/nowhere-${run}/api-keys`, TEST_ADMIN_KEY, { role: 'reader' })).status).toBe(404);
  });

  it('creates groups with their first admin key; group admins create only sub-groups of their own', async () => {
    const created = await call('POST', '/v1/groups', TEST_ADMIN_KEY, { name: `top-${run}`, type: 'business' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      group: expect.objectContaining({ id: expect.any(String) }),
      apiKey: { id: expect.any(String), role: 'admin', key: expect.any(String), rateLimit: null },
    });
    const { group, apiKey } = created.body;
    expect((await call('GET', `/v1/groups/${group.id}`, apiKey.key)).status).toBe(200);
    const sub = await call('POST', '/v1/groups', apiKey.key, { name: `sub-${run}`, type: 'business', parentGroupId: group.id });
    expect(sub.status).toBe(201);
    expect(sub.body.group.parentGroupId).toBe(group.id);
    expect((await call('GET', `/v1/groups/${sub.body.group.id}`, apiKey.key)).status).toBe(200);
    expect((await call('POST', '/v1/groups', apiKey.key, { name: 'x', type: 'business' })).status).toBe(403);
    expect((await call('POST', '/v1/groups', apiKey.key, { name: 'x', type: 'business', parentGroupId: root })).status).toBe(404);
    expect((await call('POST', '/v1/groups', sub.body.apiKey.key, { name: 'x', type: 'business', parentGroupId: group.id })).status).toBe(
      404,
    );
  });
});
