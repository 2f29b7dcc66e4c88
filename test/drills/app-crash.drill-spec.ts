import { TOPICS } from '@onescale/ontology';
import { archivalStatus, archivedIds, backdatedEvents, readBackIds } from './support/archive';
import { pool, seededRandom, sleep } from './support/chaos';
import { startDrillSystem, type AppName, type DrillSystem } from './support/drill-system';
import { createGroup, type GatewayClient } from './support/gateway-client';
import { readLog, reproduce, tally } from './support/kafka-log';
import { groupMetrics, quotaUsage, waitForCount, waitSettled, withMongo } from './support/probes';
import { DrillReport } from './support/report';

/**
 * DESIGN §4.1 and §4.2 across crashes: each app in turn is killed with SIGKILL at a random moment
 * while batches of things and events are being written (and restarted at once), then the archiver
 * is killed in the middle of an archival run. The client retries every write with its
 * Idempotency-Key until it is accepted. Afterwards each acknowledged item is on the log, in the write
 * model, in the read models and the quota counters exactly once, and each archived event is in
 * exactly one verified archive object and no longer in the hot store.
 */
const INGEST_VICTIMS: readonly AppName[] = ['ingest', 'quota', 'metrics', 'gateway'];
const BATCHES_PER_PHASE = 6;
const THINGS_PER_BATCH = 250;
const EVENTS_PER_BATCH = 2_000;
const ARCHIVED_EVENTS = 2_500;

