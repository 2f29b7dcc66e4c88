import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { archivalStatus, archivedIds, backdatedEvents, readBackIds } from './support/archive';
import { seededRandom, sleep, startServers, stopServer } from './support/chaos';
import { spawnEntry, startDrillSystem, type DrillSystem } from './support/drill-system';
import { createGroup, type GatewayClient } from './support/gateway-client';
import { tally } from './support/kafka-log';
import { waitForCount, waitSettled } from './support/probes';
import { DrillReport } from './support/report';

/**
 * DESIGN §4.1 and §4.2 across an S3 outage: old events are archived by the daily run exactly as the
 * Kubernetes CronJob starts it (its command and `--once`), and S3 is stopped in the middle of that
 * run. The run must fail visibly (non-zero exit, so the Job fails) and lose nothing: every event is
 * either still hot or in a verified object. After S3 is back, the next run archives the rest, and
 * every event is in exactly one object.
 */
const OLD_EVENTS = 4_000;
const repoRoot = path.resolve(__dirname, '..', '..');

/** The CronJob's container command and arguments, from deploy/k8s. */
function cronJobCommand(): string[] {
  const cron = parseAllDocuments(readFileSync(path.join(repoRoot, 'deploy', 'k8s', 'archiver-cronjob.yaml'), 'utf8'))[0]!.toJS();
  const container = cron.spec.jobTemplate.spec.template.spec.containers[0];
  return [...container.command, ...(container.args ?? [])];
}

/** Runs the archiver once as the CronJob's pod would; answers its exit code and the time it took. */
function runOnce(system: DrillSystem, onStart: () => void = () => undefined): Promise<{ code: number | null; ms: number }> {
  const [node, flag, entry, ...args] = cronJobCommand();
  expect([node, flag]).toEqual(['node', '--enable-source-maps']);
  const t0 = Date.now();
  // The service keeps its port; the one-shot run gets another one of the drills' range.
  const child = spawnEntry(entry!, args, { ...system.env, PORT: '3705' }, path.join(system.logDir, 'archiver-once.log'));
  onStart();
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, ms: Date.now() - t0 })));
}

describe('drill: S3 outage during the daily archival run', () => {
  const report = new DrillReport('s3-outage');
  const random = seededRandom();
  let system: DrillSystem;
  let groupId: string;
  let client: GatewayClient;
  let old: Set<string>;

  beforeAll(async () => {
    system = await startDrillSystem('s3-outage');
    ({ groupId, client } = await createGroup(system.urls.gateway, system.adminKey, 'drill-s3'));
    report.note(`group ${groupId}; seed ${random.seed}; run-once command: ${cronJobCommand().join(' ')}`);
  });

  afterAll(async () => {
    await startServers();
    await system?.stop();
  });

  it('has old events in the hot store', async () => {
    const answer = await client.untilOk(
      'POST',
      `/v1/groups/${groupId}/events/batch`,
      { events: backdatedEvents(OLD_EVENTS, 4, 500, 's3-outage') },
      `s3-${groupId}-old`,
    );
    old = new Set(answer.body.created);
    report.check('old events acknowledged', old.size, OLD_EVENTS);
    await waitSettled();
    await waitForCount(
      'events eligible for archival',
      async () => (await archivalStatus(system, groupId))?.eligibleForArchival,
      OLD_EVENTS,
    );
    report.check('eligible for archival', (await archivalStatus(system, groupId))!.eligibleForArchival, OLD_EVENTS);
  });

  it('fails the run when S3 goes away in the middle, and loses nothing', async () => {
    const delay = random.between(200, 2000);
    let outage: Promise<void> = Promise.resolve();
    const result = await runOnce(system, () => {
      outage = sleep(delay).then(async () => {
        const ms = await stopServer('s3');
        report.inject(`S3 stopped ${delay} ms into the run-once archival (stop took ${ms} ms)`);
      });
    });
    await outage;
    report.note(`the run-once archival exited with code ${result.code} after ${(result.ms / 1000).toFixed(1)} s`);
    const status = (await archivalStatus(system, groupId))!;
    report.note(`after the failed run: ${status.eligibleForArchival} hot, ${status.alreadyArchived} archived`);
    // If the run finished before the outage began, it had nothing left to fail on.
    if (status.eligibleForArchival > 0) expect(result.code).not.toBe(0);
    report.check('hot + archived events after the failed run', status.eligibleForArchival + status.alreadyArchived, OLD_EVENTS);
  });

  it('archives the rest once S3 is back: every event in exactly one verified object', async () => {
    const ms = await startServers();
    report.inject(`S3 started again, ready in ${(ms / 1000).toFixed(1)} s`);
    const result = await runOnce(system);
    report.note(`the next run-once archival exited with code ${result.code} after ${(result.ms / 1000).toFixed(1)} s`);
    expect(result.code).toBe(0);

    const status = (await archivalStatus(system, groupId))!;
    const archive = await archivedIds(system, groupId);
    const inArchive = tally(archive.ids);
    report.note(`${archive.manifests.length} manifests; ${archive.orphanObjects.length} unrecorded objects left by the outage`);
    report.check('objects whose checksum or count does not match their manifest', archive.badObjects.length, 0);
    report.check('events in recorded archive objects', archive.ids.length, OLD_EVENTS);
    report.check('events archived twice', inArchive.extraCopies, 0);
    report.check('old events missing from the archive', [...old].filter((id) => !inArchive.counts.has(id)).length, 0);
    report.check('old events still in the hot store', status.eligibleForArchival, 0);
    const readBack = tally(await readBackIds(system, groupId));
    report.check('archived events read back through the API (distinct)', readBack.distinct, OLD_EVENTS);
  });
});
