import { Partitioners } from 'kafkajs';
import { TOPICS } from '@onescale/ontology';
import { pool, sleep } from './support/chaos';
import { startDrillSystem, type AppName, type DrillSystem } from './support/drill-system';
import { createGroup, type GatewayClient } from './support/gateway-client';
import { deadLettered } from './support/kafka-log';
import { groupMetrics, quotaUsage, waitForCount, waitSettled } from './support/probes';
import { DrillReport } from './support/report';

/**
 * Consumers that lose their group or take longer than the session timeout keep the read side moving
 * (DESIGN §4.1, §4.2). With a 6 s session timeout:
 * (a) the first batch of every consumer of metrics and quota takes 12 s (a drill switch): the member
 *     stays in its group and the figures come out exact;
 * (b) metrics is frozen (SIGSTOP) past the session timeout during a 100,000-event load, so the broker
 *     evicts it in the middle of a batch; once it runs again it joins, resumes from the committed
 *     offsets and the read models equal the acknowledged writes;
 * (c) the same for quota during a load of things: its counters are exact;
 * (d) under 10,000-thing batches and one batch of things with 600 properties each, metrics keeps
 *     committing: the longest gap between two commits is reported (and stays under the stall limit);
 * (e) an event metrics cannot apply (a drill switch fails it) is quarantined on the dead-letter topic
 *     with its reason, and another tenant on the same partition keeps fresh reads.
 * No app is restarted by the drill: each recovers by itself, in the same process.
 */
const SESSION_MS = 6000;
const POISON_MARKER = 'drill-poison-5c1e';
const EVENTS_PER_BATCH = 10_000;
const LOAD_BATCHES = 10;

