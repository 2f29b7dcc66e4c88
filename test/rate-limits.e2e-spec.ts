import { startAppProcess, type AppProcess } from './support/app-process';
import { eventually } from './support/env';
import { request, type JsonResponse } from './support/http';

// Per-key rate limits (SPEC §5), held across gateway processes: the e2e gateway and a second one
// started here share one key's limit through the gateway's MongoDB. Exactly the limit is admitted,
// the rest get 429 rate_limited with Retry-After, and refused requests are not metered as api calls.

const gateway = process.env.E2E_GATEWAY_URL!;
const platformKey = process.env.E2E_ADMIN_KEY!;
const SECOND_GATEWAY_PORT = 3109;

const send = (base: string, method: string, path: string, key: string, body?: unknown): Promise<JsonResponse> =>
  request(method, `${base}${path}`, { headers: { authorization: `Bearer ${key}` }, ...(body === undefined ? {} : { body }) });

async function ok<T = any>(method: string, path: string, key: string, body?: unknown): Promise<T> {
  const response = await send(gateway, method, path, key, body);
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits out the end of a UTC minute, so `needMs` of requests fall in one minute window. */
const sameMinute = async (needMs: number): Promise<void> => {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await sleep(left + 50);
};

describe('per-key rate limits across gateway processes', () => {
  let second: AppProcess;
  let groupId: string;
  let admin: string;

  beforeAll(async () => {
    second = await startAppProcess('gateway', {
      port: SECOND_GATEWAY_PORT,
      env: {
        ONESCALE_ADMIN_KEY: platformKey,
        INGEST_URL: process.env.E2E_INGEST_URL!,
        METRICS_URL: process.env.E2E_METRICS_URL!,
        QUOTA_URL: process.env.E2E_QUOTA_URL!,
        ARCHIVER_URL: process.env.E2E_ARCHIVER_URL!,
        NOTIFIER_URL: process.env.E2E_NOTIFIER_URL!,
      },
    });
    const created = await ok('POST', '/v1/groups', platformKey, { name: `Rate ${Date.now()}`, type: 'community', plan: 'pro' });
    groupId = created.group.id;
    admin = created.apiKey.key;
  });
  afterAll(() => second?.kill());

  it('refuses a rate that is not a positive integer, naming the field', async () => {
    const response = await send(gateway, 'POST', `/v1/groups/${groupId}/api-keys`, platformKey, {
      role: 'reader',
      rateLimit: { perSecond: 0 },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'rateLimit.perSecond' }] });
  });

  it('admits exactly the limit across both gateways, answers 429 with Retry-After, and meters only what it admitted', async () => {
    // Set up with the platform key, whose calls are not metered: the group's api calls are this key's.
    const issued = await ok('POST', `/v1/groups/${groupId}/api-keys`, platformKey, { role: 'reader', rateLimit: { perMinute: 10 } });
    expect(issued).toMatchObject({ role: 'reader', rateLimit: { perMinute: 10 } });
    await sameMinute(10_000);
    const read = (base: string) => send(base, 'GET', `/v1/groups/${groupId}`, issued.key);
    // 6 through the e2e gateway, one after another: all admitted.
    const first: number[] = [];
    for (let i = 0; i < 6; i++) first.push((await read(gateway)).status);
    expect(first).toEqual([200, 200, 200, 200, 200, 200]);
    // Then 24 at once through both: exactly the 4 left are admitted, wherever they land.
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => read(i % 2 === 0 ? gateway : second.url)));
    const statuses = answers.map((a) => a.status);
    expect({ ok: statuses.filter((s) => s === 200).length, limited: statuses.filter((s) => s === 429).length }).toEqual({
      ok: 4,
      limited: 20,
    });
    expect((await read(second.url)).status).toBe(429);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body).toMatchObject({ code: 'rate_limited', status: 429, rateLimit: { perMinute: 10 } });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // The 10 admitted reads and nothing else: refused requests are not api calls.
    const apiCalls = async () => (await ok('GET', `/v1/groups/${groupId}/quotas`, platformKey)).quotas.api_calls_per_month.current;
    await eventually(async () => ((await apiCalls()) >= 10 ? true : undefined), 20_000, 'api calls metered');
    await sleep(2500); // more than two flush intervals of both gateways: anything else would have arrived
    expect(await apiCalls()).toBe(10);
  });

  it('applies a changed limit in every gateway process, and removes it with null', async () => {
    const issued = await ok('POST', `/v1/groups/${groupId}/api-keys`, admin, { role: 'reader', rateLimit: { perMinute: 1 } });
    await sameMinute(8_000);
    expect((await send(second.url, 'GET', `/v1/groups/${groupId}`, issued.key)).status).toBe(200);
    expect((await send(second.url, 'GET', `/v1/groups/${groupId}`, issued.key)).status).toBe(429);
    const patched = await ok('PATCH', `/v1/groups/${groupId}/api-keys/${issued.id}`, admin, { rateLimit: null });
    expect(patched).toMatchObject({ id: issued.id, rateLimit: null });
    await eventually(
      async () => ((await send(second.url, 'GET', `/v1/groups/${groupId}`, issued.key)).status === 200 ? true : undefined),
      5000,
    );
    const listed = await ok('GET', `/v1/groups/${groupId}/api-keys`, admin);
    expect(listed.items.find((k: { id: string }) => k.id === issued.id)).toMatchObject({ rateLimit: null });
  });
});
