import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import type { Producer } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { CONSUMER_GROUPS, TOPICS } from '@onescale/ontology';
import { EventPublisher, Shards, createKafka, ensureTopics, hotDocOf, hotStoreDbName } from '@onescale/platform';
import { PROGRESS } from '../apps/metrics/src/store/collections';
import {
  getJson,
  getWhenProjected,
  postJson,
  startApp,
  startAtTopicEnds,
  waitReady,
  type BatchReply,
  type GroupCreated,
  type ThingsPage,
} from './apps';
import { benchHistory, type BenchGroup } from './metrics/bench-history';
import { stopApp, withReadApps } from './metrics/read-apps';
import { seed } from './metrics/seed';
import { scanCreatorStats, scanGroupMetrics } from './metrics/scan-baseline';
import { dropDatabases } from './hot-store-seed';
import { fmt, now, peakRssMb, printTable, summarize, writeResults, type LatencySummary } from './support';

/**
 * The metrics service against baselines measured in the same run on the same servers:
 * 1. projection throughput (Kafka → event store → read models) vs a raw bulk upsert of one
 *    equivalent document per event into the same database (and vs a bare insertMany);
 * 2. freshness: from ingest's response to a 10,000-thing batch until metrics shows it;
 * 3. read latency of creator stats and group metrics with 1K, 100K and 1M events in the group,
 *    vs the seed's approach: scanning the group's events on every read. The groups' events are in
 *    Kafka at their offsets; the apps that answer the reads project their partitions.
 */
const PORTS = { metrics: 3290, ingest: 3291, quota: 3292, uncached: 3293 };
const SHARDS = Number(process.env.BENCH_METRICS_SHARDS ?? 1);
const THROUGHPUT_EVENTS = Number(process.env.BENCH_METRICS_THROUGHPUT ?? 20_000);
const SIZES = (process.env.BENCH_METRICS_SIZES ?? '1000,100000,1000000').split(',').map(Number);
const READS = 500;
/** Phases to run (all by default): throughput, freshness, reads. */
const PHASES = new Set((process.env.BENCH_METRICS_PHASES ?? 'throughput,freshness,reads').split(','));
const env = process.env as Record<string, string>;
const run = Date.now().toString(36);

/** Waits until the metrics app has projected `offset` of `partition` (its progress document). */
const projectedTo = async (db: Db, partition: number, offset: number): Promise<void> => {
  for (;;) {
    const doc = await db.collection<{ _id: string; offset: number }>(PROGRESS).findOne({ _id: `events-${partition}` });
    if ((doc?.offset ?? -1) >= offset) return;
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A full collection in this process (`npm run bench` runs it with --expose-gc). */
const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Latency samples (ms) of `count` sequential calls of `read`, appended to `into`. */
const sample = async (into: number[], count: number, read: (i: number) => Promise<unknown>, from = 0): Promise<void> => {
  for (let i = from; i < from + count; i++) {
    const t0 = now();
    await read(i);
    into.push(now() - t0);
  }
};

const latencies = async (count: number, read: (i: number) => Promise<unknown>): Promise<LatencySummary> => {
  const samples: number[] = [];
  await sample(samples, count, read);
  return summarize(samples);
};

async function throughput(db: Db, metricsUrl: string, publisher: EventPublisher) {
  const group = benchHistory(`bench-tp-${run}`, THROUGHPUT_EVENTS, { persons: 500, content: 100, now: Date.now() });
  const events = [...group.chunks(THROUGHPUT_EVENTS)].flat();
  const t0 = now();
  let last = { partition: 0, offset: -1 };
  for (let i = 0; i < events.length; i += 1000) last = (await publisher.publish(TOPICS.events, events.slice(i, i + 1000))).get(group.id)!;
  await projectedTo(db, last.partition, last.offset);
  const projectionMs = now() - t0;
  await getJson(`${metricsUrl}/v1/groups/${group.id}/metrics`);

  // The raw baselines: one document per event, of the stored event's size, by `_id`, in the same
  // database and the same shard layout; upserts in FerretDB-safe commands of 25, then a bare insert.
  const raw = new Shards(db, SHARDS, `rawbench_${run}_`);
  const docs = events.map((e, i) => hotDocOf(e, { partition: last.partition, offset: i }));
  const byShard = new Map<string, typeof docs>();
  for (const d of docs) {
    const name = raw.name('upsert', d._id);
    const list = byShard.get(name);
    if (list) list.push(d);
    else byShard.set(name, [d]);
  }
  const t1 = now();
  for (const [name, list] of byShard) {
    for (let i = 0; i < list.length; i += 25) {
      await db.collection<{ _id: string }>(name).bulkWrite(
        list.slice(i, i + 25).map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })),
        { ordered: false },
      );
    }
  }
  const upsertMs = now() - t1;
  const t2 = now();
  for (let i = 0; i < docs.length; i += 5000)
    await db.collection<{ _id: string }>(`rawbench_${run}_insert`).insertMany(docs.slice(i, i + 5000), { ordered: false });
  const insertMs = now() - t2;
  const perSecond = (ms: number) => (events.length / ms) * 1000;
  return {
    events: events.length,
    projectionPerSecond: perSecond(projectionMs),
    rawUpsertPerSecond: perSecond(upsertMs),
    rawInsertPerSecond: perSecond(insertMs),
    ratioToUpsert: perSecond(projectionMs) / perSecond(upsertMs),
    ratioToInsert: perSecond(projectionMs) / perSecond(insertMs),
  };
}

