import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import {
  CONSUMER_GROUPS,
  TOPICS,
  makeEvent,
  type EventOf,
  type Group,
  type Plan,
  type UsageMetric,
  type UsageRecordedData,
} from '@onescale/ontology';
import { EventPublisher, connectMongo, createKafka, ensureTopics, uuidv7 } from '@onescale/platform';
import { startAppProcess, type AppProcess } from '../../../../test/support/app-process';
import { eventually, testEnv } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';

export const kafka: Kafka = createKafka('quota-test', testEnv.brokers);

/** Where each partition of a topic ends now. */
export async function topicEnds(topic: string): Promise<Array<{ partition: number; offset: string }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }));
  } finally {
    await admin.disconnect();
  }
}

/** Points a consumer group at given positions (the app using it must be stopped). */
export async function setGroupOffsets(
  groupId: string,
  topic: string,
  partitions: Array<{ partition: number; offset: string }>,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.setOffsets({ groupId, topic, partitions });
  } finally {
    await admin.disconnect();
  }
}

export interface QuotaUnderTest {
  readonly app: AppProcess;
  readonly url: string;
  readonly db: string;
  readonly usageGroup: string;
  /** Where the usage topic ended before the app first started (replays start here). */
  readonly usageStart: Array<{ partition: number; offset: string }>;
  /** The ingest this quota asks about groups it has not seen. */
  readonly ingest: StubIngest;
  stop(): Promise<void>;
}

/**
 * Starts quota from dist/ with its own database and consumer groups, which begin at the current end
 * of the topics: the app counts only what the test publishes, not the history of other tests.
 */
export async function startQuota(port: number, env: Record<string, string> = {}): Promise<QuotaUnderTest> {
  await ensureTopics(kafka);
  const suffix = `.t${randomUUID().slice(0, 8)}`;
  const db = `onescale_quota_t${randomUUID().slice(0, 8)}`;
  const usageStart = await topicEnds(TOPICS.usage.name);
  await setGroupOffsets(`${CONSUMER_GROUPS.quotaUsage}${suffix}`, TOPICS.usage.name, usageStart);
  await setGroupOffsets(`${CONSUMER_GROUPS.quotaGroups}${suffix}`, TOPICS.events.name, await topicEnds(TOPICS.events.name));
  const ingest = await stubIngest();
  const app = await startAppProcess('quota', {
    port,
    env: { MONGODB_DB: db, CONSUMER_GROUP_SUFFIX: suffix, INGEST_URL: ingest.url, ...env },
  });
  const stop = async () => {
    await app.kill('SIGTERM');
    await ingest.close();
    const connection = await connectMongo(testEnv.mongoUri, db);
    await connection.dropDatabase().finally(() => connection.close());
  };
  return { app, url: app.url, db, usageGroup: `${CONSUMER_GROUPS.quotaUsage}${suffix}`, usageStart, ingest, stop };
}

/** Makes groups known to this quota only (through its stub ingest). */
export function knowGroups(quota: QuotaUnderTest, groups: readonly Group[]): void {
  for (const group of groups) quota.ingest.groups.set(group.id, group);
}

export const publisher = new EventPublisher(kafka, 'ingest');

export const usageEnvelope = (rootGroupId: string, data: UsageRecordedData, groupId = rootGroupId): EventOf<'usage_recorded'> => {
  const now = Date.now();
  return makeEvent('usage_recorded', { id: uuidv7(now), groupId, rootGroupId, timestamp: now }, data);
};

export const usage = (
  rootGroupId: string,
  metric: UsageMetric,
  amount: number,
  extra: Partial<UsageRecordedData> = {},
): EventOf<'usage_recorded'> => usageEnvelope(rootGroupId, { metric, amount, ...extra });

export const newGroup = (plan: Plan, parent?: Group): Group => {
  const id = `g-${randomUUID()}`;
  const now = Date.now();
  return {
    id,
    slug: id,
    name: id,
    type: 'business',
    ...(parent ? { parentGroupId: parent.id } : {}),
    rootGroupId: parent?.rootGroupId ?? id,
    plan,
    status: 'active',
    settings: {},
    createdAt: now,
    updatedAt: now,
  };
};

/** Announces groups as ingest does (`group_created` on the events topic) and waits until quota knows them. */
export async function announceGroups(quota: QuotaUnderTest, groups: readonly Group[]): Promise<void> {
  const now = Date.now();
  await publisher.publish(
    TOPICS.events,
    groups.map((group) =>
      makeEvent('group_created', { id: uuidv7(now), groupId: group.id, rootGroupId: group.rootGroupId, timestamp: now }, { group }),
    ),
  );
  for (const group of groups) {
    await eventually(
      async () =>
        (await request('GET', `${quota.url}/v1/groups/${group.id}/quotas`, { internal: true })).status === 200 ? true : undefined,
      30_000,
      `quota to learn ${group.id}`,
    );
  }
}

/** quota's counters of a root group (`GET /internal/usage/:root`). */
export async function usageOf(
  quota: QuotaUnderTest,
  rootGroupId: string,
): Promise<{ usage: Record<UsageMetric, number>; reserved: Record<UsageMetric, number> }> {
  const { status, body } = await request('GET', `${quota.url}/internal/usage/${rootGroupId}`, { internal: true });
  if (status !== 200) throw new Error(`usage of ${rootGroupId}: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** Waits until a counter reads `value`. */
export const counterReaches = (quota: QuotaUnderTest, rootGroupId: string, metric: UsageMetric, value: number, timeoutMs = 30_000) =>
  eventually(
    async () => ((await usageOf(quota, rootGroupId)).usage[metric] === value ? true : undefined),
    timeoutMs,
    `${metric} of ${rootGroupId} to reach ${value}`,
  );

export interface StubIngest {
  readonly url: string;
  /** Groups it answers for at `GET /internal/groups/:id` (404 for the rest). */
  readonly groups: Map<string, Group>;
  close(): Promise<void>;
}

/**
 * A stand-in for ingest's group lookup. Tests tell quota about groups through it rather than through
 * `group_created` on the shared events topic, which every other quota running on this machine (an
 * e2e system, say) would also learn from, and then raise alerts of its own for the test's usage.
 */
export function stubIngest(): Promise<StubIngest> {
  const groups = new Map<string, Group>();
  const server: Server = createServer((req, res) => {
    const match = /^\/internal\/groups\/([^/?]+)$/.exec(req.url ?? '');
    const group = match ? groups.get(decodeURIComponent(match[1]!)) : undefined;
    res.writeHead(group ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(group ?? { code: 'not_found' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        groups,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}
