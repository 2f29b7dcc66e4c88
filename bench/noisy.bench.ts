import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MongoClient, type Db } from 'mongodb';
import { CONSUMER_GROUPS, DAY_MS, INTERNAL_HEADERS, objectKey, utcDay, type EventEnvelope } from '@onescale/ontology';
import { createKafka, ensureTopics } from '@onescale/platform';
import { manifestCollectionOf, type ManifestDoc } from '../apps/archiver/src/archive/manifests';
import { startApp, startAtTopicEnds, statusOf, waitReady } from './apps';
import { dropDatabases, seedHotStore } from './hot-store-seed';
import { fmt, now, printTable, summarize, writeResults, type LatencySummary } from './support';

/**
 * A noisy platform: N hot events of 100 other groups (old enough to archive) and M archive manifests
 * of 1,000 other groups (100 days each), then the latency of what a group with no events asks for:
 * its archival status, an archival run of it, its quotas and its computed metrics. The baseline is the same calls on the same apps before the events were
 * stored (same run): the ratio shows whether one tenant's cost grows with everyone's data.
 * Target: archival status and an empty group's run p50 < 50 ms with 1,000,000 events hot.
 * Flags: `--events=1000000`, `--manifests=100000`, `--reads=200`, `--runs=40`.
 */

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const EVENTS = Number(arg('events') ?? process.env.BENCH_NOISY_EVENTS ?? 1_000_000);
const READS = Number(arg('reads') ?? 200);
const RUNS = Number(arg('runs') ?? 40);
const MANIFESTS = Number(arg('manifests') ?? process.env.BENCH_NOISY_MANIFESTS ?? 100_000);
const GROUPS = 100;
const ARCHIVED_GROUPS = 1000;
const PORTS = { archiver: 3631, quota: 3632, metrics: 3633 };
const FAKE_NOW = Date.UTC(2031, 0, 15, 12);
const env = process.env as Record<string, string>;

/** A client event of one of the noisy groups, 400 to 440 days before the frozen now (~250 bytes stored). */
function noisyEvent(run: string, i: number): EventEnvelope {
  const groupId = `noisy-${run}-g${i % GROUPS}`;
  const timestamp = FAKE_NOW - 400 * DAY_MS - (Math.floor(i / GROUPS) % 40) * DAY_MS - ((i * 7_919_113) % DAY_MS);
  return {
    id: `${groupId}-${String(i).padStart(8, '0')}`,
    type: 'content_viewed',
    groupId,
    rootGroupId: groupId,
    actorId: `person-${i % 997}`,
    targetId: `thing-${i % 4999}`,
    timestamp,
    recordedAt: timestamp + 1500,
    data: { metadata: { path: `/posts/${i % 4999}`, referrer: 'newsletter' } },
    schemaVersion: 1,
  };
}

/** Seeds the hot store in batches of 20,000; returns the seconds it took. */
async function seed(db: Db, run: string): Promise<number> {
  const t = now();
  await seedHotStore(db, EVENTS, (i) => noisyEvent(run, i), 20_000);
  return (now() - t) / 1000;
}

/** The j-th archived object of one of the archived groups: one UTC day of 500 events, 500 days back. */
function noisyManifest(run: string, j: number): ManifestDoc {
  const groupId = `archived-${run}-g${j % ARCHIVED_GROUPS}`;
  const minTimestamp = FAKE_NOW - 500 * DAY_MS + Math.floor(j / ARCHIVED_GROUPS) * DAY_MS;
  const key = objectKey(groupId, utcDay(minTimestamp), `object-${j}`);
  return {
    _id: key,
    key,
    groupId,
    rootGroupId: groupId,
    runId: `run-${run}`,
    createdAt: FAKE_NOW - 400 * DAY_MS,
    day: utcDay(minTimestamp),
    count: 500,
    minTimestamp,
    maxTimestamp: minTimestamp + DAY_MS - 1,
    sha256: '0'.repeat(64),
    bytes: 30_000,
    uncompressedBytes: 125_000,
    types: ['content_viewed'],
    state: 'archived',
    emitted: true,
  };
}

/** Stores the manifests in their groups' collections (as the archiver keeps them); returns the seconds it took. */
async function seedManifests(db: Db, run: string): Promise<number> {
  const t = now();
  const byGroup = new Map<string, ManifestDoc[]>();
  for (let j = 0; j < MANIFESTS; j++) {
    const doc = noisyManifest(run, j);
    byGroup.set(doc.groupId, [...(byGroup.get(doc.groupId) ?? []), doc]);
  }
  for (const [groupId, docs] of byGroup) await db.collection<ManifestDoc>(manifestCollectionOf(groupId)).insertMany(docs);
  return (now() - t) / 1000;
}

async function latency(count: number, call: () => Promise<number>): Promise<LatencySummary & { statuses: string }> {
  const samples: number[] = [];
  const statuses = new Set<number>();
  for (let i = 0; i < count; i++) {
    const t0 = now();
    statuses.add(await call());
    samples.push(now() - t0);
  }
  return { ...summarize(samples), statuses: [...statuses].sort().join('/') };
}