async function freshness(db: Db, metricsUrl: string) {
  const quota = startApp('quota', PORTS.quota, {
    MONGODB_DB: `bench_metrics_quota_${run}`,
    INGEST_URL: `http://127.0.0.1:${PORTS.ingest}`,
  });
  const ingestLog = process.env.BENCH_METRICS_LOG && `${process.env.BENCH_METRICS_LOG}.ingest`; // its per-batch step timings
  const ingest = startApp(
    'ingest',
    PORTS.ingest,
    { MONGODB_DB: `bench_metrics_ingest_${run}`, QUOTA_URL: `http://127.0.0.1:${PORTS.quota}` },
    ingestLog,
  );
  const base = `http://127.0.0.1:${PORTS.ingest}`;
  try {
    await Promise.all([waitReady(base), waitReady(`http://127.0.0.1:${PORTS.quota}`)]);
    const { group, position } = await postJson<GroupCreated>(`${base}/v1/groups`, { name: `bench metrics ${run}`, type: 'government' });
    await getWhenProjected(`${metricsUrl}/v1/groups/${group.id}/metrics?minPosition=${position}`);
    const samples: Array<{ responseToVisibleMs: number; requestToVisibleMs: number; ingestMs: number }> = [];
    for (let round = 0; round < 3; round++) {
      const things = Array.from({ length: 10_000 }, (_, i) => ({
        type: i % 2 ? 'blog_post' : 'audience_member',
        name: `fresh ${round} ${i}`,
        properties: { i },
      }));
      const t0 = now();
      const reply = await postJson<BatchReply>(`${base}/v1/groups/${group.id}/things/batch`, { things });
      const t1 = now();
      if (reply.summary.success !== 10_000) throw new Error(`ingest admitted ${reply.summary.success} of 10,000`);
      // visible = the metrics app answers the list with the batch's position applied
      const page = await getWhenProjected<ThingsPage>(`${metricsUrl}/v1/groups/${group.id}/things?limit=1&minPosition=${reply.position}`);
      if (page.items.length === 0) throw new Error('the batch is projected but its things are not listed');
      const t2 = now();
      samples.push({ responseToVisibleMs: t2 - t1, requestToVisibleMs: t2 - t0, ingestMs: t1 - t0 });
    }
    return { source: 'ingest POST things/batch (10,000 things)', samples, ...summarize(samples.map((s) => s.responseToVisibleMs)) };
  } finally {
    ingest.kill('SIGTERM');
    quota.kill('SIGTERM');
    await dropDatabases(db.client, [`bench_metrics_quota_${run}`, `bench_metrics_ingest_${run}`]);
  }
}

const READ_ROUTES = ['creatorStats', 'groupMetrics', 'creatorStatsUncached', 'groupMetricsUncached', 'httpFloor', 'findOneFloor'] as const;
type ReadRoute = (typeof READ_ROUTES)[number];
/** Reads are measured in rounds that visit every size in turn, so a noisy moment of the machine falls on all sizes alike. */
const READ_ROUNDS = 5;