describe('drill: consumers evicted from their group or slower than the session timeout', () => {
  const report = new DrillReport('consumer-eviction');
  const things = new Set<string>();
  const events = new Set<string>();
  let system: DrillSystem;
  let groupId: string;
  let client: GatewayClient;
  const pids: Partial<Record<AppName, number>> = {};

  beforeAll(async () => {
    system = await startDrillSystem('consumer-eviction', {
      KAFKA_SESSION_TIMEOUT_MS: String(SESSION_MS),
      CONSUMER_DRILL_SLOW_FIRST_BATCH_MS: String(2 * SESSION_MS),
      CONSUMER_DRILL_POISON_MARKER: POISON_MARKER,
    });
    for (const app of ['metrics', 'quota'] as const) pids[app] = system.pid(app);
    ({ groupId, client } = await createGroup(system.urls.gateway, system.adminKey, 'drill-eviction'));
    report.note(
      `group ${groupId}; session timeout ${SESSION_MS / 1000} s; the first batch of each consumer takes ${(2 * SESSION_MS) / 1000} s`,
    );
  });

  afterAll(async () => {
    await system?.stop();
  });

  const writeThings = async (
    tag: string,
    batches: number,
    perBatch: number,
    into = { groupId, client, things },
    properties?: Record<string, number>,
  ): Promise<void> => {
    const tasks = Array.from({ length: batches }, (_, b) => async () => {
      const body = {
        things: Array.from({ length: perBatch }, (_, i) => ({ type: 'blog_post', name: `post ${tag}.${b}.${i}`, properties })),
      };
      const answer = await into.client.untilOk(
        'POST',
        `/v1/groups/${into.groupId}/things/batch`,
        body,
        `eviction-${into.groupId}-things-${tag}-${b}`,
      );
      expect(answer.body.summary).toMatchObject({ total: perBatch, failed: 0 });
      for (const id of answer.body.created as string[]) into.things.add(id);
    });
    await pool(tasks, 2);
  };

  const writeEvents = async (tag: string, batches: number): Promise<void> => {
    const tasks = Array.from({ length: batches }, (_, b) => async () => {
      const body = {
        events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({ type: 'dashboard_viewed', metadata: { tag, batch: b, item: i } })),
      };
      const answer = await client.untilOk('POST', `/v1/groups/${groupId}/events/batch`, body, `eviction-${groupId}-events-${tag}-${b}`);
      expect(answer.body.summary).toMatchObject({ total: EVENTS_PER_BATCH, failed: 0 });
      for (const id of answer.body.created as string[]) events.add(id);
    });
    await pool(tasks, 2);
  };

  /** The figures of metrics and quota equal what was acknowledged, and neither app was restarted. */
  const checkExact = async (after: string): Promise<void> => {
    await waitForCount('metrics totalEntities', async () => (await groupMetrics(system, groupId))?.totalEntities, things.size);
    await waitForCount('metrics eventsThisWeek', async () => (await groupMetrics(system, groupId))?.eventsThisWeek, events.size);
    await waitForCount('quota entities_total', async () => (await quotaUsage(system, groupId))?.entities_total, things.size);
    await waitSettled();
    const computed = (await groupMetrics(system, groupId))!;
    report.check(`metrics totalEntities after ${after}`, computed.totalEntities!, things.size);
    report.check(`metrics eventsThisWeek after ${after}`, computed.eventsThisWeek!, events.size);
    report.check(`quota entities_total after ${after}`, (await quotaUsage(system, groupId))!.entities_total!, things.size);
    for (const app of ['metrics', 'quota'] as const) {
      expect({ [app]: system.pid(app) }).toEqual({ [app]: pids[app] });
      const ready = await fetch(`${system.urls[app]}/ready`);
      expect({ [app]: ready.status }).toEqual({ [app]: 200 });
    }
  };

  it('(a) keeps every consumer in its group through a first batch twice as long as the session timeout', async () => {
    await writeThings('a', 2, 250, { groupId, client, things });
    await writeEvents('a', 1);
    await checkExact('slow first batches');
  });

  /** Freezes `app` past the session timeout once `busy` holds, during `load`; reports the longest commit gap of metrics. */
  const freezeDuring = async (app: 'metrics' | 'quota', load: Promise<void>, busy: () => Promise<boolean>): Promise<void> => {
    const pid = system.pid(app)!;
    const gaps = watchCommits(system);
    await waitForBusy(busy);
    process.kill(pid, 'SIGSTOP');
    report.inject(`SIGSTOP ${app} (pid ${pid}) for ${(SESSION_MS + 4000) / 1000} s, ${client.inFlight} write request(s) in flight`);
    await sleep(SESSION_MS + 4000);
    process.kill(pid, 'SIGCONT');
    report.inject(`SIGCONT ${app}`);
    await load;
    report.note(`load acknowledged: ${things.size} things and ${events.size} events in all`);
    await checkExact(`${app} was evicted`);
    report.note(`longest gap between two metrics commits while records waited: ${(gaps.stop() / 1000).toFixed(1)} s (the freeze included)`);
  };

  it('(b) resumes projecting by itself after metrics was evicted in the middle of a 100,000-event load', async () => {
    const before = events.size;
    const load = writeEvents('b', LOAD_BATCHES);
    await freezeDuring('metrics', load, async () => ((await groupMetrics(system, groupId))?.eventsThisWeek ?? 0) > before);
    report.check('events acknowledged in the load', events.size - before, LOAD_BATCHES * EVENTS_PER_BATCH);
  });

  it('(c) counts every thing once after quota was evicted during a load of things', async () => {
    const before = things.size;
    const load = writeThings('c', 8, 500, { groupId, client, things });
    await freezeDuring('quota', load, async () => ((await quotaUsage(system, groupId))?.entities_total ?? 0) > before);
    report.check('things acknowledged in the load', things.size - before, 8 * 500);
  });

  it('(d) keeps committing through 10,000-thing batches and one batch of things with 600 properties each', async () => {
    const big = await createGroup(system.urls.gateway, system.adminKey, 'drill-eviction-large', 'government');
    const bigThings = new Set<string>();
    const into = { groupId: big.groupId, client: big.client, things: bigThings };
    const gaps = watchCommits(system);
    const properties = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`p${i}`, i]));
    await Promise.all([writeThings('d', 2, 10_000, into), writeThings('d-large', 1, 3_000, into, properties)]);
    await waitForCount(
      'metrics totalEntities of the large group',
      async () => (await groupMetrics(system, big.groupId))?.totalEntities,
      bigThings.size,
    );
    await waitSettled();
    const longest = gaps.stop();
    report.note(`longest gap between two metrics commits while records waited: ${(longest / 1000).toFixed(1)} s`);
    report.check('metrics totalEntities of the large group', (await groupMetrics(system, big.groupId))!.totalEntities!, 23_000);
    // Readiness calls a consumer stalled after 60 s without a commit while records wait.
    expect(longest).toBeLessThan(60_000);
    expect(system.pid('metrics')).toBe(pids.metrics);
  });

  it('(e) quarantines an event metrics cannot apply, and another tenant on the same partition stays fresh', async () => {
    const a = await createGroup(system.urls.gateway, system.adminKey, 'drill-poison-a', 'government');
    let b = await createGroup(system.urls.gateway, system.adminKey, 'drill-poison-b0', 'government');
    for (let n = 1; partitionOf(b.groupId) !== partitionOf(a.groupId) && n < 30; n++)
      b = await createGroup(system.urls.gateway, system.adminKey, `drill-poison-b${n}`, 'government');
    expect(partitionOf(b.groupId)).toBe(partitionOf(a.groupId));
    const items = Array.from({ length: 100 }, (_, i) => ({
      type: 'dashboard_viewed',
      metadata: i === 50 ? { note: POISON_MARKER } : { item: i },
    }));
    const answer = await a.client.untilOk('POST', `/v1/groups/${a.groupId}/events/batch`, { events: items }, `poison-${a.groupId}`);
    const poisonId = (answer.body.created as string[])[50]!;
    report.inject(`tenant A wrote 100 events on partition ${partitionOf(a.groupId)}, one of them poison (${poisonId})`);
    await b.client.untilOk(
      'POST',
      `/v1/groups/${b.groupId}/events/batch`,
      { events: items.slice(0, 50).map(() => ({ type: 'dashboard_viewed' })) },
      `poison-${b.groupId}`,
    );
    await waitForCount(
      'metrics eventsThisWeek of tenant B',
      async () => (await groupMetrics(system, b.groupId))?.eventsThisWeek,
      50,
      60000,
    );
    await waitForCount(
      'metrics eventsThisWeek of tenant A',
      async () => (await groupMetrics(system, a.groupId))?.eventsThisWeek,
      99,
      60000,
    );
    await waitSettled();
    report.check('tenant B events in the read models', (await groupMetrics(system, b.groupId))!.eventsThisWeek!, 50);
    report.check(
      'tenant A events in the read models (the poison one quarantined)',
      (await groupMetrics(system, a.groupId))!.eventsThisWeek!,
      99,
    );
    const dead = await deadLettered(TOPICS.events.name, a.groupId);
    report.note(`dead-letter topic: ${dead.map((d) => `${d.id}: ${d.reason}`).join('; ')}`);
    // Every copy of the poison event on the log (an outbox may publish one twice), and nothing else.
    expect([...new Set(dead.map((d) => d.id))]).toEqual([poisonId]);
    for (const { reason } of dead) expect(reason).toMatch(/^handler failed 3 times while the next event applied: /);
    expect((await fetch(`${system.urls.metrics}/ready`)).status).toBe(200);
    expect(system.pid('metrics')).toBe(pids.metrics);
  });
});

