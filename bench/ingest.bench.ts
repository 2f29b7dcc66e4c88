import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { createKafka } from '@onescale/platform';
import { histogramTotals, postJson, startApp, waitReady, type BatchReply, type GroupCreated } from './apps';
import { fmt, now, peakRssMb, printTable, summarize, writeResults } from './support';

/**
 * Ingest's write path end to end (HTTP → validation → quota reservation → registry rows → outbox →
 * Kafka with acks=all) against two raw baselines measured in the same run on the same servers: a bare
 * `insertMany` of the same rows into the same database, and a bare kafkajs produce of the same events;
 * for a 10,000-thing batch also the two overlapped, the least a batch that answers with its position
 * can take.
 */
const PORTS = { ingest: 3621, quota: 3622 };
const env = process.env as Record<string, string>;

const things = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({
    type: i % 2 ? 'blog_post' : 'creator',
    name: `${tag} ${i}`,
    properties: { i, tag, body: 'x'.repeat(64) },
  }));

async function timeBatches(url: string, count: number, body: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = now();
    const reply = await postJson<BatchReply>(url, body());
    samples.push(now() - t0);
    if (reply.failed > 0) throw new Error(`batch had ${reply.failed} failures: ${JSON.stringify(reply.errors.slice(0, 2))}`);
  }
  return samples;
}

type Totals = Awaited<ReturnType<typeof histogramTotals>>;

/** Ingest's step histogram of things batches, and its HTTP histogram of the route, as one map. */
async function serverSteps(base: string): Promise<Totals> {
  const [steps, http] = await Promise.all([
    histogramTotals(base, 'onescale_ingest_batch_step_seconds', 'step', { kind: 'things' }),
    histogramTotals(base, 'onescale_http_request_duration_seconds', 'route', { method: 'POST' }),
  ]);
  const route = http.get('/v1/groups/:groupId/things/batch');
  return route ? new Map([...steps, ['http', route]]) : steps;
}

/**
 * Mean ms per batch of each service step between two readings, then what the steps leave out: the
 * rest of ingest's HTTP handling (body parsing, validation pipe, group lookup, reply) and the rest of
 * the client's time (serializing, transferring and parsing the bodies).
 */
function stepDeltas(before: Totals, after: Totals, clientMeanMs: number): Array<{ step: string; ms: number }> {
  const mean = (name: string) => {
    const a = after.get(name) ?? { sum: 0, count: 0 };
    const b = before.get(name) ?? { sum: 0, count: 0 };
    return a.count === b.count ? 0 : ((a.sum - b.sum) / (a.count - b.count)) * 1000;
  };
  const service = [...after.keys()].filter((name) => name !== 'http').map((step) => ({ step, ms: mean(step) }));
  const inService = service.reduce((sum, s) => sum + s.ms, 0);
  return [
    ...service,
    { step: 'HTTP outside the service (parse, pipe, group, reply)', ms: mean('http') - inService },
    { step: 'client and network', ms: clientMeanMs - mean('http') },
  ];
}