/** The calls measured for one group: the cached and uncached reads, and two floors for context. */
function readCalls(db: Db, metricsUrl: string, uncachedUrl: string, group: BenchGroup): Record<ReadRoute, (i: number) => Promise<unknown>> {
  const creator = (i: number) => group.creators[i % group.creators.length]!;
  return {
    creatorStats: (i) => getJson(`${metricsUrl}/v1/groups/${group.id}/creators/${creator(i)}/stats`),
    groupMetrics: () => getJson(`${metricsUrl}/v1/groups/${group.id}/metrics`),
    // Every read a miss (READ_CACHE_ENTRIES=0): what a read costs while its partition keeps moving.
    creatorStatsUncached: (i) => getJson(`${uncachedUrl}/v1/groups/${group.id}/creators/${creator(i)}/stats`),
    groupMetricsUncached: () => getJson(`${uncachedUrl}/v1/groups/${group.id}/metrics`),
    // An HTTP round trip to the app that reads nothing, and one document read by `_id`.
    httpFloor: () => fetch(`${metricsUrl}/health`).then((r) => r.text()),
    findOneFloor: (i) => db.collection<{ _id: string }>('entities').findOne({ _id: creator(i) }),
  };
}

/** READS sequential calls per group and route, in READ_ROUNDS rounds over all groups, after a warm-up of each. */
async function reads(db: Db, metricsUrl: string, uncachedUrl: string, groups: readonly BenchGroup[]) {
  const calls = groups.map((g) => readCalls(db, metricsUrl, uncachedUrl, g));
  const samples = groups.map(() => Object.fromEntries(READ_ROUTES.map((r) => [r, [] as number[]])) as Record<ReadRoute, number[]>);
  // The seeding's garbage is this process's, not the apps' latency: collected once, and the
  // collector's background work left to finish before anything is measured.
  collectGarbage();
  await new Promise((r) => setTimeout(r, 3000));
  for (const c of calls) for (const route of READ_ROUTES) await sample([], 20, c[route]);
  const perRound = Math.ceil(READS / READ_ROUNDS);
  for (let round = 0; round < READ_ROUNDS; round++) {
    for (const [g, c] of calls.entries())
      for (const route of READ_ROUTES) await sample(samples[g]![route], perRound, c[route], round * perRound);
  }
  return samples.map((s) => Object.fromEntries(READ_ROUTES.map((r) => [r, summarize(s[r])])) as Record<ReadRoute, LatencySummary>);
}

async function scans(db: Db, group: BenchGroup, samples: number) {
  const creator = (i: number) => group.creators[i % group.creators.length]!;
  const stats = await latencies(samples, (i) => scanCreatorStats(db, group.id, creator(i), Date.now()));
  const metrics = await latencies(samples, () => scanGroupMetrics(db, group.id, Date.now()));
  return { creatorStats: stats, groupMetrics: metrics, samples };
}

async function throughputPhase(db: Db, metricsUrl: string, publisher: EventPublisher, results: Record<string, unknown>): Promise<void> {
  const tp = await throughput(db, metricsUrl, publisher);
  results.throughput = tp;
  printTable('projection throughput (events/s), same database, same run', [
    { path: 'projector: Kafka → event store → read models', 'events/s': fmt(tp.projectionPerSecond, 0), ratio: '1.00' },
    {
      path: 'raw bulk upsert, 1 document per event (25 per command)',
      'events/s': fmt(tp.rawUpsertPerSecond, 0),
      ratio: fmt(tp.ratioToUpsert, 2),
    },
    { path: 'raw insertMany, 1 document per event', 'events/s': fmt(tp.rawInsertPerSecond, 0), ratio: fmt(tp.ratioToInsert, 2) },
  ]);
}

