import path from 'node:path';
import { fmt, now, printTable, summarize, writeResults } from './support';
import type { BatchReply } from './apps';

/**
 * Writes through the gateway against what the read models show, the whole system running
 * (`tools/system.js`, the same processes as `npm start`):
 * 1. sustained: 100,000 things in batches of 10,000, one after another. The accept rate (things per
 *    second of the requests) against the visible rate (things per second until the last batch is
 *    readable), and how long after the last response the last thing became visible;
 * 2. a flood: 8 batches of 10,000 from one tenant, 4 at once (what one key may have in flight),
 *    while another tenant writes 10 things every half second: how long after each response that
 *    tenant's things become visible, and how many of the flood's writes were refused (429
 *    `projection_backlog`) and sent again after their Retry-After, as a client does;
 * 3. single batches: a 10,000-thing batch's response time and the time from its response until a
 *    read with its position answers (the read waits for the position, or answers 503
 *    `projection_behind` and is asked again).
 * Goals (issue 17): visible rate >= 0.9 × accept rate, last thing visible < 5 s after the last
 * response, a single batch visible < 2 s after its response; beside the flood, another tenant's
 * writes visible < 5 s after their response. The sustained phase and the flood run twice, each time
 * on a system of its own: unpaced (ingest never waits for the projector: the projector's speed
 * against ingest's), then as shipped (a tenant's writes wait while 10,000 of its events are
 * unprojected, and are refused after 5 s).
 */

const system = require(path.resolve(__dirname, '..', '..', 'tools', 'system.js')) as {
  appPorts(base: number): Record<string, number>;
  startSystem(options: {
    infraEnv: Record<string, string>;
    ports: Record<string, number>;
    logDir: string;
    extra?: Record<string, string>;
  }): Promise<{
    urls: Record<string, string>;
    adminKey: string;
    stop(): Promise<void>;
  }>;
};

const PORTS = system.appPorts(3630);
const TOTAL = Number(process.env.BENCH_SUSTAINED_THINGS ?? 100_000);
const BATCH = 10_000;
const SINGLE_ROUNDS = Number(process.env.BENCH_SINGLE_ROUNDS ?? 3);
/** The hostile flood: this many batches at once (the writes one key may have in flight), this many in all. */
const FLOOD_WRITERS = 4;
const FLOOD_BATCHES = Number(process.env.BENCH_FLOOD_BATCHES ?? 8);

async function call(
  method: string,
  url: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; retryAfter: number }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: await response.json().catch(() => null),
    retryAfter: Number(response.headers.get('retry-after')),
  };
}

/** Writes refused with 429 `projection_backlog` (and sent again after their Retry-After), per run. */
let refusedWrites = 0;

/** A batch write, sent again as a client would after a 429 `projection_backlog`. */
async function write(url: string, key: string, body: unknown): Promise<BatchReply> {
  for (;;) {
    const r = await call('POST', url, key, body);
    if (r.status !== 429 || (r.body as { code?: string } | null)?.code !== 'projection_backlog')
      return ok<BatchReply>('POST', url, key, body, r);
    refusedWrites++;
    await new Promise((resolve) => setTimeout(resolve, (r.retryAfter || 1) * 1000));
  }
}

