import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Connection } from 'mongoose';
import { DAY_MS, objectKey, planObjects, toNdjson, utcDay, type EventEnvelope } from '@onescale/ontology';
import { S3Storage, connectMongo } from '@onescale/platform';
import { DELETES_PER_COMMAND } from '../apps/archiver/src/hot-store/hot-events';
import { fmt, now, printTable, writeResults } from './support';

/**
 * The archiver's throughput and memory: N old events (3 groups, 40 UTC days) archived by a real
 * `main.js --once` process (read, gzip NDJSON, put, read back and verify, manifests, delete from the
 * hot store by id, events_archived), against the raw cost of the part no archiver can avoid, measured
 * in the same run on an identical second copy of the hot store: putting the same gzip objects into
 * the same S3 and deleting the same documents with the same statements. Flags: `--sizes=100000,1000000`,
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

async function seed(db: Connection, groups: readonly string[], count: number): Promise<void> {
  const events = db.collection<{ _id: string; [field: string]: unknown }>('events');
  await events.createIndex({ groupId: 1, timestamp: 1, _id: 1 });
  await events.createIndex({ rootGroupId: 1, timestamp: 1 });
  for (let start = 0; start < count; start += 5000) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + 5000); i++) {
      const { id, data, ...rest } = eventAt(groups, i);
      docs.push({ _id: id, ...rest, data: JSON.stringify(data), partition: 0, offset: i });
    }
    await events.insertMany(docs, { ordered: false });
  }
}

/** The baseline: the same objects put, then the same documents deleted, with nothing else. */
async function raw(db: Connection, prefix: string): Promise<{ readGzipMs: number; putMs: number; deleteMs: number; objects: number; events: number }> {
  let t = now();
  const docs = db.collection('events').find({ timestamp: { $lt: FAKE_NOW - 365 * DAY_MS } }).sort({ groupId: 1, timestamp: 1, _id: 1 }).batchSize(2000);
  const objects: Array<{ key: string; body: Buffer; ids: string[] }> = [];
  let chunk: EventEnvelope[] = [];
  const flush = (): void => {
    for (const plan of planObjects(chunk, 1000, () => randomUUID())) {
      objects.push({ key: `${prefix}${objectKey(plan.groupId, plan.day, plan.objectId)}`, body: gzipSync(toNdjson(plan.events)), ids: plan.events.map((e) => e.id) });
    }
    chunk = [];
  };
  for await (const d of docs) {
    const e = { id: String(d._id), type: d.type, groupId: d.groupId, rootGroupId: d.rootGroupId, actorId: d.actorId, targetId: d.targetId, timestamp: d.timestamp, recordedAt: d.recordedAt, data: JSON.parse(d.data), schemaVersion: d.schemaVersion };
    const last = chunk[chunk.length - 1];
    if (last !== undefined && (last.groupId !== e.groupId || utcDay(last.timestamp) !== utcDay(e.timestamp) || chunk.length >= 1000)) flush();
    chunk.push(e);
  }
  flush();
  const readGzipMs = now() - t;

  t = now();
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < objects.length) {
      const object = objects[next++]!;
      await s3.put(object.key, object.body);
    }
  }));
  const putMs = now() - t;

  t = now();
  const ids = objects.flatMap((o) => o.ids);
  // the archiver's statements: one `deleteOne({_id})` per document, DELETES_PER_COMMAND to a command, unordered
  for (let i = 0; i < ids.length; i += DELETES_PER_COMMAND) {
    const statements = ids.slice(i, i + DELETES_PER_COMMAND).map((_id) => ({ deleteOne: { filter: { _id } } }));
    await db.collection<{ _id: string }>('events').bulkWrite(statements, { ordered: false });
  }
  const deleteMs = now() - t;
  return { readGzipMs, putMs, deleteMs, objects: objects.length, events: objects.reduce((n, o) => n + o.ids.length, 0) };
}

