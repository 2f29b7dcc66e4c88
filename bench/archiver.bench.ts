import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Connection } from 'mongoose';
import { DAY_MS, objectKey, planObjects, toNdjson, type EventEnvelope } from '@onescale/ontology';
import { HOT_EVENTS, HotEventStore, S3Storage, connectMongo, envelopeOf } from '@onescale/platform';
import { seedHotStore } from './hot-store-seed';
import { fmt, now, printTable, writeResults } from './support';

/**
 * The archiver's throughput and memory: N old events (3 groups, 40 UTC days) archived by a real
 * `main.js --once` process (seal each day, read it, gzip NDJSON, put with its checksum, verify,
 * manifests, drop the day, events_archived), against the raw cost of the part no archiver can avoid,
 * measured in the same run on an identical second copy of the hot store: reading the same events
 * day by day, gzipping the same objects, putting them into the same S3 and dropping the days.
 * Target at 1M: < 120 s, ≤ 1.25× the raw cost, peak RSS < 300 MB. Flags: `--sizes=100000,1000000`,
 * `--heap=128` (the archiver's --max-old-space-size; 0 for none).
 */

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SIZES = (arg('sizes') ?? process.env.BENCH_ARCHIVER_SIZES ?? '100000,1000000').split(',').map(Number);
const DELETE_BATCH = 10_000;
/**
 * The archiver's heap cap, as its pod sets it (NODE_OPTIONS): its working set is a few objects, but
 * without a cap V8 lets the heap grow lazily with the garbage of a long run (~260 MB RSS at 100k).
 */
const HEAP_MB = Number(arg('heap') ?? 128);
const FAKE_NOW = Date.UTC(2031, 0, 15, 12);
const repoRoot = path.resolve(__dirname, '..', '..');
const s3 = new S3Storage({
  endpoint: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:7070',
  region: process.env.S3_REGION ?? 'us-east-1',
  bucket: process.env.S3_BUCKET ?? 'onescale-archive',
  accessKeyId: process.env.S3_ACCESS_KEY_ID ?? 'onescale',
  secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? 'onescale-local-secret',
});
const mongoUri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';

/** A realistic client event: ~250 bytes stored. */
function eventAt(groups: readonly string[], i: number): EventEnvelope {
  const groupId = groups[i % groups.length]!;
  const newestDay = Math.floor(FAKE_NOW / DAY_MS) * DAY_MS - 400 * DAY_MS;
  const timestamp = newestDay - (Math.floor(i / groups.length) % 40) * DAY_MS + ((i * 7_919_113) % DAY_MS);
  return {
    id: `${groupId}-${String(i).padStart(8, '0')}`,
    type: i % 4 === 0 ? 'revenue_generated' : 'content_viewed',
    groupId,
    rootGroupId: groupId,
    actorId: `person-${i % 997}`,
    targetId: `thing-${i % 4999}`,
    timestamp,
    recordedAt: timestamp + 1500,
    data: { metadata: i % 4 === 0 ? { amount: i % 500, currency: 'USD' } : { path: `/posts/${i % 4999}`, referrer: 'newsletter' } },
    schemaVersion: 1,
  };
}

const byGroupTime = (a: EventEnvelope, b: EventEnvelope): number =>
  (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0) || a.timestamp - b.timestamp;

/** The baseline: the same events read day by day, gzipped into the same objects, put, and the days dropped. */
async function raw(
  db: Connection,
  prefix: string,
): Promise<{ readMs: number; gzipMs: number; putMs: number; dropMs: number; objects: number; events: number }> {
  const store = new HotEventStore(db.db!, HOT_EVENTS);
  const days = await store.partitions();
  let readMs = 0;
  let gzipMs = 0;
  let putMs = 0;
  let objects = 0;
  let events = 0;
  for (const { day } of days) {
    let t = now();
    const dayEvents: EventEnvelope[] = [];
    for await (const doc of store.read(day)) dayEvents.push(envelopeOf(doc));
    dayEvents.sort(byGroupTime);
    readMs += now() - t;
    t = now();
    const bodies: Array<{ key: string; body: Buffer }> = [];
    for (let start = 0; start < dayEvents.length;) {
      let end = start;
      while (end < dayEvents.length && dayEvents[end]!.groupId === dayEvents[start]!.groupId) end++;
      for (const plan of planObjects(dayEvents.slice(start, end), 1000, () => randomUUID())) {
        bodies.push({ key: `${prefix}${objectKey(plan.groupId, plan.day, plan.objectId)}`, body: gzipSync(toNdjson(plan.events)) });
      }
      start = end;
    }
    gzipMs += now() - t;
    t = now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < bodies.length) {
          const object = bodies[next++]!;
          await s3.put(object.key, object.body);
        }
      }),
    );
    putMs += now() - t;
    objects += bodies.length;
    events += dayEvents.length;
  }
  const t = now();
  for (const { day } of days) {
    await store.seal(day);
    await store.dropSealed(day);
  }
  return { readMs, gzipMs, putMs, dropMs: now() - t, objects, events };
}

/**
 * Runs `main.js --once` on the second copy; its last log line carries the run's result and peak RSS,
 * the run's own line the milliseconds per step.
 */
