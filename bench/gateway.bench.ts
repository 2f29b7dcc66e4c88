import { Agent, request } from 'node:http';
import path from 'node:path';
import { INTERNAL_HEADERS } from '@onescale/ontology';
import { fmt, measure, peakRssMb, printTable, writeResults, type LatencySummary } from './support';

/**
 * The gateway's cost: the same quota read (GET /v1/groups/:id/quotas) sent straight to the quota app
 * with the internal credential, and through the gateway with a group api key (auth, tenancy, api-call
 * metering, proxy), alternating in the same run; then authenticated reads per second through the
 * gateway with 1 and 32 concurrent clients, against the same reads sent straight to quota. Last, the
 * rate limiter's added latency: the same read through the gateway with a key that has a rate limit
 * (both windows, high enough never to refuse) against a key without one, alternating in the same run.
 */

// tools/system.js starts the five apps from dist/ as separate processes (the same code as `npm start`).
const system = require(path.resolve(__dirname, '..', '..', 'tools', 'system.js')) as {
  appPorts(base: number): Record<string, number>;
  startSystem(options: { infraEnv: Record<string, string>; ports: Record<string, number>; logDir: string }): Promise<{
    env: Record<string, string>;
    urls: Record<string, string>;
    adminKey: string;
    children: Record<string, { pid: number }>;
    stop(): Promise<void>;
  }>;
};

const PORTS = system.appPorts(3610);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 400);
const THROUGHPUT_REQUESTS = Number(process.env.BENCH_THROUGHPUT_REQUESTS ?? 3000);

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const statuses = new Map<string, number>();

