import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { CONSUMER_GROUPS, TOPICS } from '@onescale/ontology';
import { createKafka, topicOffsetsOnceLed } from '@onescale/platform';
import { eventually, testEnv } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import { startIngestStack, type IngestStack } from '../testing/stack';

/**
 * Writes paced by the projector's progress, on a real broker: the projector here is a real consumer
 * in the projector's consumer group whose commits the test makes, so it decides what "projected" is.
 */
/** How long a write waits before it is refused. */
const MAX_WAIT_MS = 8000;

describe('writes wait for the projector to apply their tenant’s earlier events (real Kafka)', () => {
  const suffix = `.pace-${randomUUID().slice(0, 8)}`;
  const groupId = `${CONSUMER_GROUPS.metricsProjector}${suffix}`;
  const kafka = createKafka(`test-pace-${randomUUID().slice(0, 8)}`, testEnv.brokers);
  let stack: IngestStack;
  let projector: Consumer | null = null;
  /** The partition of each tenant's events, and how many there are, as the stand-in projector received them. */
  const partitionOf = new Map<string, number>();
  const received = new Map<string, number>();

  beforeAll(async () => {
    // Ingest first: it creates the topics. A backlog of 100 events per tenant, writes refused after
    // MAX_WAIT_MS, a stall window far longer than any step of the test.
    stack = await startIngestStack(
      { ingest: 3510, quota: 3511 },
      { CONSUMER_GROUP_SUFFIX: suffix, PACE_BACKLOG: '100', PACE_MAX_WAIT_MS: String(MAX_WAIT_MS), PACE_STALL_MS: '60000' },
    );
    // The stand-in projector starts at the topic's end, like a projector that is up to date.
    const admin = kafka.admin();
    await admin.connect();
    const ends = await topicOffsetsOnceLed(admin, TOPICS.events.name);
    await admin.setOffsets({
      groupId,
      topic: TOPICS.events.name,
      partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
    });
    await admin.disconnect();
    projector = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    await projector.connect();
    await projector.subscribe({ topic: TOPICS.events.name });
    const joined = new Promise<void>((resolve) => projector!.on(projector!.events.GROUP_JOIN, () => resolve()));
    await projector.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const key = message.key?.toString() ?? '';
        partitionOf.set(key, partition);
        received.set(key, (received.get(key) ?? 0) + 1);
      },
    });
    await joined;
  });

  afterAll(async () => {
    await projector?.disconnect();
    await stack?.stop();
  });

  const things = (n: number, tag: string) => ({
    things: Array.from({ length: n }, (_, i) => ({ type: 'blog_post', name: `${tag} ${i}` })),
  });
  const write = (group: string, n: number, tag: string, headers: Record<string, string> = {}) =>
    request('POST', `${stack.ingest.url}/v1/groups/${group}/things/batch`, { internal: true, body: things(n, tag), headers });

  /** Writes paced so far, by why they stopped waiting (ingest's Prometheus histogram). */
  async function pacedWrites(): Promise<Record<string, number>> {
    const text = (await request('GET', `${stack.ingest.url}/metrics`, { internal: true })).body as unknown as string;
    const counts: Record<string, number> = {};
    for (const m of String(text).matchAll(/^onescale_ingest_pace_wait_seconds_count\{[^}]*outcome="(\w+)"[^}]*\} (\d+)$/gm))
      counts[m[1]!] = Number(m[2]);
    return counts;
  }

  it('holds a write over the backlog until its tenant’s earlier events are committed, and never holds another tenant', async () => {
    const [a, b] = await Promise.all([stack.createGroup(), stack.createGroup()]);
    const first = await write(a.id, 60, 'first');
    expect(first.status).toBe(200);
    const before = await pacedWrites();

    // 1 group_created + 60 things are outstanding: 60 more do not fit in 100.
    let answeredAt = 0;
    const second = write(a.id, 60, 'second').then((reply) => ((answeredAt = Date.now()), reply));
    // Another tenant on the same broker writes meanwhile, at once.
    const other = await write(b.id, 60, 'other');
    expect(other.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(answeredAt).toBe(0);

    const partition = await eventually(() => partitionOf.get(a.rootGroupId));
    const committedAt = Date.now();
    await projector!.commitOffsets([{ topic: TOPICS.events.name, partition, offset: String(first.body.position + 1) }]);
    const reply = await second;
    expect(reply.status).toBe(200);
    expect(reply.body.summary.success).toBe(60);
    expect(answeredAt).toBeGreaterThanOrEqual(committedAt);
    const after = await pacedWrites();
    expect((after.caught_up ?? 0) - (before.caught_up ?? 0)).toBe(1);
  });

  it('refuses a write still out of reach after the longest wait with 429, writing nothing', async () => {
    const group = await stack.createGroup();
    // group_created + 99 things: a full backlog of 100.
    const first = await write(group.id, 99, 'first');
    expect(first.status).toBe(200);
    await eventually(() => ((received.get(group.rootGroupId) ?? 0) === 100 ? true : undefined));
    const before = await pacedWrites();

    const key = { 'idempotency-key': `pace-${randomUUID()}` };
    const startedAt = Date.now();
    const refused = await write(group.id, 60, 'refused', key);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(MAX_WAIT_MS);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'projection_backlog', backlog: 100 });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await pacedWrites()).refused ?? 0).toBe((before.refused ?? 0) + 1);

    // Nothing was written: once the tenant's events are applied, the same key writes afresh, not a replay.
    const partition = await eventually(() => partitionOf.get(group.rootGroupId));
    await projector!.commitOffsets([{ topic: TOPICS.events.name, partition, offset: String(first.body.position + 1) }]);
    const retried = await write(group.id, 60, 'refused', key);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(retried.body.summary.success).toBe(60);
    await eventually(() => ((received.get(group.rootGroupId) ?? 0) === 160 ? true : undefined));
  });

  it('answers a replay of an answered write at once, however full its tenant’s backlog', async () => {
    const group = await stack.createGroup();
    const key = { 'idempotency-key': `pace-${randomUUID()}` };
    const first = await write(group.id, 99, 'answered', key);
    expect(first.status).toBe(200);
    await eventually(() => ((received.get(group.rootGroupId) ?? 0) === 100 ? true : undefined));
    const before = await pacedWrites();

    const replayed = await write(group.id, 99, 'answered', key);
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(first.body);
    expect(await pacedWrites()).toEqual(before);
  });

  it('does not wait for a projector that is not running', async () => {
    const group = await stack.createGroup();
    expect((await write(group.id, 60, 'one')).status).toBe(200);
    await projector!.disconnect();
    projector = null;
    const before = await pacedWrites();
    const reply = await write(group.id, 60, 'two');
    expect(reply.status).toBe(200);
    const after = await pacedWrites();
    expect((after.not_running ?? 0) - (before.not_running ?? 0)).toBe(1);
  });
});