function archiveOnce(
  env: Record<string, string>,
): Promise<{ wallMs: number; result: Record<string, unknown> | null; steps: Record<string, number>; code: number | null }> {
  const t = now();
  const child = spawn(
    process.execPath,
    [
      ...(HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : []),
      path.join(repoRoot, 'dist', 'apps', 'archiver', 'src', 'main.js'),
      '--once',
    ],
    {
      env: { ...process.env, LOG_LEVEL: 'info', INTERNAL_TOKEN: process.env.INTERNAL_TOKEN ?? 'bench-internal-token-0123456789', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let result: Record<string, unknown> | null = null;
  let steps: Record<string, number> = {};
  let buffer = '';
  child.stdout.on('data', (data: Buffer) => {
    buffer += data.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      if (line.includes('"archival pass done"')) result = JSON.parse(line) as Record<string, unknown>;
      if (line.includes('"archival run finished"')) steps = (JSON.parse(line) as { steps: Record<string, number> }).steps;
    }
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ wallMs: now() - t, result, steps, code })));
}

async function removeObjects(prefixes: readonly string[]): Promise<void> {
  for (const prefix of prefixes) {
    const keys = (await s3.list(prefix)).map((o) => o.key);
    for (let i = 0; i < keys.length; i += 16) await Promise.all(keys.slice(i, i + 16).map((k) => s3.delete(k)));
  }
}

async function main(): Promise<void> {
  await s3.ensureBucket();
  const rows: Array<Record<string, string | number>> = [];
  const stepRows: Array<Record<string, string | number>> = [];
  const results: unknown[] = [];
  for (const size of SIZES) {
    const suffix = randomUUID().slice(0, 8);
    const groups = [1, 2, 3].map((n) => `bench-${suffix}-g${n}`);
    const [rawDb, hotDb] = await Promise.all([
      connectMongo(mongoUri, `bench_arch_raw_${suffix}`),
      connectMongo(mongoUri, `bench_arch_hot_${suffix}`),
    ]);
    const archiveDb = `bench_arch_${suffix}`;
    try {
      const t = now();
      await Promise.all([rawDb, hotDb].map((db) => seedHotStore(db.db!, size, (i) => eventAt(groups, i))));
      console.log(`seeded 2 × ${size} events in ${fmt((now() - t) / 1000)} s`);
      const baseline = await raw(rawDb, `bench-raw/${suffix}/`);
      console.log(
        `raw: read ${fmt(baseline.readMs / 1000)} s, gzip ${fmt(baseline.gzipMs / 1000)} s, put ${baseline.objects} objects ${fmt(baseline.putMs / 1000)} s, drop ${fmt(baseline.dropMs / 1000)} s`,
      );
      const run = await archiveOnce({
        HOT_STORE_DB: `bench_arch_hot_${suffix}`,
        MONGODB_DB: archiveDb,
        ONESCALE_FAKE_NOW: String(FAKE_NOW),
        ARCHIVAL_CRON: 'off',
        DELETE_BATCH_SIZE: String(DELETE_BATCH),
      });
      const archived = Number(run.result?.totalArchived ?? 0);
      const runMs = Number(run.result?.totalTime ?? NaN);
      const archiverEps = archived / (runMs / 1000);
      const rawMs = baseline.readMs + baseline.gzipMs + baseline.putMs + baseline.dropMs;
      const rawEps = baseline.events / (rawMs / 1000);
      const peak = Number(run.result?.peakRssMb ?? NaN);
      const row = {
        events: size,
        'archiver ev/s': fmt(archiverEps, 0),
        'run s': fmt(runMs / 1000),
        'peak RSS MB': peak,
        'raw read+gzip+put+drop s': fmt(rawMs / 1000),
        'run/raw time': fmt(runMs / rawMs, 2),
        'target (<120 s at 1M, ≤1.25× raw, <300 MB)':
          runMs / rawMs <= 1.25 && peak < 300 && (size < 1_000_000 || runMs < 120_000) ? 'met' : 'missed',
      };
      rows.push(row);
      stepRows.push({ events: size, ...Object.fromEntries(Object.entries(run.steps).map(([step, ms]) => [step, fmt(ms / 1000)])) });
      results.push({
        size,
        heapCapMb: HEAP_MB || null,
        archived,
        exitCode: run.code,
        runMs,
        processWallMs: run.wallMs,
        peakRssMb: peak,
        archiverEventsPerSecond: archiverEps,
        raw: { ...baseline, ms: rawMs, eventsPerSecond: rawEps },
        stepsMs: run.steps,
        ratio: runMs / rawMs,
      });
      if (archived !== size) console.error(`the archiver archived ${archived} of ${size} events (exit ${run.code})`);
    } finally {
      await removeObjects([`bench-raw/${suffix}/`, ...groups.map((g) => `events/${g}/`)]).catch(() => undefined);
      await Promise.allSettled([rawDb.dropDatabase(), hotDb.dropDatabase()]);
      const archive = await connectMongo(mongoUri, archiveDb);
      await archive.dropDatabase().catch(() => undefined);
      await Promise.allSettled([rawDb.close(), hotDb.close(), archive.close()]);
    }
  }
  printTable(
    `archiver: old events archived by \`main.js --once\` (heap cap ${HEAP_MB || 'none'} MB) vs a raw read + gzip + put of the same events and a drop of their days (same run)`,
    rows,
  );
  printTable('archiver: seconds per step of the run (concurrent steps, up to a few objects at once, are summed per operation)', stepRows);
  writeResults('archiver', results);
  s3.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
