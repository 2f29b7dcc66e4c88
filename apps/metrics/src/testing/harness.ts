import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import type { Kafka } from 'kafkajs';
import { CONSUMER_GROUPS, TOPICS, type EventEnvelope, type TopicSpec } from '@onescale/ontology';
import { EventPublisher, createKafka, ensureTopics, hotStoreDbName } from '@onescale/platform';
import { startAppProcess, type AppProcess } from '../../../../test/support/app-process';
import { eventually, testEnv } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** Small shard count in tests: fewer collections, the same code paths as 32. */
export const TEST_SHARDS = 4;

export interface MetricsUnderTest {
  readonly app: AppProcess;
  readonly db: string;
  readonly consumerGroup: string;
  readonly env: Record<string, string>;
}

export const topicOffsets = async (kafka: Kafka, topic: string): Promise<Array<{ partition: number; offset: string }>> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }));
  } finally {
    await admin.disconnect();
  }
};

/** Points a consumer group at given offsets of both topics (the app must be stopped). */
export const setGroupOffsets = async (
  kafka: Kafka,
  groupId: string,
  offsets: Record<string, Array<{ partition: number; offset: string }>>,
): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const [topic, partitions] of Object.entries(offsets)) await admin.setOffsets({ groupId, topic, partitions });
  } finally {
    await admin.disconnect();
  }
};

/** Where a consumer group would resume: its committed offsets, or `fallback` where it committed nothing. */
export const resumeOffsets = async (
  kafka: Kafka,
  groupId: string,
  fallback: Record<string, Array<{ partition: number; offset: string }>>,
) => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const out: Record<string, Array<{ partition: number; offset: string }>> = {};
    for (const [topic, partitions] of Object.entries(fallback)) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      out[topic] = partitions.map((p) => {
        const c = Number(committed?.partitions.find((x) => x.partition === p.partition)?.offset ?? -1);
        return { partition: p.partition, offset: String(Math.max(c, Number(p.offset))) };
      });
    }
    return out;
  } finally {
    await admin.disconnect();
  }
};

/** The current end of both topics: a new projector started there sees only what the test publishes. */
export const topicEnds = async (kafka: Kafka) => ({
  [TOPICS.events.name]: await topicOffsets(kafka, TOPICS.events.name),
  [TOPICS.usage.name]: await topicOffsets(kafka, TOPICS.usage.name),
});

/**
 * Runs `npm run rebuild -- metrics` (the compiled command) against a database of the test server;
 * it reads the archive only when `env` names ARCHIVER_URL.
 */
export function runRebuild(db: string, env: Record<string, string> = {}): Promise<{ status: number | null; output: string }> {
  const { ARCHIVER_URL: _none, ...inherited } = process.env;
  // Asynchronous, so the test's own connections keep being served (an idle keep-alive socket the
  // server closes meanwhile is dropped, not reused) while a long rebuild runs.
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'apps', 'metrics', 'src', 'rebuild.js'), 'metrics'], {
    env: { ...inherited, MONGODB_URI: testEnv.mongoUri, MONGODB_DB: db, ...env },
    timeout: 300000,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}

export class MetricsHarness {
  readonly kafka = createKafka(`metrics-test-${randomUUID().slice(0, 8)}`, testEnv.brokers);
  private readonly publisher = new EventPublisher(this.kafka, 'ingest');
  private readonly connections: Connection[] = [];
  private readonly apps: AppProcess[] = [];
  private readonly databases: string[] = [];

  /** Started apps are killed by `close` whatever happened in the tests. */
  track(app: AppProcess): AppProcess {
    this.apps.push(app);
    return app;
  }

  /** `beforeApp` runs once the consumer group is placed at the topics' ends, before the app joins it. */
  async start(
    port: number,
    name: string,
    extraEnv: Record<string, string> = {},
    beforeApp: (consumerGroup: string) => Promise<void> = async () => undefined,
  ): Promise<MetricsUnderTest> {
    await ensureTopics(this.kafka);
    const suffix = `.test.${name}.${randomUUID().slice(0, 8)}`;
    const db = `metrics_test_${name}_${randomUUID().slice(0, 8)}`;
    this.databases.push(db, hotStoreDbName(db));
    const consumerGroup = `${CONSUMER_GROUPS.metricsProjector}${suffix}`;
    await setGroupOffsets(this.kafka, consumerGroup, await topicEnds(this.kafka));
    await beforeApp(consumerGroup);
    const env = {
      MONGODB_DB: db,
      CONSUMER_GROUP_SUFFIX: suffix,
      READ_MODEL_SHARDS: String(TEST_SHARDS),
      READ_WAIT_MS: '10000',
      ...extraEnv,
    };
    const app = this.track(await startAppProcess('metrics', { port, env }));
    return { app, db, consumerGroup, env };
  }

  publish(events: readonly EventEnvelope[], topic: TopicSpec = TOPICS.events): Promise<Map<string, { partition: number; offset: number }>> {
    return this.publisher.publish(topic, events) as Promise<Map<string, { partition: number; offset: number }>>;
  }

  /** Publishes in chunks (the topic sees separate produce requests, the projector separate batches). */
  async publishInChunks(events: readonly EventEnvelope[], size: number): Promise<number> {
    let last = -1;
    for (let i = 0; i < events.length; i += size) {
      const positions = await this.publish(events.slice(i, i + size));
      for (const p of positions.values()) last = Math.max(last, p.offset);
    }
    return last;
  }

  async mongo(db: string): Promise<Connection> {
    const connection = await mongoose.createConnection(testEnv.mongoUri, { dbName: db, autoIndex: false }).asPromise();
    this.connections.push(connection);
    return connection;
  }

  /** Waits until the group's read models have applied `position` (a read with minPosition answers 200). */
  async caughtUp(url: string, groupId: string, position: number, timeoutMs = 60000): Promise<void> {
    await eventually(
      async () => {
        // a connection kept alive to a process killed meanwhile fails once: ask again
        const r = await request('GET', `${url}/v1/groups/${groupId}/metrics?minPosition=${position}`, { internal: true }).catch(() => null);
        return r !== null && r.status === 200 ? true : undefined;
      },
      timeoutMs,
      `projection of ${groupId} up to ${position}`,
    );
  }

  /** Runs `npm run rebuild -- metrics` (the compiled command) against a database, without an archive. */
  rebuild(db: string, env: Record<string, string> = {}): Promise<{ status: number | null; output: string }> {
    return runRebuild(db, { READ_MODEL_SHARDS: String(TEST_SHARDS), ...env });
  }

  async close(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.kill('SIGKILL')));
    await this.publisher.disconnect();
    const admin = await this.mongo('admin');
    for (const name of this.databases)
      await admin
        .useDb(name)
        .dropDatabase()
        .catch(() => undefined);
    await Promise.all(this.connections.map((c) => c.close()));
  }
}