async function calls(emptyGroup: string): Promise<Record<string, LatencySummary & { statuses: string }>> {
  const archiver = `http://127.0.0.1:${PORTS.archiver}`;
  return {
    'archival status (empty group)': await latency(READS, () => statusOf(`${archiver}/v1/archival/status?groupId=${emptyGroup}`)),
    // As the platform admin: a group key's runs are limited to six an hour (429 after).
    'archival run (empty group)': await latency(RUNS, () =>
      statusOf(`${archiver}/v1/groups/${emptyGroup}/archival/runs`, {
        method: 'POST',
        body: '{}',
        headers: { [INTERNAL_HEADERS.callerGroupId]: 'platform' },
      }),
    ),
    'quota read (empty group)': await latency(READS, () => statusOf(`http://127.0.0.1:${PORTS.quota}/v1/groups/${emptyGroup}/quotas`)),
    'computed read (empty group)': await latency(READS, () =>
      statusOf(`http://127.0.0.1:${PORTS.metrics}/v1/groups/${emptyGroup}/metrics`),
    ),
    // Every group's manifests and days: the platform admin's view, a few samples.
    'archival status (platform)': await latency(Math.min(READS, 10), () => statusOf(`${archiver}/v1/archival/status`)),
  };
}

async function main(): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const names = { hot: `bench_noisy_hot_${run}`, archiver: `bench_noisy_archiver_${run}`, quota: `bench_noisy_quota_${run}` };
  const mongo = new MongoClient(env.MONGODB_URI!, { directConnection: true });
  await mongo.connect();
  const kafka = createKafka('bench-noisy', env.KAFKA_BROKERS!.split(','));
  await ensureTopics(kafka);
  const suffix = `.bench.noisy.${run}`;
  await startAtTopicEnds(kafka, `${CONSUMER_GROUPS.metricsProjector}${suffix}`);
  // quota asks ingest about a group it has not seen: a stub that knows none.
  const ingest = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => ingest.listen(0, '127.0.0.1', () => resolve()));
  const apps = [
    startApp('archiver', PORTS.archiver, {
      MONGODB_DB: names.archiver,
      HOT_STORE_DB: names.hot,
      ONESCALE_FAKE_NOW: String(FAKE_NOW),
      ARCHIVAL_CRON: 'off',
      QUOTA_URL: `http://127.0.0.1:${PORTS.quota}`,
    }),
    startApp('quota', PORTS.quota, {
      MONGODB_DB: names.quota,
      CONSUMER_GROUP_SUFFIX: suffix,
      INGEST_URL: `http://127.0.0.1:${(ingest.address() as AddressInfo).port}`,
    }),
    startApp('metrics', PORTS.metrics, {
      MONGODB_DB: names.hot,
      HOT_STORE_DB: names.hot,
      CONSUMER_GROUP_SUFFIX: suffix,
      READ_WAIT_MS: '0',
    }),
  ];
  try {
    await Promise.all(Object.values(PORTS).map((port) => waitReady(`http://127.0.0.1:${port}`)));
    const quiet = await calls(`empty-${run}-quiet`);
    const seedSeconds = await seed(mongo.db(names.hot), run);
    console.log(`seeded ${EVENTS} events of ${GROUPS} groups in ${fmt(seedSeconds)} s`);
    const manifestSeconds = await seedManifests(mongo.db(names.archiver), run);
    console.log(`seeded ${MANIFESTS} manifests of ${ARCHIVED_GROUPS} groups in ${fmt(manifestSeconds)} s`);
    const noisy = await calls(`empty-${run}-noisy`);
    const rows = Object.keys(noisy).map((call) => ({
      call,
      'p50 ms (0 hot)': fmt(quiet[call]!.p50, 1),
      'p99 ms (0 hot)': fmt(quiet[call]!.p99, 1),
      [`p50 ms (${EVENTS} hot)`]: fmt(noisy[call]!.p50, 1),
      [`p99 ms (${EVENTS} hot)`]: fmt(noisy[call]!.p99, 1),
      'p50 noisy/quiet': fmt(noisy[call]!.p50 / quiet[call]!.p50, 2),
      status: noisy[call]!.statuses,
      'target (p50 < 50 ms)':
        call.includes('empty group') && call.startsWith('archival') ? (noisy[call]!.p50 < 50 ? 'met' : 'missed') : '-',
    }));
    printTable(
      `noisy platform: a group with no events, with 0 and then ${EVENTS} events of ${GROUPS} other groups hot and ${MANIFESTS} manifests of ${ARCHIVED_GROUPS} archived (same run, same apps)`,
      rows,
    );
    writeResults('noisy', { events: EVENTS, groups: GROUPS, manifests: MANIFESTS, seedSeconds, manifestSeconds, quiet, noisy });
  } finally {
    for (const app of apps) app.kill('SIGTERM');
    ingest.close();
    await dropDatabases(mongo, Object.values(names));
    await mongo.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