/** Without ingest (it did not start or has no batch route): 10,000 thing_created events published directly, timed from the publish's ack. */
async function freshnessFromPublish(metricsUrl: string, publisher: EventPublisher) {
  const group = benchHistory(`bench-fresh-${run}`, 10_001, { persons: 5000, content: 5000, now: Date.now() });
  const [events] = [...group.chunks(10_001)];
  const created = (await publisher.publish(TOPICS.events, events!.slice(0, 1))).get(group.id)!;
  await getWhenProjected(`${metricsUrl}/v1/groups/${group.id}/metrics?minPosition=${created.offset}`);
  const t0 = now();
  const position = (await publisher.publish(TOPICS.events, events!.slice(1))).get(group.id)!.offset;
  const t1 = now();
  const page = await getWhenProjected<ThingsPage>(`${metricsUrl}/v1/groups/${group.id}/things?limit=1&minPosition=${position}`);
  if (page.items.length === 0) throw new Error('the batch is projected but its things are not listed');
  const t2 = now();
  const samples = [{ responseToVisibleMs: t2 - t1, requestToVisibleMs: t2 - t0, ingestMs: t1 - t0 }];
  return {
    source: 'publish of 10,000 thing_created events (ingest unavailable)',
    samples,
    ...summarize(samples.map((x) => x.responseToVisibleMs)),
  };
}

async function freshnessPhase(db: Db, metricsUrl: string, publisher: EventPublisher, results: Record<string, unknown>): Promise<void> {
  try {
    const fresh = await freshness(db, metricsUrl).catch(async (error: Error) => {
      console.log(`ingest not usable (${error.message}); measuring freshness from publish time instead`);
      return freshnessFromPublish(metricsUrl, publisher);
    });
    results.freshness = fresh;
    printTable(
      `freshness: ${fresh.source}`,
      fresh.samples.map((s, i) => ({
        round: i + 1,
        'ingest ms': fmt(s.ingestMs, 0),
        'response → visible ms': fmt(s.responseToVisibleMs, 0),
        'request → visible ms': fmt(s.requestToVisibleMs, 0),
      })),
    );
  } catch (error) {
    results.freshness = { error: (error as Error).message };
    console.log(`freshness not measured: ${(error as Error).message}`);
  }
}

interface SeededGroup {
  readonly size: number;
  readonly group: BenchGroup;
  readonly seedSeconds: number;
  readonly storeSize: number;
  readonly scan: Awaited<ReturnType<typeof scans>>;
}

async function seedGroups(db: Db, producer: Producer): Promise<SeededGroup[]> {
  const groups: SeededGroup[] = [];
  for (const size of SIZES) {
    // The same people and content at every size: only the number of events differs.
    const group = benchHistory(`bench-${size}-${run}`, size, { persons: 100, content: 50, now: Date.now() });
    const seeded = await seed(db, group, producer, SHARDS);
    // The seed's approach pays a scan of the event store per read: measured while the store holds this group's events.
    const scan = await scans(db, group, size >= 1_000_000 ? 1 : size >= 100_000 ? 3 : 10);
    groups.push({ size, group, seedSeconds: seeded.seconds, storeSize: seeded.eventsInStore, scan });
    console.log(`seeded ${size} events in ${fmt(seeded.seconds, 1)} s; event store holds ${seeded.eventsInStore}`);
  }
  return groups;
}

