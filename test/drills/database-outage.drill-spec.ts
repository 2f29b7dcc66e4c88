import { TOPICS } from '@onescale/ontology';
import { pool, seededRandom, sleep, startServers, stopServer } from './support/chaos';
import { startDrillSystem, type DrillSystem } from './support/drill-system';
import { createGroup, type GatewayClient } from './support/gateway-client';
import { readLog, tally } from './support/kafka-log';
import { groupMetrics, openOutbox, quotaUsage, waitForCount, waitSettled, withMongo } from './support/probes';
import { DrillReport } from './support/report';

/**
 * DESIGN §4.1, §4.2 and §4.6 across a database outage: while things and events are being written,
 * the database is stopped for 10 s. Requests in that window must fail cleanly (503 with Retry-After,
 * or 409 "in progress" with Retry-After for a retry that meets its own first attempt), never 500;
 * nothing may be half-written; and once the client's retries are accepted every item counts once.
 */
const BATCHES = 24;
const THINGS_PER_BATCH = 100;
const EVENTS_PER_BATCH = 1_000;
const OUTAGE_MS = 10_000;

describe('drill: database stopped for 10 s during ingest', () => {
  const report = new DrillReport('database-outage');
  const random = seededRandom();
  const things = new Set<string>();
  const events = new Set<string>();
  let system: DrillSystem;
  let groupId: string;
  let client: GatewayClient;

  beforeAll(async () => {
    system = await startDrillSystem('database-outage');
    ({ groupId, client } = await createGroup(system.urls.gateway, system.adminKey, 'drill-db'));
    // Warm the gateway's key cache, as a live system would have it.
    expect((await client.call('GET', `/v1/groups/${groupId}`)).status).toBe(200);
    report.note(`group ${groupId}; seed ${random.seed}`);
  });

  afterAll(async () => {
    await startServers();
    await system?.stop();
  });

  it('answers requests during the outage with 503 and Retry-After, and accepts every batch afterwards', async () => {
    const delay = random.between(500, 2500);
    const outage = { stoppedAt: 0, startedAt: 0 };
    const inject = async (): Promise<void> => {
      await sleep(delay);
      const stopMs = await stopServer('ferretdb');
      outage.stoppedAt = Date.now();
      report.inject(`database stopped ${delay} ms into the ingest (stop took ${stopMs} ms); down for ${OUTAGE_MS / 1000} s`);
      await sleep(OUTAGE_MS);
      const readyMs = await startServers();
      outage.startedAt = Date.now();
      report.inject(`database started again, ready in ${(readyMs / 1000).toFixed(1)} s`);
    };
    const tasks = Array.from({ length: BATCHES }, (_, b) => async () => {
      // Spread the batches over the outage window, a few at a time.
      await sleep(b * 400);
      const key = `db-${groupId}-${b}`;
      if (b % 3 === 0) {
        const body = { things: Array.from({ length: THINGS_PER_BATCH }, (_, i) => ({ type: 'blog_post', name: `post ${b}.${i}` })) };
        const answer = await client.untilOk('POST', `/v1/groups/${groupId}/things/batch`, body, key);
        for (const id of answer.body.created as string[]) things.add(id);
      } else {
        const body = {
          events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({ type: 'dashboard_viewed', metadata: { batch: b, item: i } })),
        };
        const answer = await client.untilOk('POST', `/v1/groups/${groupId}/events/batch`, body, key);
        for (const id of answer.body.created as string[]) events.add(id);
      }
    });
    await Promise.all([pool(tasks, 4), inject()]);

    const failures = client.attempts.filter((a) => a.status === 'no_answer' || a.status >= 300);
    const byStatus = failures.reduce<Record<string, number>>(
      (acc, a) => ({ ...acc, [`${a.status}${a.code ? ` ${a.code}` : ''}`]: (acc[`${a.status}${a.code ? ` ${a.code}` : ''}`] ?? 0) + 1 }),
      {},
    );
    report.note(`${client.attempts.length} attempts; refused ones by status: ${JSON.stringify(byStatus)}`);
    report.check('attempts answered 500', failures.filter((a) => a.status === 500).length, 0);
    report.check('attempts without an answer (connection dropped)', failures.filter((a) => a.status === 'no_answer').length, 0);
    const clean = (a: (typeof failures)[number]): boolean => a.status === 503 || (a.status === 409 && a.code === 'idempotency_in_progress');
    report.check('refused attempts other than 503 or 409 idempotency_in_progress', failures.filter((a) => !clean(a)).length, 0);
    report.check('refused attempts without Retry-After', failures.filter((a) => !a.retryAfter).length, 0);
    report.check(
      'attempts refused with 503 during the outage (the outage bit)',
      Math.min(1, failures.filter((a) => a.status === 503).length),
      1,
    );
    report.check('things acknowledged', things.size, (BATCHES / 3) * THINGS_PER_BATCH);
    report.check('events acknowledged', events.size, ((BATCHES * 2) / 3) * EVENTS_PER_BATCH);
    expect(outage.startedAt).toBeGreaterThan(outage.stoppedAt);
  });

  it('leaves nothing half-written: the outbox drains and the write model holds exactly the acknowledged things', async () => {
    await waitSettled(300000);
    report.check('open outbox records', await openOutbox(), 0);
    const rows = await withMongo((c) => c.db('onescale_ingest').collection('things').countDocuments({ groupId }));
    report.check('thing rows in the write model', rows, things.size);
  });

  it('has every acknowledged item on the log and nothing else', async () => {
    const logged = await readLog(TOPICS.events.name, groupId);
    const created = tally(logged.filter((e) => e.type === 'thing_created').map((e) => e.id));
    const clientEvents = tally(logged.filter((e) => e.type === 'dashboard_viewed').map((e) => e.id));
    report.check('distinct thing_created events on the log', created.distinct, things.size);
    report.check('acknowledged events missing from the log', [...events].filter((id) => !clientEvents.counts.has(id)).length, 0);
    report.check(
      'client events on the log that were never acknowledged',
      [...clientEvents.counts.keys()].filter((id) => !events.has(id)).length,
      0,
    );
  });

  it('counts each thing and event once in the read models', async () => {
    await waitForCount('metrics totalEntities', async () => (await groupMetrics(system, groupId))?.totalEntities, things.size);
    await waitForCount('metrics eventsThisWeek', async () => (await groupMetrics(system, groupId))?.eventsThisWeek, events.size);
    await waitSettled();
    const computed = (await groupMetrics(system, groupId))!;
    report.check('metrics totalEntities', computed.totalEntities!, things.size);
    report.check('metrics eventsThisWeek', computed.eventsThisWeek!, events.size);
  });

  it('counts each thing once in quota', async () => {
    await waitForCount('quota entities_total', async () => (await quotaUsage(system, groupId))?.entities_total, things.size);
    await waitSettled();
    report.check('quota entities_total', (await quotaUsage(system, groupId))!.entities_total!, things.size);
  });
});
