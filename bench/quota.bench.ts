import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { INTERNAL_HEADERS, type Group } from '@onescale/ontology';
import { dropDatabases } from './hot-store-seed';
import { fmt, now, peakRssMb, printTable, summarize, writeResults, type LatencySummary } from './support';

// npm run bench -- quota: reservations through a spawned quota app (1 and 50 callers on one counter)
// and quota reads, each next to a raw single-document baseline on the same database in the same run.

const PORT = 3398;
const URL_ = `http://127.0.0.1:${PORT}`;
const TOKEN = process.env.INTERNAL_TOKEN ?? 'bench-internal-token-0123456789abcdef';
const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
const N = Number(process.env.QUOTA_BENCH_N ?? 2000);
const DB = `onescale_quota_bench_${randomUUID().slice(0, 8)}`;
const headers = { 'content-type': 'application/json', [INTERNAL_HEADERS.token]: TOKEN };

type Timed = LatencySummary & { perSecond: number };

/** Runs `count` calls with `concurrency` callers; only `timed` is measured, `after` runs untimed. */
async function run(
  count: number,
  concurrency: number,
  timed: (i: number) => Promise<unknown>,
  after?: (i: number, r: unknown) => Promise<unknown>,
): Promise<Timed> {
  const samples: number[] = [];
  let next = 0;
  const started = now();
  let busy = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t0 = now();
        const r = await timed(i);
        samples.push(now() - t0);
        if (after) {
          const t1 = now();
          await after(i, r);
          busy += now() - t1;
        }
      }
    }),
  );
  const elapsed = now() - started - busy / concurrency;
  return { ...summarize(samples), perSecond: (count / elapsed) * 1000 };
}