async function readPhase(db: Db, groups: readonly SeededGroup[], results: Record<string, unknown>, readApp: ChildProcess): Promise<void> {
  const metricsUrl = `http://127.0.0.1:${PORTS.metrics}`;
  const uncachedUrl = `http://127.0.0.1:${PORTS.uncached}`;
  // Read models of every size measured with the same tables (after all seeding): latency must not depend on the event count.
  const rows: Array<Record<string, string>> = [];
  const readResults: Record<string, unknown> = {};
  const measured = await reads(
    db,
    metricsUrl,
    uncachedUrl,
    groups.map((g) => g.group),
  );
  const projected = new Map(groups.map((g, i) => [g.size, measured[i]!] as const));
  for (const g of groups) {
    const r = projected.get(g.size)!;
    readResults[g.size] = { projected: r, scan: g.scan, seedSeconds: g.seedSeconds, eventStoreSize: g.storeSize };
    rows.push({
      events: String(g.size),
      route: 'floors: GET /health | findOne',
      'p50 ms': `${fmt(r.httpFloor.p50, 2)} | ${fmt(r.findOneFloor.p50, 2)}`,
      'p99 ms': `${fmt(r.httpFloor.p99, 2)} | ${fmt(r.findOneFloor.p99, 2)}`,
      'scan p50 ms': '',
      'scan p99 ms': '',
      'scan samples': '',
      'x faster (p50)': '',
    });
    for (const route of ['creatorStats', 'groupMetrics'] as const) {
      const uncached = r[`${route}Uncached`];
      rows.push({
        events: String(g.size),
        route: `${route}, no read cache`,
        'p50 ms': fmt(uncached.p50, 2),
        'p99 ms': fmt(uncached.p99, 2),
        'scan p50 ms': '',
        'scan p99 ms': '',
        'scan samples': '',
        'x faster (p50)': fmt(g.scan[route].p50 / uncached.p50, 0),
      });
      rows.push({
        events: String(g.size),
        route,
        'p50 ms': fmt(r[route].p50, 2),
        'p99 ms': fmt(r[route].p99, 2),
        'scan p50 ms': fmt(g.scan[route].p50, 0),
        'scan p99 ms': fmt(g.scan[route].p99, 0),
        'scan samples': String(g.scan.samples),
        'x faster (p50)': fmt(g.scan[route].p50 / r[route].p50, 0),
      });
    }
  }
  results.reads = readResults;
  printTable(`read latency (HTTP, sequential, ${READ_ROUNDS} rounds over every size) vs scanning the event store on read`, rows);
  const p50 = (size: number, route: 'creatorStats' | 'groupMetrics') => projected.get(size)![route].p50;
  const small = SIZES[0]!;
  const large = SIZES[SIZES.length - 1]!;
  const flatness = {
    creatorStats: p50(large, 'creatorStats') / p50(small, 'creatorStats'),
    groupMetrics: p50(large, 'groupMetrics') / p50(small, 'groupMetrics'),
  };
  results.flatness = flatness;
  console.log(
    `flatness p50(${large}) / p50(${small}): creator stats ${fmt(flatness.creatorStats, 2)}, group metrics ${fmt(flatness.groupMetrics, 2)}`,
  );
  results.peakRssMbReads = { bench: peakRssMb(), metrics: peakRssMb(readApp.pid ?? 'self') };
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']); // the in-process projector (seeding) logs its batches at debug
  const mongo = new MongoClient(env.MONGODB_URI!, { directConnection: true, maxPoolSize: 20 });
  await mongo.connect();
  const dbName = `bench_metrics_${run}`;
  const db = mongo.db(dbName);
  const kafka = createKafka('bench-metrics', env.KAFKA_BROKERS!.split(','));
  await ensureTopics(kafka);
  const suffix = `.bench.${run}`;
  const publisher = new EventPublisher(kafka, 'ingest');
  const results: Record<string, unknown> = { shards: SHARDS };
  try {
    if (PHASES.has('throughput') || PHASES.has('freshness')) {
      await startAtTopicEnds(kafka, `${CONSUMER_GROUPS.metricsProjector}${suffix}`);
      const metricsApp = startApp(
        'metrics',
        PORTS.metrics,
        { MONGODB_DB: dbName, CONSUMER_GROUP_SUFFIX: suffix, READ_MODEL_SHARDS: String(SHARDS), READ_WAIT_MS: '30000' },
        process.env.BENCH_METRICS_LOG,
      ); // BENCH_METRICS_LOG=<file>: its log at debug level (per-batch timings)
      const metricsUrl = `http://127.0.0.1:${PORTS.metrics}`;
      try {
        await waitReady(metricsUrl);
        if (PHASES.has('throughput')) await throughputPhase(db, metricsUrl, publisher, results);
        if (PHASES.has('freshness')) await freshnessPhase(db, metricsUrl, publisher, results);
        results.peakRssMb = { bench: peakRssMb(), metrics: peakRssMb(metricsApp.pid ?? 'self') };
      } finally {
        await stopApp(metricsApp); // it would project the seeded events too
      }
    }
    if (PHASES.has('reads')) {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      try {
        const groups = await seedGroups(db, producer);
        await withReadApps(kafka, { dbName, suffix, shards: SHARDS, ports: { reads: PORTS.metrics, uncached: PORTS.uncached } }, (apps) =>
          readPhase(db, groups, results, apps[0]!),
        );
      } finally {
        await producer.disconnect();
      }
    }
    writeResults('metrics', results);
  } finally {
    await publisher.disconnect();
    if (!process.env.BENCH_KEEP_DB) await dropDatabases(mongo, [dbName, hotStoreDbName(dbName)]);
    await mongo.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
