import path from 'node:path';
import { fmt, now, printTable, summarize, writeResults } from './support';
import type { BatchReply } from './apps';

/**
 * Writes through the gateway against what the read models show, the whole system running
 * (`tools/system.js`, the same processes as `npm start`):
 * 1. sustained: 100,000 things in batches of 10,000, one after another. The accept rate (things per
 *    second of the requests) against the visible rate (things per second until the last batch is
 *    readable), and how long after the last response the last thing became visible;
 * 2. single batches: a 10,000-thing batch's response time and the time from its response until a
 *    read with its position answers (the read waits for the position, or answers 503
 *    `projection_behind` and is asked again).
 * Goals (issue 17): visible rate >= 0.9 × accept rate, last thing visible < 5 s after the last
 * response, a single batch visible < 2 s after its response.
 */

const system = require(path.resolve(__dirname, '..', '..', 'tools', 'system.js')) as {
  appPorts(base: number): Record<string, number>;
  startSystem(options: { infraEnv: Record<string, string>; ports: Record<string, number>; logDir: string }): Promise<{
    urls: Record<string, string>;
    adminKey: string;
    stop(): Promise<void>;
  }>;
};

const PORTS = system.appPorts(3630);
const TOTAL = Number(process.env.BENCH_SUSTAINED_THINGS ?? 100_000);
const BATCH = 10_000;
const SINGLE_ROUNDS = Number(process.env.BENCH_SINGLE_ROUNDS ?? 3);

async function call(method: string, url: string, key: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function ok<T>(method: string, url: string, key: string, body?: unknown): Promise<T> {
  const r = await call(method, url, key, body);
  if (r.status >= 300) throw new Error(`${method} ${url} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body as T;
}

/** Reads the group's things with minPosition until the read answers (503 projection_behind: again). */
async function visible(groupUrl: string, key: string, position: number): Promise<void> {
  for (;;) {
    const r = await call('GET', `${groupUrl}/things?limit=1&minPosition=${position}`, key);
    if (r.status === 200) return;
    if (r.status !== 503 || (r.body as { code?: string } | null)?.code !== 'projection_behind')
      throw new Error(`read answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  }
}

/** The projector's lag per partition, from its gauge (absent until it projected a batch). */
async function projectionLag(metricsUrl: string): Promise<number[]> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  return [...text.matchAll(/^onescale_metrics_projection_lag_records\{[^}]*\} (\S+)$/gm)].map((m) => Number(m[1]));
}

/**
 * Waits until the projector has nothing left of earlier runs on any partition (other benchmarks
 * write the same topic), so the timed phase measures it keeping up with this run's writes only.
 */
async function drained(metricsUrl: string, timeoutMs = 15 * 60_000): Promise<void> {
  const deadline = now() + timeoutMs;
  let reported = -1;
  for (;;) {
    const lags = await projectionLag(metricsUrl);
    const behind = lags.reduce((a, b) => a + b, 0);
    if (lags.length > 0 && behind === 0) return;
    if (now() > deadline) throw new Error(`the projector still had ${behind} records of earlier runs after ${timeoutMs / 1000} s`);
    if (behind !== reported && behind > 0) console.log(`waiting for the projector to apply ${behind} records of earlier runs`);
    reported = behind;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

const things = (tag: string) =>
  Array.from({ length: BATCH }, (_, i) => ({ type: i % 2 ? 'blog_post' : 'audience_member', name: `${tag} ${i}`, properties: { i } }));

async function main(): Promise<void> {
  const infraEnv = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const running = await system.startSystem({
    infraEnv,
    ports: PORTS,
    logDir: path.resolve(__dirname, '..', '..', '.onescale', 'logs', 'bench-visibility'),
  });
  try {
    const created = await ok<{ apiKey: { key: string }; group: { id: string }; position: number }>(
      'POST',
      `${running.urls.gateway}/v1/groups`,
      running.adminKey,
      { name: `bench visibility ${Date.now()}`, type: 'government' },
    );
    const key: string = created.apiKey.key;
    const groupUrl = `${running.urls.gateway}/v1/groups/${created.group.id}`;
    await visible(groupUrl, key, created.position);
    const warmUp = await ok<BatchReply>('POST', `${groupUrl}/things/batch`, key, { things: things('warm-up') });
    await visible(groupUrl, key, warmUp.position ?? 0);
    await drained(running.urls.metrics!);

    const t0 = now();
    let position = -1;
    for (let i = 0; i < TOTAL / BATCH; i++) {
      const reply = await ok<BatchReply>('POST', `${groupUrl}/things/batch`, key, { things: things(`sustained ${i}`) });
      if (reply.summary.success !== BATCH) throw new Error(`the gateway admitted ${reply.summary.success} of ${BATCH}`);
      position = reply.position ?? position;
    }
    const accepted = now();
    await visible(groupUrl, key, position);
    const shown = now();
    const acceptRate = (TOTAL / (accepted - t0)) * 1000;
    const visibleRate = (TOTAL / (shown - t0)) * 1000;

    const single: Array<{ responseMs: number; visibleMs: number }> = [];
    for (let round = 0; round < SINGLE_ROUNDS; round++) {
      const s0 = now();
      const reply = await ok<BatchReply>('POST', `${groupUrl}/things/batch`, key, { things: things(`single ${round}`) });
      const s1 = now();
      await visible(groupUrl, key, reply.position ?? 0);
      single.push({ responseMs: s1 - s0, visibleMs: now() - s1 });
    }
    const response = summarize(single.map((s) => s.responseMs));
    const afterResponse = summarize(single.map((s) => s.visibleMs));

    printTable(`sustained: ${TOTAL} things through the gateway in batches of ${BATCH}`, [
      { measure: 'accept rate (things/s)', value: fmt(acceptRate, 0), goal: '' },
      { measure: 'visible rate (things/s)', value: fmt(visibleRate, 0), goal: '' },
      { measure: 'visible rate / accept rate', value: fmt(visibleRate / acceptRate, 2), goal: '>= 0.90' },
      { measure: 'last thing visible after the last response (ms)', value: fmt(shown - accepted, 0), goal: '< 5000' },
    ]);
    printTable(`single ${BATCH}-thing batches through the gateway (${SINGLE_ROUNDS} rounds, ms)`, [
      { measure: 'response', p50: fmt(response.p50, 0), p99: fmt(response.p99, 0), goal: '' },
      { measure: 'response → visible', p50: fmt(afterResponse.p50, 0), p99: fmt(afterResponse.p99, 0), goal: '< 2000' },
    ]);
    writeResults('visibility', {
      sustained: { things: TOTAL, acceptRate, visibleRate, ratio: visibleRate / acceptRate, lastVisibleAfterMs: shown - accepted },
      single: { rounds: single, response, afterResponse },
    });
  } finally {
    await running.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