/** Runs `main.js --once` on the second copy; its last log line carries the run's result and peak RSS. */
function archiveOnce(env: Record<string, string>): Promise<{ wallMs: number; result: Record<string, unknown> | null; code: number | null }> {
  const t = now();
  const child = spawn(process.execPath, [...(HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : []), path.join(repoRoot, 'dist', 'apps', 'archiver', 'src', 'main.js'), '--once'], {
    env: { ...process.env, LOG_LEVEL: 'info', INTERNAL_TOKEN: process.env.INTERNAL_TOKEN ?? 'bench-internal-token-0123456789', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let result: Record<string, unknown> | null = null;
  let buffer = '';
  child.stdout.on('data', (data: Buffer) => {
    buffer += data.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) if (line.includes('"archival pass done"')) result = JSON.parse(line) as Record<string, unknown>;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ wallMs: now() - t, result, code })));
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
  const results: unknown[] = [];
  for (const size of SIZES) {
    const suffix = randomUUID().slice(0, 8);
    const groups = [1, 2, 3].map((n) => `bench-${suffix}-g${n}`);
    const [rawDb, hotDb] = await Promise.all([connectMongo(mongoUri, `bench_arch_raw_${suffix}`), connectMongo(mongoUri, `bench_arch_hot_${suffix}`)]);
    const archiveDb = `bench_arch_${suffix}`;
    try {
      const t = now();
      await Promise.all([seed(rawDb, groups, size), seed(hotDb, groups, size)]);
      console.log(`seeded 2 × ${size} events in ${fmt((now() - t) / 1000)} s`);
      const baseline = await raw(rawDb, `bench-raw/${suffix}/`);
      console.log(`raw: read+gzip ${fmt(baseline.readGzipMs / 1000)} s, put ${baseline.objects} objects ${fmt(baseline.putMs / 1000)} s, delete ${fmt(baseline.deleteMs / 1000)} s`);
      const run = await archiveOnce({ HOT_STORE_DB: `bench_arch_hot_${suffix}`, MONGODB_DB: archiveDb, ONESCALE_FAKE_NOW: String(FAKE_NOW), ARCHIVAL_CRON: 'off', DELETE_BATCH_SIZE: String(DELETE_BATCH) });
      const archived = Number(run.result?.totalArchived ?? 0);
      const runMs = Number(run.result?.totalTime ?? NaN);
      const archiverEps = archived / (runMs / 1000);
      const rawEps = baseline.events / ((baseline.putMs + baseline.deleteMs) / 1000);
      const peak = Number(run.result?.peakRssMb ?? NaN);
      const row = {
        events: size,
        'archiver ev/s': fmt(archiverEps, 0),
        'run s': fmt(runMs / 1000),
        'peak RSS MB': peak,
        'raw put+delete ev/s': fmt(rawEps, 0),
        'archiver/raw': fmt(archiverEps / rawEps, 2),
        'raw read+gzip s': fmt(baseline.readGzipMs / 1000),
        'target (1M: <60 s, <300 MB)': size >= 1_000_000 ? (runMs < 60_000 && peak < 300 ? 'met' : 'missed') : '-',
      };
      rows.push(row);
      results.push({ size, heapCapMb: HEAP_MB || null, archived, exitCode: run.code, runMs, processWallMs: run.wallMs, peakRssMb: peak, archiverEventsPerSecond: archiverEps, raw: { ...baseline, eventsPerSecond: rawEps }, ratio: archiverEps / rawEps });
      if (archived !== size) console.error(`the archiver archived ${archived} of ${size} events (exit ${run.code})`);
    } finally {
      await removeObjects([`bench-raw/${suffix}/`, ...groups.map((g) => `events/${g}/`)]).catch(() => undefined);
      await Promise.allSettled([rawDb.dropDatabase(), hotDb.dropDatabase()]);
      const archive = await connectMongo(mongoUri, archiveDb);
      await archive.dropDatabase().catch(() => undefined);
      await Promise.allSettled([rawDb.close(), hotDb.close(), archive.close()]);
    }
  }
  printTable(`archiver: old events archived by \`main.js --once\` (heap cap ${HEAP_MB || 'none'} MB) vs raw put + delete of the same objects and documents (same run)`, rows);
  writeResults('archiver', results);
  s3.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