function get(url: string, headers: Record<string, string>, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      statuses.set(`${label} ${res.statusCode}`, (statuses.get(`${label} ${res.statusCode}`) ?? 0) + 1);
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

async function json<T>(method: string, url: string, headers: Record<string, string>, body: unknown): Promise<T> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function main(): Promise<void> {
  const infraEnv = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const running = await system.startSystem({
    infraEnv,
    ports: PORTS,
    logDir: path.resolve(__dirname, '..', '..', '.onescale', 'logs', 'bench-gateway'),
  });
  try {
    const created = await json<{ group: { id: string }; apiKey: { key: string } }>(
      'POST',
      `${running.urls.gateway}/v1/groups`,
      { authorization: `Bearer ${running.adminKey}` },
      { name: `bench ${Date.now()}`, type: 'government' },
    );
    const groupId = created.group.id;
    const reader = await json<{ id: string; key: string }>(
      'POST',
      `${running.urls.gateway}/v1/groups/${groupId}/api-keys`,
      { authorization: `Bearer ${created.apiKey.key}` },
      { role: 'reader' },
    );
    const limited = await json<{ id: string; key: string }>(
      'POST',
      `${running.urls.gateway}/v1/groups/${groupId}/api-keys`,
      { authorization: `Bearer ${created.apiKey.key}` },
      { role: 'reader', rateLimit: { perSecond: 100_000, perMinute: 6_000_000 } },
    );
    const viaGateway = `${running.urls.gateway}/v1/groups/${groupId}/quotas`;
    const direct = `${running.urls.quota}/v1/groups/${groupId}/quotas`;
    const gatewayHeaders = { authorization: `Bearer ${reader.key}` };
    const directHeaders = {
      [INTERNAL_HEADERS.token]: running.env.INTERNAL_TOKEN!,
      [INTERNAL_HEADERS.keyId]: reader.id,
      [INTERNAL_HEADERS.callerGroupId]: groupId,
      [INTERNAL_HEADERS.role]: 'reader',
    };
    const directRead = () => get(direct, directHeaders, 'direct');
    const gatewayRead = () => get(viaGateway, gatewayHeaders, 'gateway');
    const limitedRead = () => get(viaGateway, { authorization: `Bearer ${limited.key}` }, 'rate-limited key');

    // warm-up: JIT, connection pools, key cache, tenancy cache, quota reading
    await measure(300, 4, directRead);
    await measure(300, 4, gatewayRead);
    await measure(300, 4, limitedRead);
    statuses.clear();

    const samples = { direct: [] as LatencySummary[], gateway: [] as LatencySummary[], limited: [] as LatencySummary[] };
    for (let round = 0; round < ROUNDS; round++) {
      samples.direct.push(await measure(PER_ROUND, 1, directRead));
      samples.gateway.push(await measure(PER_ROUND, 1, gatewayRead));
      samples.limited.push(await measure(PER_ROUND, 1, limitedRead));
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const latency = (s: LatencySummary[]) => ({ p50: median(s.map((x) => x.p50)), p99: median(s.map((x) => x.p99)) });
    const d = latency(samples.direct);
    const g = latency(samples.gateway);
    const l = latency(samples.limited);

    const rate: Record<string, number> = {};
    for (const concurrency of [1, 32]) {
      rate[`direct/${concurrency}`] = (await measure(THROUGHPUT_REQUESTS, concurrency, directRead)).perSecond;
      rate[`gateway/${concurrency}`] = (await measure(THROUGHPUT_REQUESTS, concurrency, gatewayRead)).perSecond;
    }

    printTable(`quota read latency, ms (median of ${ROUNDS} rounds × ${PER_ROUND} sequential requests)`, [
      { path: 'direct to quota (baseline)', p50: fmt(d.p50, 2), p99: fmt(d.p99, 2) },
      { path: 'through the gateway', p50: fmt(g.p50, 2), p99: fmt(g.p99, 2) },
      { path: 'gateway overhead', p50: fmt(g.p50 - d.p50, 2), p99: fmt(g.p99 - d.p99, 2) },
    ]);
    printTable(`rate limiter, ms (same reads through the gateway, median of ${ROUNDS} rounds × ${PER_ROUND} sequential requests)`, [
      { key: 'no rate limit (baseline)', p50: fmt(g.p50, 2), p99: fmt(g.p99, 2) },
      { key: 'rate limit per second and per minute', p50: fmt(l.p50, 2), p99: fmt(l.p99, 2) },
      { key: 'added by the limiter', p50: fmt(l.p50 - g.p50, 2), p99: fmt(l.p99 - g.p99, 2) },
      { key: 'limited / unlimited', p50: fmt(l.p50 / g.p50, 2), p99: fmt(l.p99 / g.p99, 2) },
    ]);
    printTable(
      `authenticated reads per second (${THROUGHPUT_REQUESTS} requests each)`,
      [1, 32].map((c) => ({
        clients: c,
        'direct (baseline)': fmt(rate[`direct/${c}`]!, 0),
        gateway: fmt(rate[`gateway/${c}`]!, 0),
        'gateway / direct': fmt(rate[`gateway/${c}`]! / rate[`direct/${c}`]!, 2),
      })),
    );
    const rss = { gateway: peakRssMb(running.children.gateway!.pid), quota: peakRssMb(running.children.quota!.pid) };
    console.log(`\npeak RSS: gateway ${rss.gateway} MB, quota ${rss.quota} MB`);
    console.log(`responses: ${[...statuses].map(([k, n]) => `${k}×${n}`).join(', ')}`);
    const target = g.p50 - d.p50 < 2 ? 'met' : 'MISSED';
    console.log(`target (overhead under 2 ms at p50): ${target}`);
    const limiterTarget = l.p50 - g.p50 < 1 ? 'met' : 'MISSED';
    console.log(`target (rate limiter adds under 1 ms at p50): ${limiterTarget}`);
    writeResults('gateway', {
      latencyMs: { direct: d, gateway: g, overhead: { p50: g.p50 - d.p50, p99: g.p99 - d.p99 } },
      rateLimiterMs: { unlimited: g, limited: l, added: { p50: l.p50 - g.p50, p99: l.p99 - g.p99 }, ratioP50: l.p50 / g.p50 },
      readsPerSecond: rate,
      ratios: { 'gateway/direct@1': rate['gateway/1']! / rate['direct/1']!, 'gateway/direct@32': rate['gateway/32']! / rate['direct/32']! },
      peakRssMb: rss,
      statuses: Object.fromEntries(statuses),
      target: { overheadP50Ms: 2, met: target === 'met', limiterAddedP50Ms: 1, limiterMet: limiterTarget === 'met' },
    });
  } finally {
    await running.stop();
    agent.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