async function waitForBusy(busy: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await busy().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('the load never reached the consumer');
    await sleep(200);
  }
}

/**
 * Samples metrics' committed-record counter every 250 ms; `stop` answers the longest time it stood
 * still while its consumer had records waiting.
 */
function watchCommits(system: DrillSystem): { stop(): number } {
  let longest = 0;
  let lastValue = -1;
  let since = Date.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const sample = await scrape(system.urls.metrics).catch(() => null);
      const now = Date.now();
      if (sample && (sample.consumed !== lastValue || sample.lag === 0)) {
        lastValue = sample.consumed;
        since = now;
      }
      longest = Math.max(longest, now - since);
      await sleep(250);
    }
  })();
  return {
    stop: () => {
      stopped = true;
      void loop;
      return longest;
    },
  };
}

async function scrape(url: string): Promise<{ consumed: number; lag: number }> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(1000) })).text();
  const sum = (name: string): number =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) && line.includes('topic="onescale.events.v1"'))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return { consumed: sum('onescale_kafka_consumed_total'), lag: sum('onescale_kafka_consumer_lag') };
}

/** The partition of the events topic a root group's records land on (kafkajs's default partitioner, as the apps use). */
function partitionOf(rootGroupId: string): number {
  const partitionMetadata = Array.from({ length: TOPICS.events.partitions }, (_, id) => ({
    partitionId: id,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return Partitioners.DefaultPartitioner()({ topic: TOPICS.events.name, partitionMetadata, message: { key: rootGroupId, value: null } });
}
