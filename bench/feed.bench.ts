import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DAY_MS, fromNdjson, utcDay, type EventEnvelope } from '@onescale/ontology';
import {
  HOT_EVENTS,
  HotEventStore,
  S3Storage,
  connectMongo,
  envelopeOf,
  hotDayOf,
  hotDayStart,
  type HotEventDoc,
} from '@onescale/platform';
import { manifestCollectionOf } from '../apps/archiver/src/archive/manifests';
import { seedHotStore } from './hot-store-seed';
import { BENCH_TOKEN, startApp, waitReady } from './apps';
import { fmt, measure, now, printTable, writeResults } from './support';

/**
 * The event feed's page latency over a large event set, hot and archived mixed: EVENTS events of 4
 * groups over 200 UTC days, the older 100 days archived by a real `main.js --once` run, then pages
 * of 100 of one group read through the archiver's HTTP route: the newest page, pages ending at
 * random times in the hot days, in the archived days, and pages that span the tier boundary.
 * Baseline, same run, same data: the least any tier-aware reader must do for the same page, in
 * process and without HTTP — one find of the group's events in the page's hot day partition, or a
 * get, gunzip and parse of the page's day of archive objects. Flags: `--events=1000000`,
 * `--samples=200`.
 */

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const EVENTS = Number(arg('events') ?? 1_000_000);
const SAMPLES = Number(arg('samples') ?? 200);
const GROUPS = 4;
const DAYS = 200;
const PAGE = 100;
const PORT = 3790;
const FAKE_NOW = Date.UTC(2031, 0, 15, 12);
/** Events older than this many days are archived: the older 100 of the 200 days. */
const AGE_THRESHOLD_DAYS = 350;
const NEWEST_DAY = Math.floor(FAKE_NOW / DAY_MS) * DAY_MS - 250 * DAY_MS;
const BOUNDARY = FAKE_NOW - AGE_THRESHOLD_DAYS * DAY_MS;
const repoRoot = path.resolve(__dirname, '..', '..');
const mongoUri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
const s3 = new S3Storage({
  endpoint: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:7070',
  region: process.env.S3_REGION ?? 'us-east-1',
  bucket: process.env.S3_BUCKET ?? 'onescale-archive',
  accessKeyId: process.env.S3_ACCESS_KEY_ID ?? 'onescale',
  secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? 'onescale-local-secret',
});

function eventAt(groups: readonly string[], i: number): EventEnvelope {
  const groupId = groups[i % groups.length]!;
  const timestamp = NEWEST_DAY - (Math.floor(i / groups.length) % DAYS) * DAY_MS + ((i * 7_919_113) % DAY_MS);
  return {
    id: `${groupId}-${String(i).padStart(8, '0')}`,
    type: i % 4 === 0 ? 'revenue_generated' : 'content_viewed',
    groupId,
    rootGroupId: groupId,
    actorId: `person-${i % 997}`,
    targetId: `thing-${i % 4999}`,
    timestamp,
    recordedAt: timestamp + 1500,
    data: { metadata: i % 4 === 0 ? { amount: i % 500, currency: 'USD' } : { path: `/posts/${i % 4999}` } },
    schemaVersion: 1,
  };
}

