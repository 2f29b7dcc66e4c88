import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { INTERNAL_HEADERS } from '@onescale/ontology';
import { request } from '../../../../test/support/http';
import { TEST_ADMIN_KEY, bearer, startGateway, type GatewayHarness } from '../testing/gateway-harness';

const run = Date.now().toString(36);
const group = `proxy-${run}`;

/** A raw HTTP call (chunked when `chunks` is given), answering the status or the socket error. */
function send(
  url: string,
  path: string,
  options: { headers?: Record<string, string>; chunks?: Buffer[]; body?: Buffer },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(TEST_ADMIN_KEY), ...options.headers } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end(options.body);
  });
}

describe('proxy', () => {
  let gateway: GatewayHarness;
  beforeAll(async () => {
    gateway = await startGateway(3602, 'onescale_gateway_it_proxy', {
      BODY_LIMIT: '2mb',
      UPSTREAM_TIMEOUT_MS: '1000',
      ARCHIVER_URL: 'http://127.0.0.1:3699',
    });
    gateway.stub.addGroup(group);
  });
  afterAll(() => gateway?.stop());
  const receivedFor = (path: string) => gateway.stub.received.filter((r) => r.url === path);

  it('streams a chunked body to the app byte for byte', async () => {
    const chunks = Array.from({ length: 30 }, () => randomBytes(64 * 1024));
    const response = await send(gateway.url, `/v1/groups/${group}/things/batch`, { chunks });
    expect(response.status).toBe(200);
    const echoed = JSON.parse(response.body);
    expect(echoed.bytes).toBe(30 * 64 * 1024);
    expect(echoed.sha256).toBe(createHash('sha256').update(Buffer.concat(chunks)).digest('hex'));
    expect(echoed.headers[INTERNAL_HEADERS.token]).toBe(gateway.config.INTERNAL_TOKEN);
  });

  it('refuses a declared body over the limit with 413 before contacting the app', async () => {
    const path = `/v1/groups/${group}/events/batch`;
    const response = await send(gateway.url, path, { body: Buffer.alloc(2 * 1024 * 1024 + 1, 32) });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'payload_too_large', limit: 2 * 1024 * 1024 });
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(receivedFor(path)).toEqual([]);
  });

  it('cuts off a chunked body once it passes the limit, with 413', async () => {
    const path = `/v1/groups/${group}/knowledge/batch`;
    const response = await send(gateway.url, path, { chunks: Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 32)) });
    expect(response.status).toBe(413);
    expect(receivedFor(path)).toEqual([]);
  });

  it('passes the app’s problem details through with their status', async () => {
    const response = await request('GET', `${gateway.url}/v1/groups/${group}/things/missing`, { headers: bearer(TEST_ADMIN_KEY) });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('drops internal headers a client tries to send', async () => {
    const response = await request('GET', `${gateway.url}/v1/groups/${group}/metrics`, {
      headers: { ...bearer(TEST_ADMIN_KEY), [INTERNAL_HEADERS.callerGroupId]: 'someone-else', [INTERNAL_HEADERS.token]: 'forged' },
    });
    expect(response.body.headers[INTERNAL_HEADERS.callerGroupId]).toBe('platform');
    expect(response.body.headers[INTERNAL_HEADERS.token]).toBe(gateway.config.INTERNAL_TOKEN);
  });

  it('answers 503 with Retry-After when the app is down', async () => {
    const response = await request('POST', `${gateway.url}/v1/groups/${group}/archival/runs`, {
      headers: bearer(TEST_ADMIN_KEY),
      body: {},
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.body).toMatchObject({ code: 'service_unavailable', app: 'archiver' });
  });

  it('answers 504 when the app stops answering, instead of hanging', async () => {
    const response = await request('GET', `${gateway.url}/v1/groups/${group}/things/hang`, { headers: bearer(TEST_ADMIN_KEY) });
    expect(response.status).toBe(504);
    expect(response.body).toMatchObject({ code: 'upstream_timeout', app: 'metrics' });
  });

  it('reports not ready while an app behind it is down', async () => {
    const response = await request('GET', `${gateway.url}/ready`);
    expect(response.status).toBe(503);
    expect(response.body.checks).toMatchObject({
      ingest: { status: 'up' },
      metrics: { status: 'up' },
      archiver: { status: 'down' },
      mongodb: { status: 'up' },
      kafka: { status: 'up' },
    });
  });
});
