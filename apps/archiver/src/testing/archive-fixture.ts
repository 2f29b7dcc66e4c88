import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Connection } from 'mongoose';
import { DAY_MS, fromNdjson, type EventEnvelope } from '@onescale/ontology';
import {
  DayLedger,
  HOT_EVENTS,
  HotEventStore,
  S3Storage,
  type HotPartition,
  connectMongo,
  hotBytesOf,
  hotDocOf,
  sha256Hex,
} from '@onescale/platform';
import { TEST_INTERNAL_TOKEN } from '../../../../test/support/app-process';
import { testEnv } from '../../../../test/support/env';
import { manifestCollectionOf } from '../archive/manifests';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** "Now" of the archiver under test (ONESCALE_FAKE_NOW): 2031-01-15 12:00 UTC. */
export const FAKE_NOW = Date.UTC(2031, 0, 15, 12);

/**
 * `count` events spread round-robin over `groups` and `days` UTC days, the newest day being
 * `newestDaysAgo` days before FAKE_NOW's day; times within a day vary. Deterministic.
 */
export function backdatedEvents(
  groups: readonly string[],
  count: number,
  days: number,
  newestDaysAgo = 366,
  type = (i: number) => (Math.floor(i / 7) % 3 === 0 ? 'revenue_generated' : 'content_viewed'),
): EventEnvelope[] {
  const newestDay = Math.floor(FAKE_NOW / DAY_MS) * DAY_MS - newestDaysAgo * DAY_MS;
  return Array.from({ length: count }, (_, i) => {
    const groupId = groups[i % groups.length]!;
    const day = newestDay - (Math.floor(i / groups.length) % days) * DAY_MS;
    const timestamp = day + ((i * 7_919_113) % DAY_MS);
    return {
      id: `${groupId}-e${String(i).padStart(6, '0')}`,
      type: type(i),
      groupId,
      rootGroupId: `root-${groupId}`,
      ...(i % 2 === 0 ? { actorId: `person-${i % 7}` } : {}),
      ...(i % 5 === 0 ? { targetId: `thing-${i % 11}` } : {}),
      timestamp,
      recordedAt: timestamp + 1000,
      data:
        Math.floor(i / 7) % 3 === 0
          ? { metadata: { amount: i % 100, currency: 'USD' } }
          : { metadata: { 'odd.key': i, $dollar: [1, [2]] } },
      schemaVersion: 1,
    };
  });
}

/** A hot store and an archiver database of this test file's own, plus the S3 bucket under test. */
export class ArchiveFixture {
  readonly suffix = randomUUID().slice(0, 8);
  readonly hotDb = `archiver_it_hot_${this.suffix}`;
  readonly archiveDb = `archiver_it_${this.suffix}`;
  readonly storage = new S3Storage(testEnv.s3);
  hot!: Connection;
  archive!: Connection;
  private offset = 0;

  async open(): Promise<this> {
    [this.hot, this.archive] = await Promise.all([
      connectMongo(testEnv.mongoUri, this.hotDb),
      connectMongo(testEnv.mongoUri, this.archiveDb),
    ]);
    return this;
  }

  /** The hot event store under test, as metrics and the archiver open it. */
  get store(): HotEventStore {
    return new HotEventStore(this.hot.db!, HOT_EVENTS);
  }

  get ledger(): DayLedger {
    return DayLedger.of(this.hot.db!);
  }

  /** Drops the databases and deletes the objects of these groups from the shared bucket. */
  async close(groupIds: readonly string[] = []): Promise<void> {
    const keys = await this.objectKeys(groupIds).catch(() => [] as string[]);
    for (const key of keys) await this.storage.delete(key).catch(() => undefined);
    await Promise.allSettled([this.hot?.dropDatabase(), this.archive?.dropDatabase()]);
    await Promise.allSettled([this.hot?.close(), this.archive?.close()]);
    this.storage.destroy();
  }