async function ok<T>(method: string, url: string, key: string, body?: unknown, answered?: Awaited<ReturnType<typeof call>>): Promise<T> {
  const r = answered ?? (await call(method, url, key, body));
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

interface Sustained {
  readonly acceptRate: number;
  readonly visibleRate: number;
  readonly lastVisibleAfterMs: number;
  /** Another tenant's 10-thing writes during the sustained phase: ms from each response until visible. */
  readonly neighbour: number[];
  /** Writes of the sustained phase refused with 429 `projection_backlog` and sent again. */
  readonly refused: number;
  /** The hostile flood (FLOOD_WRITERS batches at once): the neighbour's ms to visible, and refusals. */
  readonly flood: { readonly neighbour: number[]; readonly refused: number };
  readonly single?: Array<{ responseMs: number; visibleMs: number }>;
}

/**
 * One system (`extra`: its apps' extra settings): a group, a warm-up batch, the sustained phase once
 * the projector has drained earlier runs, then (with `singles`) the single-batch rounds.
 */
async function run(extra: Record<string, string>, singles: boolean): Promise<Sustained> {
  const infraEnv = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const running = await system.startSystem({
    infraEnv,
    ports: PORTS,
    logDir: path.resolve(__dirname, '..', '..', '.onescale', 'logs', 'bench-visibility'),
    extra,
  });
  try {
    const group = (name: string) =>
      ok<{ apiKey: { key: string }; group: { id: string }; position: number }>(
        'POST',
        `${running.urls.gateway}/v1/groups`,
        running.adminKey,
        {
          name: `bench visibility ${name} ${Date.now()}`,
          type: 'government',
        },
      );
    const [created, neighbour] = [await group('flood'), await group('neighbour')];
    const key: string = created.apiKey.key;
    const groupUrl = `${running.urls.gateway}/v1/groups/${created.group.id}`;
    await visible(groupUrl, key, created.position);
    const warmUp = await ok<BatchReply>('POST', `${groupUrl}/things/batch`, key, { things: things('warm-up') });
    await visible(groupUrl, key, warmUp.position ?? 0);
    await drained(running.urls.metrics!);

    // The neighbour writes 10 things every half second while a flood lasts, and waits for each.
    const neighbourUrl = `${running.urls.gateway}/v1/groups/${neighbour.group.id}`;
    const besideNeighbour = async (flood: () => Promise<void>): Promise<number[]> => {
      const neighbourMs: number[] = [];
      let flooding = true;
      const probing = (async () => {
        while (flooding) {
          const reply = await write(`${neighbourUrl}/things/batch`, neighbour.apiKey.key, { things: things('neighbour').slice(0, 10) });
          const answered = now();
          await visible(neighbourUrl, neighbour.apiKey.key, reply.position ?? 0);
          neighbourMs.push(now() - answered);
          await new Promise((r) => setTimeout(r, 500));
        }
      })();
      try {
        await flood();
      } finally {
        flooding = false;
        await probing;
      }
      return neighbourMs;
    };

    // Sustained: one batch after another, each sent once the last was answered.
    const refusedBefore = refusedWrites;
    let t0 = 0;
    let accepted = 0;
    let shown = 0;
    const neighbourMs = await besideNeighbour(async () => {
      t0 = now();
      let position = -1;
      for (let i = 0; i < TOTAL / BATCH; i++) {
        const reply = await write(`${groupUrl}/things/batch`, key, { things: things(`sustained ${i}`) });
        if (reply.summary.success !== BATCH) throw new Error(`the gateway admitted ${reply.summary.success} of ${BATCH}`);
        position = reply.position ?? position;
      }
      accepted = now();
      await visible(groupUrl, key, position);
      shown = now();
    });
    const refused = refusedWrites - refusedBefore;

    // A hostile flood: as many batches at once as one key may have in flight, without waiting to see them.
    const floodBefore = refusedWrites;
    const floodNeighbourMs = await besideNeighbour(async () => {
      let next = 0;
      const writer = async () => {
        while (next < FLOOD_BATCHES) await write(`${groupUrl}/things/batch`, key, { things: things(`flood ${next++}`) });
      };
      await Promise.all(Array.from({ length: FLOOD_WRITERS }, writer));
    });
    await drained(running.urls.metrics!);
    const result = {
      neighbour: neighbourMs,
      refused,
      flood: { neighbour: floodNeighbourMs, refused: refusedWrites - floodBefore },
      acceptRate: (TOTAL / (accepted - t0)) * 1000,
      visibleRate: (TOTAL / (shown - t0)) * 1000,
      lastVisibleAfterMs: shown - accepted,
    };
    if (!singles) return result;

    const single: Array<{ responseMs: number; visibleMs: number }> = [];
    for (let round = 0; round < SINGLE_ROUNDS; round++) {
      const s0 = now();
      const reply = await write(`${groupUrl}/things/batch`, key, { things: things(`single ${round}`) });
      const s1 = now();
      await visible(groupUrl, key, reply.position ?? 0);
      single.push({ responseMs: s1 - s0, visibleMs: now() - s1 });
    }
    return { ...result, single };
  } finally {
    await running.stop();
  }
}

async function main(): Promise<void> {
  // The same system with its writes unpaced (PACE_BACKLOG=0: ingest does not wait for the projector),
  // first: what the projector's own speed allows against ingest's.
  const unpaced = await run({ PACE_BACKLOG: '0' }, false);
  const paced = await run({}, true);
  const single = paced.single!;
  const response = summarize(single.map((s) => s.responseMs));
  const afterResponse = summarize(single.map((s) => s.visibleMs));

  const row = (measure: string, goal: string, value: (r: Sustained) => string) => ({
    measure,
    paced: value(paced),
    unpaced: value(unpaced),
    goal,
  });
  printTable(`sustained: ${TOTAL} things through the gateway in batches of ${BATCH}, one tenant`, [
    row('accept rate (things/s)', '', (r) => fmt(r.acceptRate, 0)),
    row('visible rate (things/s)', '', (r) => fmt(r.visibleRate, 0)),
    row('visible rate / accept rate', '>= 0.90', (r) => fmt(r.visibleRate / r.acceptRate, 2)),
    row('last thing visible after the last response (ms)', '< 5000', (r) => fmt(r.lastVisibleAfterMs, 0)),
    row('another tenant’s 10 things: response → visible p50 (ms)', '', (r) => fmt(summarize(r.neighbour).p50, 0)),
    row('another tenant’s 10 things: response → visible p99 (ms)', '', (r) => fmt(summarize(r.neighbour).p99, 0)),
    row('writes refused (429 projection_backlog) and sent again', '', (r) => String(r.refused)),
  ]);
  printTable(`a flood: ${FLOOD_BATCHES} batches of ${BATCH}, ${FLOOD_WRITERS} at once, one tenant; another tenant beside it`, [
    row('another tenant’s 10 things: response → visible p50 (ms)', '', (r) => fmt(summarize(r.flood.neighbour).p50, 0)),
    row('another tenant’s 10 things: response → visible p99 (ms)', '< 5000', (r) => fmt(summarize(r.flood.neighbour).p99, 0)),
    row('the flood’s writes refused (429 projection_backlog) and sent again', '', (r) => String(r.flood.refused)),
  ]);
  printTable(`single ${BATCH}-thing batches through the gateway (${SINGLE_ROUNDS} rounds, paced, ms)`, [
    { measure: 'response', p50: fmt(response.p50, 0), p99: fmt(response.p99, 0), goal: '' },
    { measure: 'response → visible', p50: fmt(afterResponse.p50, 0), p99: fmt(afterResponse.p99, 0), goal: '< 2000' },
  ]);
  const sustained = (r: Sustained) => ({
    things: TOTAL,
    acceptRate: r.acceptRate,
    visibleRate: r.visibleRate,
    ratio: r.visibleRate / r.acceptRate,
    lastVisibleAfterMs: r.lastVisibleAfterMs,
    neighbour: summarize(r.neighbour),
    refused: r.refused,
    flood: { neighbour: summarize(r.flood.neighbour), refused: r.flood.refused },
  });
  writeResults('visibility', {
    sustained: sustained(paced),
    unpaced: sustained(unpaced),
    single: { rounds: single, response, afterResponse },
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