/** The archiver's own run moves the older days to S3 (quota absent: every group gets AGE_THRESHOLD_DAYS). */
function archiveOnce(env: Record<string, string>): Promise<number | null> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'apps', 'archiver', 'src', 'main.js'), '--once'], {
    env: { ...process.env, LOG_LEVEL: 'warn', INTERNAL_TOKEN: BENCH_TOKEN, ...env },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/** A deterministic spread of page ends over [from, to). */
const ends = (from: number, to: number): number[] =>
  Array.from({ length: SAMPLES }, (_v, i) => from + (((i * 7_919) % SAMPLES) / SAMPLES) * (to - from));

async function main(): Promise<void> {
  await s3.ensureBucket();
  const suffix = randomUUID().slice(0, 8);
  const groups = Array.from({ length: GROUPS }, (_v, n) => `feedbench-${suffix}-g${n}`);
  const group = groups[0]!;
  const hotDbName = `bench_feed_hot_${suffix}`;
  const archiveDbName = `bench_feed_arch_${suffix}`;
  const hotDb = await connectMongo(mongoUri, hotDbName);
  const archiveDb = await connectMongo(mongoUri, archiveDbName);
  const env = {
    HOT_STORE_DB: hotDbName,
    MONGODB_DB: archiveDbName,
    ONESCALE_FAKE_NOW: String(FAKE_NOW),
    AGE_THRESHOLD_DAYS: String(AGE_THRESHOLD_DAYS),
    ARCHIVAL_CRON: 'off',
    QUOTA_URL: 'http://127.0.0.1:1',
  };
  const archiver = startApp('archiver', PORT, env);
  try {
    let t = now();
    await seedHotStore(hotDb.db!, EVENTS, (i) => eventAt(groups, i));
    const seedS = (now() - t) / 1000;
    t = now();
    const exit = await archiveOnce(env);
    const archiveS = (now() - t) / 1000;
    console.log(`seeded ${EVENTS} hot events in ${fmt(seedS)} s; archived the older half in ${fmt(archiveS)} s (exit ${exit})`);
    await waitReady(`http://127.0.0.1:${PORT}`);
    const url = `http://127.0.0.1:${PORT}/v1/groups/${group}/events`;
    const feedPage = async (to?: number): Promise<void> => {
      const response = await fetch(`${url}?limit=${PAGE}${to === undefined ? '' : `&to=${Math.floor(to)}`}`, {
        headers: { 'x-onescale-internal-token': BENCH_TOKEN },
      });
      const page = (await response.json()) as { items: unknown[] };
      if (response.status !== 200 || page.items.length !== PAGE)
        throw new Error(`the feed answered ${response.status} with ${page.items.length} items`);
    };
    const store = new HotEventStore(hotDb.db!, HOT_EVENTS);
    const manifests = archiveDb.collection<{ _id: string; groupId: string; day: string; state: string }>(manifestCollectionOf(group));
    const hotFind = async (to: number): Promise<void> => {
      const docs: HotEventDoc[] = [];
      for await (const doc of store.read(hotDayOf(to - 1), { groupId: group, before: to })) docs.push(doc);
      docs
        .sort((a, b) => b.timestamp - a.timestamp)
        .slice(0, PAGE)
        .map(envelopeOf);
    };
    const archiveRead = async (to: number): Promise<void> => {
      const day = utcDay(hotDayStart(hotDayOf(to - 1)));
      const objects = await manifests.find({ day, state: { $in: ['verified', 'archived'] } }).toArray();
      const events = (await Promise.all(objects.map(async (m) => fromNdjson(gunzipSync(await s3.get(m._id)).toString('utf8'))))).flat();
      events
        .filter((e) => e.timestamp < to)
        .sort((a, b) => b.timestamp - a.timestamp)
        .slice(0, PAGE);
    };
    const hotSpan = [BOUNDARY + DAY_MS, NEWEST_DAY + DAY_MS] as const;
    const archivedSpan = [NEWEST_DAY - (DAYS - 2) * DAY_MS, BOUNDARY - DAY_MS] as const;
    // Warm-up (connections, the first day reads), not counted.
    await feedPage();
    const scenarios = [
      { scenario: 'newest page (hot)', feed: () => feedPage(), baseline: () => hotFind(NEWEST_DAY + DAY_MS) },
      {
        scenario: 'random page, hot days',
        feed: (i: number) => feedPage(ends(...hotSpan)[i]),
        baseline: (i: number) => hotFind(ends(...hotSpan)[i]!),
      },
      {
        scenario: 'random page, archived days',
        feed: (i: number) => feedPage(ends(...archivedSpan)[i]),
        baseline: (i: number) => archiveRead(ends(...archivedSpan)[i]!),
      },
      {
        // `to` 30 minutes into the first hot day: the page starts hot and ends in the archive
        scenario: 'page across the tier boundary',
        feed: () => feedPage(hotDayStart(hotDayOf(BOUNDARY)) + DAY_MS + 30 * 60_000),
        baseline: () => hotFind(hotDayStart(hotDayOf(BOUNDARY)) + DAY_MS + 30 * 60_000).then(() => archiveRead(BOUNDARY - 1)),
      },
    ];
    const rows: Array<Record<string, string | number>> = [];
    const results: unknown[] = [];
    for (const s of scenarios) {
      const feed = await measure(SAMPLES, 1, (i) => s.feed(i));
      const base = await measure(SAMPLES, 1, (i) => s.baseline(i));
      rows.push({
        scenario: s.scenario,
        'feed p50 ms': fmt(feed.p50),
        'feed p99 ms': fmt(feed.p99),
        'baseline p50 ms': fmt(base.p50),
        'baseline p99 ms': fmt(base.p99),
        'p50 feed/baseline': fmt(feed.p50 / base.p50, 2),
      });
      results.push({ scenario: s.scenario, feed, baseline: base, ratioP50: feed.p50 / base.p50, ratioP99: feed.p99 / base.p99 });
    }
    printTable(
      `feed: pages of ${PAGE} of one of ${GROUPS} groups over ${EVENTS} events (${DAYS} days, the older ${DAYS / 2} archived), ${SAMPLES} reads each, through HTTP; baseline: the same page's raw tier read in process (same run)`,
      rows,
    );
    writeResults('feed', { events: EVENTS, groups: GROUPS, days: DAYS, page: PAGE, samples: SAMPLES, seedS, archiveS, scenarios: results });
  } finally {
    archiver.kill();
    const keys = (await s3.list(`events/`).catch(() => []))
      .map((o) => o.key)
      .filter((k) => groups.some((g) => k.startsWith(`events/${g}/`)));
    for (let i = 0; i < keys.length; i += 16) await Promise.all(keys.slice(i, i + 16).map((k) => s3.delete(k).catch(() => undefined)));
    await Promise.allSettled([hotDb.dropDatabase(), archiveDb.dropDatabase()]);
    await Promise.allSettled([hotDb.close(), archiveDb.close()]);
    s3.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