  /** Environment of an archiver process working on these databases with the frozen clock. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      MONGODB_DB: this.archiveDb,
      HOT_STORE_DB: this.hotDb,
      ONESCALE_FAKE_NOW: String(FAKE_NOW),
      ARCHIVAL_CRON: 'off',
      LEASE_TTL_MS: '3000',
      // No quota answers here: every group gets AGE_THRESHOLD_DAYS (tests of retention by plan pass their own).
      QUOTA_URL: 'http://127.0.0.1:1',
      ...extra,
    };
  }

  /** Appends as the projector does: into the day partitions, counted in the day ledger, at the next offsets. */
  async seed(events: readonly EventEnvelope[]): Promise<void> {
    for (let i = 0; i < events.length; i += 1000) {
      const docs = events.slice(i, i + 1000).map((e) => hotDocOf(e, { partition: 0, offset: this.offset++ }));
      await this.store.insert(docs);
      await this.ledger.record(
        0,
        docs.map((d) => ({ groupId: d.groupId, timestamp: d.timestamp, offset: d.offset, bytes: hotBytesOf(d) })),
      );
    }
  }

  /**
   * Ids of these groups' hot events, in every day partition (live or sealed). A running archiver
   * seals (renames) and drops partitions while they are read: a partition listed live may be sealed
   * by the time it is read, so a read that saw the listing change is taken again, until one reads
   * the same partitions it listed.
   */
  async hotIds(groupIds: readonly string[]): Promise<string[]> {
    const same = (a: readonly HotPartition[], b: readonly HotPartition[]): boolean => JSON.stringify(a) === JSON.stringify(b);
    for (let listed = await this.store.partitions(); ;) {
      const ids: string[] = [];
      for (const { day, sealed } of listed) {
        for await (const doc of this.store.read(day, { sealed })) if (groupIds.includes(doc.groupId)) ids.push(doc._id);
      }
      const now = await this.store.partitions();
      if (same(listed, now)) return ids;
      listed = now;
    }
  }

  async manifests(groupIds: readonly string[]): Promise<Array<Record<string, any>>> {
    const perGroup = await Promise.all(groupIds.map((groupId) => this.archive.collection(manifestCollectionOf(groupId)).find().toArray()));
    return perGroup.flat();
  }

  /** Every event in the readable objects of these groups, each object checked against its manifest. */
  async archivedEvents(groupIds: readonly string[]): Promise<EventEnvelope[]> {
    const out: EventEnvelope[] = [];
    for (const m of await this.manifests(groupIds)) {
      if (m.state !== 'verified' && m.state !== 'archived') continue;
      const body = await this.storage.get(m._id);
      if (sha256Hex(body) !== m.sha256 || body.length !== m.bytes) throw new Error(`object ${m._id} does not match its manifest`);
      out.push(...fromNdjson(gunzipSync(body).toString('utf8')));
    }
    return out;
  }

  /** Keys of the objects stored for these groups (to find orphans). */
  async objectKeys(groupIds: readonly string[]): Promise<string[]> {
    const lists = await Promise.all(groupIds.map((g) => this.storage.list(`events/${encodeURIComponent(g)}/`)));
    return lists.flat().map((o) => o.key);
  }
}

/** Runs `main.js --once` to its end (or its SIGKILL) and reports how it exited. */
export function runOnceProcess(env: Record<string, string>, port = 0): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const logDir = path.join(repoRoot, '.onescale', 'logs', 'test');
  mkdirSync(logDir, { recursive: true });
  const out = openSync(path.join(logDir, `archiver-once.log`), 'a');
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'apps', 'archiver', 'src', 'main.js'), '--once'], {
    env: {
      ...process.env,
      INTERNAL_TOKEN: process.env.INTERNAL_TOKEN ?? TEST_INTERNAL_TOKEN,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'info',
      PORT: String(port || 3499),
      ...env,
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export const idsOf = (events: readonly { id: string }[]): string[] => events.map((e) => e.id).sort();