describe('drill: SIGKILL each app during ingest and archival', () => {
  const report = new DrillReport('app-crash');
  const random = seededRandom();
  const things = new Set<string>();
  const events = new Set<string>();
  let system: DrillSystem;
  let groupId: string;
  let client: GatewayClient;

  beforeAll(async () => {
    system = await startDrillSystem('app-crash');
    ({ groupId, client } = await createGroup(system.urls.gateway, system.adminKey, 'drill-crash'));
    report.note(`group ${groupId}; seed ${random.seed}`);
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Kills `app` after `delayMs`, restarts it at once, and reports both. */
  const crash = async (
    app: AppName,
    delayMs: number,
    phaseStart: number,
    doing = (): string => `${client.inFlight} write request(s) in flight`,
  ): Promise<void> => {
    await sleep(delayMs);
    const pid = system.pid(app);
    const state = doing();
    await system.kill(app, 'SIGKILL');
    report.inject(`SIGKILL ${app} (pid ${pid}) ${Date.now() - phaseStart} ms into its phase, ${state}`);
    const t0 = Date.now();
    await system.start(app);
    report.inject(`${app} restarted, ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };

  it.each(INGEST_VICTIMS.map((app, phase) => [app, phase] as const))(
    'acknowledges every batch although %s is killed mid-ingest',
    async (app, phase) => {
      const start = Date.now();
      const tasks = Array.from({ length: BATCHES_PER_PHASE }, (_, b) => async () => {
        const key = `crash-${groupId}-${phase}-${b}`;
        if (b % 2 === 0) {
          const body = {
            things: Array.from({ length: THINGS_PER_BATCH }, (_, i) => ({ type: 'blog_post', name: `post ${phase}.${b}.${i}` })),
          };
          const answer = await client.untilOk('POST', `/v1/groups/${groupId}/things/batch`, body, key);
          expect(answer.body.summary).toMatchObject({ total: THINGS_PER_BATCH, failed: 0 });
          for (const id of answer.body.created as string[]) things.add(id);
        } else {
          const body = {
            events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
              type: 'dashboard_viewed',
              metadata: { phase, batch: b, item: i },
            })),
          };
          const answer = await client.untilOk('POST', `/v1/groups/${groupId}/events/batch`, body, key);
          expect(answer.body.summary).toMatchObject({ total: EVENTS_PER_BATCH, failed: 0 });
          for (const id of answer.body.created as string[]) events.add(id);
        }
      });
      await Promise.all([pool(tasks, 2), crash(app, random.between(200, 2500), start)]);
      report.note(`phase ${app}: ${things.size} things and ${events.size} events acknowledged so far`);
      report.check(`things acknowledged after the ${app} crash`, things.size, (phase + 1) * (BATCHES_PER_PHASE / 2) * THINGS_PER_BATCH);
      report.check(`events acknowledged after the ${app} crash`, events.size, (phase + 1) * (BATCHES_PER_PHASE / 2) * EVENTS_PER_BATCH);
    },
  );

  it('settles after the crashes', async () => {
    await waitSettled(300000);
    report.note('settled: outbox empty, consumer lag 0');
  });

  it('has each acknowledged thing and event on the log once at least, and nothing unacknowledged', async () => {
    const logged = await readLog(TOPICS.events.name, groupId);
    const created = tally(logged.filter((e) => e.type === 'thing_created').map((e) => e.id));
    const clientEvents = tally(logged.filter((e) => e.type === 'dashboard_viewed').map((e) => e.id));
    report.note(`log: ${created.extraCopies} extra copies of thing_created, ${clientEvents.extraCopies} of client events`);
    report.check('distinct thing_created events on the log', created.distinct, things.size);
    report.check('acknowledged events missing from the log', [...events].filter((id) => !clientEvents.counts.has(id)).length, 0);
    report.check(
      'client events on the log that were never acknowledged',
      [...clientEvents.counts.keys()].filter((id) => !events.has(id)).length,
      0,
    );
  });

  it('puts copies of every delivered record of the group on the log', async () => {
    // What an outbox published twice or a producer retry leaves behind, injected deterministically.
    const events = await reproduce(TOPICS.events.name, groupId, 1_000_000);
    const usage = await reproduce(TOPICS.usage.name, groupId, 1_000_000);
    report.inject(`${events} event records and ${usage} usage records of the group produced again verbatim (copies at new offsets)`);
    // ~31,000 copies: the hot store refuses each clashing insert on its own (about 130 copies/s on a
    // loaded 2-core machine, 221 and over 240 s in two runs). This step checks that they are counted
    // once, not how fast; the deadline stays inside the test's 600 s.
    await waitSettled(540_000);
  });

  it('holds each acknowledged thing once in the write model, nothing half-written', async () => {
    const rows = await withMongo((c) => c.db('onescale_ingest').collection('things').countDocuments({ groupId }));
    report.check('thing rows in the write model', rows, things.size);
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

  it('archives every old event exactly once although the archiver is killed mid-run', async () => {
    const answer = await client.untilOk(
      'POST',
      `/v1/groups/${groupId}/events/batch`,
      { events: backdatedEvents(ARCHIVED_EVENTS, 3, 400, 'crash-archive') },
      `crash-${groupId}-old`,
    );
    const old = new Set<string>(answer.body.created);
    report.check('old events acknowledged', old.size, ARCHIVED_EVENTS);
    await waitForCount(
      'events eligible for archival',
      async () => (await archivalStatus(system, groupId))?.eligibleForArchival,
      ARCHIVED_EVENTS,
    );

    const delay = random.between(50, 1500);
    let answered = false;
    const run = client
      .call('POST', `/v1/groups/${groupId}/archival/runs`, {})
      .then(
        (a) => `answered ${a.status}`,
        (e: Error) => `failed (${e.message})`,
      )
      .finally(() => (answered = true));
    await crash('archiver', delay, Date.now(), () => (answered ? 'after its archival run had answered' : 'during its archival run'));
    report.note(`the interrupted run ${await run}`);
    for (let attempt = 1; (await archivalStatus(system, groupId))?.eligibleForArchival !== 0; attempt++) {
      const again = await client.untilOk('POST', `/v1/groups/${groupId}/archival/runs`, {}, `crash-${groupId}-archive-${attempt}`);
      report.note(`archival run ${attempt} after the crash answered ${again.status}`);
      if (attempt >= 5) throw new Error('five archival runs did not empty the hot store of old events');
      await sleep(1000);
    }

    const status = (await archivalStatus(system, groupId))!;
    const archive = await archivedIds(system, groupId);
    const inArchive = tally(archive.ids);
    report.note(
      `${archive.manifests.length} manifests; ${archive.orphanObjects.length} unrecorded objects left by the crash (${archive.orphanObjects.join(', ') || 'none'})`,
    );
    report.check('objects whose checksum or count does not match their manifest', archive.badObjects.length, 0);
    report.check('events in recorded archive objects', archive.ids.length, ARCHIVED_EVENTS);
    report.check('events archived twice', inArchive.extraCopies, 0);
    report.check('old events missing from the archive', [...old].filter((id) => !inArchive.counts.has(id)).length, 0);
    report.check('old events still in the hot store', status.eligibleForArchival, 0);
    report.check('archival status alreadyArchived', status.alreadyArchived, ARCHIVED_EVENTS);
    const readBack = tally(await readBackIds(system, groupId));
    report.check('archived events read back through the API (distinct)', readBack.distinct, ARCHIVED_EVENTS);
    report.check('archived events read back twice', readBack.extraCopies, 0);
  });
});