async function json(method: string, url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function waitReady(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`quota exited with ${child.exitCode}`);
    const ok = await fetch(`${URL_}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('quota was not ready in 90 s');
}

async function main(): Promise<void> {
  const group: Group = {
    id: `bench-${randomUUID()}`,
    slug: 'bench',
    name: 'bench',
    type: 'business',
    rootGroupId: '',
    plan: 'enterprise',
    status: 'active',
    settings: {},
    createdAt: Date.now(),
    updatedAt: Date.now(),
  };
  const root = { ...group, rootGroupId: group.id };
  // quota asks ingest about groups it has not seen: a stub that knows the bench's group.
  const ingest = createServer((req, res) =>
    req.url === `/internal/groups/${root.id}`
      ? res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(root))
      : res.writeHead(404).end(),
  );
  await new Promise<void>((r) => ingest.listen(0, '127.0.0.1', () => r()));
  const child = spawn(process.execPath, [path.resolve(__dirname, '..', 'apps', 'quota', 'src', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(PORT),
      INTERNAL_TOKEN: TOKEN,
      MONGODB_URI,
      MONGODB_DB: DB,
      LOG_LEVEL: 'warn',
      CONSUMER_GROUP_SUFFIX: `.bench${randomUUID().slice(0, 8)}`,
      INGEST_URL: `http://127.0.0.1:${(ingest.address() as AddressInfo).port}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const mongo = new MongoClient(MONGODB_URI, { directConnection: true });
  try {
    await waitReady(child);
    await mongo.connect();
    const raw = mongo.db(DB).collection<{ _id: string; n: number }>('bench_raw');

    // Every reservation is released right after (untimed), as a usage event would confirm it: the
    // counter holds few open reservations, as in service.
    const reserveOn = (key: string) => async (i: number) =>
      json('POST', `${URL_}/internal/reservations`, {
        reservationId: `${key}-${i}`,
        groupId: root.id,
        rootGroupId: root.id,
        metric: 'entities_total',
        amount: 1,
      });
    const release = async (_i: number, r: unknown) =>
      json(
        'DELETE',
        `${URL_}/internal/reservations/${(r as { reservationId: string }).reservationId}?rootGroupId=${root.id}&metric=entities_total`,
      );
    const rawInc = (id: string) => async () =>
      raw.findOneAndUpdate({ _id: id }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' });

    // Warm-up (JIT, connection pools, the counter's first state); the same for both sides.
    await run(1000, 1, reserveOn('warm'), release);
    await run(1000, 1, rawInc('warm'));
    await run(200, 1, () => json('GET', `${URL_}/v1/groups/${root.id}/quotas`));
    const res1 = await run(N, 1, reserveOn('one'), release);
    const raw1 = await run(N, 1, rawInc('one'));
    const res50 = await run(N, 50, reserveOn('fifty'), release);
    const raw50 = await run(N, 50, rawInc('fifty'));
    const lost = N - ((await raw.findOne({ _id: 'fifty' }))?.n ?? 0);

    const health = await run(N, 1, () => fetch(`${URL_}/health`).then((r) => r.text()));
    const read1 = await run(N, 1, () => json('GET', `${URL_}/v1/groups/${root.id}/quotas`));
    const read50 = await run(N, 50, () => json('GET', `${URL_}/v1/groups/${root.id}/quotas`));
    const rawRead = await run(N, 1, () => raw.findOne({ _id: 'one' }));

    const row = (what: string, callers: number, s: Timed, base: Timed | null) => ({
      what,
      callers,
      'p50 ms': fmt(s.p50, 2),
      'p99 ms': fmt(s.p99, 2),
      'ops/s': fmt(s.perSecond, 0),
      'p99 vs baseline': base ? `${fmt(s.p99 / base.p99, 1)}x` : '',
    });
    const rows = [
      row('reserve (HTTP, quota app)', 1, res1, raw1),
      row('baseline: raw findOneAndUpdate $inc', 1, raw1, null),
      row('reserve (HTTP, quota app)', 50, res50, raw50),
      row('baseline: raw findOneAndUpdate $inc', 50, raw50, null),
      row('quota read GET …/quotas', 1, read1, rawRead),
      row('quota read GET …/quotas', 50, read50, rawRead),
      row('baseline: raw findOne', 1, rawRead, null),
      row('HTTP floor: GET /health', 1, health, null),
    ];
    printTable(`quota benchmark (${N} operations each, database ${MONGODB_URI.replace(/\/\/.*@/, '//')})`, rows);
    console.log(
      `\nraw $inc with 50 callers lost ${lost} of ${N} increments (no atomic update on FerretDB); reservations never over-admit.`,
    );
    const targets = { reservationP99Under5ms: res1.p99 < 5, quotaReadP99Under10ms: read1.p99 < 10 };
    console.log(
      `targets: reservation p99 < 5 ms single-caller: ${targets.reservationP99Under5ms ? 'met' : 'MISSED'} (${fmt(res1.p99, 2)} ms); quota read p99 < 10 ms: ${targets.quotaReadP99Under10ms ? 'met' : 'MISSED'} (${fmt(read1.p99, 2)} ms)`,
    );
    writeResults('quota', {
      n: N,
      reservations: { oneCaller: res1, fiftyCallers: res50 },
      baselineRawFindOneAndUpdate: { oneCaller: raw1, fiftyCallers: raw50, lostIncrementsWithFifty: lost },
      quotaReads: { oneCaller: read1, fiftyCallers: read50 },
      baselineRawFindOne: rawRead,
      httpFloorHealth: health,
      ratios: {
        reserveP99VsRaw: res1.p99 / raw1.p99,
        reserve50PerSecondVsRaw: res50.perSecond / raw50.perSecond,
        readP99VsRaw: read1.p99 / rawRead.p99,
      },
      targets,
      peakRssMb: { bench: peakRssMb(), quota: child.pid ? peakRssMb(child.pid) : NaN },
    });
  } finally {
    child.kill('SIGTERM');
    await dropDatabases(mongo, [DB]);
    await mongo.close();
    ingest.close();
  }
}

main().catch((error: Error) => {
  console.error(`quota bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