async function main(): Promise<void> {
  const suffix = Date.now();
  const quota = startApp('quota', PORTS.quota, { MONGODB_DB: `bench_quota_${suffix}`, INGEST_URL: `http://127.0.0.1:${PORTS.ingest}` });
  const ingest = startApp('ingest', PORTS.ingest, { MONGODB_DB: `bench_ingest_${suffix}`, QUOTA_URL: `http://127.0.0.1:${PORTS.quota}` });
  const base = `http://127.0.0.1:${PORTS.ingest}`;
  const mongo = new MongoClient(env.MONGODB_URI!, { directConnection: true });
  const kafka = createKafka('bench-ingest', env.KAFKA_BROKERS!.split(','));
  const rawTopic = `bench.ingest.raw.${suffix}`;
  try {
    await Promise.all([waitReady(base), waitReady(`http://127.0.0.1:${PORTS.quota}`)]);
    const { group } = await postJson<GroupCreated>(`${base}/v1/groups`, { name: `bench ${suffix}`, type: 'government' });
    const batchUrl = `${base}/v1/groups/${group.id}/things/batch`;
    await timeBatches(batchUrl, 2, () => ({ things: things(1000, 'warmup') }));

    const rows = (n: number, chunk: number) =>
      things(n, `raw ${chunk}`).map((t) => ({
        _id: randomUUID(),
        groupId: group.id,
        rootGroupId: group.id,
        type: t.type,
        name: t.name,
        properties: JSON.stringify(t.properties),
        status: 'draft',
        schemaVersion: 1,
        createdAt: Date.now(),
        updatedAt: Date.now(),
        version: 1,
        bytes: 100,
      }));
    const rawCollection = mongo.db(`bench_ingest_${suffix}`).collection<{ _id: string }>('raw_things');
    // The raw kafkajs baseline (idempotent, acks=all) produces to a scratch topic.
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: rawTopic, numPartitions: 3 }] });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const event = (i: number) =>
      JSON.stringify({
        id: randomUUID(),
        type: 'thing_created',
        groupId: group.id,
        rootGroupId: group.id,
        targetId: randomUUID(),
        timestamp: Date.now(),
        recordedAt: Date.now(),
        data: { thing: things(1, `e${i}`)[0], bytes: 100 },
        schemaVersion: 1,
      });
    /** `count` events, raw, in sends of 1,000 one after another. */
    const produce = async (count: number, from: number) => {
      for (let i = 0; i < count / 1000; i++)
        await producer.send({
          topic: rawTopic,
          acks: -1,
          messages: Array.from({ length: 1000 }, (_, j) => ({ key: group.id, value: event(from + i * 1000 + j) })),
        });
    };
    const latency: Record<string, ReturnType<typeof summarize>> = {};
    for (const [size, rounds] of [
      [100, 30],
      [1000, 10],
    ] as const) {
      latency[`things x${size}`] = summarize(await timeBatches(batchUrl, rounds, () => ({ things: things(size, `s${size}`) })));
    }
    // 10,000-thing batches, each followed by a raw insertMany of the same rows (baseline 1 below), and
    // by that insertMany overlapped with a raw produce of the same events: the two writes a batch that
    // answers with its position must make, at no cost beyond their own. All see the same load on the
    // shared machine; ingest's step timings cover exactly these batches.
    const stepsBefore = await serverSteps(base);
    const batch10k: number[] = [];
    const raw10k: number[] = [];
    const floor10k: number[] = [];
    for (let i = 0; i < 7; i++) {
      batch10k.push(...(await timeBatches(batchUrl, 1, () => ({ things: things(10_000, `s10000 ${i}`) }))));
      const batch = rows(10_000, 100 + i);
      const t = now();
      await rawCollection.insertMany(batch, { ordered: false });
      raw10k.push(now() - t);
      const overlapped = rows(10_000, 200 + i);
      const tf = now();
      await Promise.all([rawCollection.insertMany(overlapped, { ordered: false }), produce(10_000, i * 10_000)]);
      floor10k.push(now() - tf);
    }
    latency['things x10000'] = summarize(batch10k);
    const steps = stepDeltas(stepsBefore, await serverSteps(base), latency['things x10000'].mean);

    // 1,000 connections per batch between fresh creators and posts.
    const made = await postJson<BatchReply>(batchUrl, { things: things(10_000, 'graph') });
    const ids = made.created;
    let cursor = 0;
    latency['connections x1000'] = summarize(
      await timeBatches(`${base}/v1/groups/${group.id}/connections/batch`, 5, () => ({
        connections: Array.from({ length: 1000 }, () => {
          const from = ids[cursor]!;
          const to = ids[cursor + 1]!;
          cursor += 2;
          return { fromThingId: from, toThingId: to, relationshipType: 'authored' };
        }),
      })),
    );

    // Sustained: 100,000 things in batches of 10,000, one after another.
    const TOTAL = 100_000;
    const t0 = now();
    for (let i = 0; i < TOTAL / 10_000; i++) await postJson(batchUrl, { things: things(10_000, `sustained ${i}`) });
    const sustained = (TOTAL / (now() - t0)) * 1000;
    const ingestPeak = peakRssMb(ingest.pid!);

    // Baseline 1: the same rows, inserted raw into the same database in the same chunk size.
    const t1 = now();
    for (let i = 0; i < TOTAL / 10_000; i++) await rawCollection.insertMany(rows(10_000, i), { ordered: false });
    const rawInsert = (TOTAL / (now() - t1)) * 1000;
    // The raw inserts of the 10,000-thing rounds: the floor of that batch's response time.
    const rawBatch = summarize(raw10k);
    const batchRatio = rawBatch.p50 / latency['things x10000']!.p50;
    const floorBatch = summarize(floor10k);
    const floorRatio = floorBatch.p50 / latency['things x10000']!.p50;

    // Baseline 2: the same events produced raw with kafkajs to the scratch topic.
    const t2 = now();
    await produce(TOTAL, 100_000);
    const rawProduce = (TOTAL / (now() - t2)) * 1000;
    await producer.disconnect();
    await admin.deleteTopics({ topics: [rawTopic] });
    await admin.disconnect();

    const slower = Math.min(rawInsert, rawProduce);
    printTable(
      'ingest: response time per batch (ms)',
      Object.entries(latency).map(([batch, s]) => ({
        batch,
        runs: s.count,
        p50: fmt(s.p50),
        p99: fmt(s.p99),
        'items/s at p50': fmt((Number(batch.split('x')[1]) / s.p50) * 1000, 0),
      })),
    );
    printTable('ingest: a 10,000-thing batch vs a raw insertMany of the same rows (ms)', [
      {
        path: 'POST things/batch (reservations, rows, outbox, publish)',
        p50: fmt(latency['things x10000']!.p50),
        p99: fmt(latency['things x10000']!.p99),
        'raw p50 / this p50': fmt(batchRatio, 2),
      },
      { path: 'raw insertMany, same rows, same database', p50: fmt(rawBatch.p50), p99: fmt(rawBatch.p99), 'raw p50 / this p50': '1.00' },
      {
        path: 'raw insertMany ∥ raw produce of the same events',
        p50: fmt(floorBatch.p50),
        p99: fmt(floorBatch.p99),
        'raw p50 / this p50': fmt(rawBatch.p50 / floorBatch.p50, 2),
      },
    ]);
    console.log(`a 10,000-thing batch against the overlapped insert and produce: ${fmt(floorRatio, 2)} (floor p50 / batch p50)`);
    printTable('ingest: sustained throughput over 100,000 things (items/s)', [
      {
        path: 'ingest (HTTP → rows → outbox → Kafka)',
        'items/s': fmt(sustained, 0),
        'ratio to slower baseline': fmt(sustained / slower, 2),
      },
      {
        path: 'raw insertMany, same rows, same database',
        'items/s': fmt(rawInsert, 0),
        'ratio to slower baseline': fmt(rawInsert / slower, 2),
      },
      { path: 'raw kafkajs produce, same events', 'items/s': fmt(rawProduce, 0), 'ratio to slower baseline': fmt(rawProduce / slower, 2) },
    ]);
    printTable(
      'ingest: where a 10,000-thing batch goes (mean ms per batch, ingest step timings)',
      steps.map(({ step, ms }) => ({ step, 'mean ms': fmt(ms), share: `${fmt((ms / latency['things x10000']!.mean) * 100, 0)}%` })),
    );
    console.log(`peak RSS: ingest ${ingestPeak} MB, bench process ${peakRssMb()} MB`);
    writeResults('ingest', {
      latency,
      sustained,
      rawInsert,
      rawProduce,
      ratioToSlowerBaseline: sustained / slower,
      rawBatch,
      batchRatioToRawInsert: batchRatio,
      floorBatch,
      batchRatioToFloor: floorRatio,
      steps,
      ingestPeakRssMb: ingestPeak,
    });
  } finally {
    ingest.kill('SIGTERM');
    quota.kill('SIGTERM');
    await mongo.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
