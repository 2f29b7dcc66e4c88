import { DayLedger, hotStoreDb } from '@onescale/platform';
import { eventually } from '../../../test/support/env';
import { request } from '../../../test/support/http';
import { startAppProcess } from '../../../test/support/app-process';
import { diffDumps, dumpReadModels, type Dump } from './rebuild/read-model-dump';
import { expectedGroupMetrics, modelOf } from './testing/expected';
import { SMALL, generatedHistory } from './testing/generated-history';
import { MetricsHarness, TEST_SHARDS, resumeOffsets, setGroupOffsets, topicEnds, type MetricsUnderTest } from './testing/harness';
import { ownedBy } from './testing/scenario';
import { Shards } from '@onescale/platform';

const harness = new MetricsHarness();
const history = generatedHistory(Date.now());
const mine = ownedBy([history.root], history.events);
/** The drills replay a smaller history, each from its first offset. */
const small = generatedHistory(Date.now(), SMALL);
const smallOnes = ownedBy([small.root], small.events);
let clean: MetricsUnderTest;
let lastOffset = -1;

const dumpOf = async (db: string): Promise<Dump> => dumpReadModels(new Shards((await harness.mongo(db)).db!, TEST_SHARDS));
/** The day ledger of the small history's groups: each event counted once, however often it came. */
const ledgerOf = async (db: string) => {
  const ledger = DayLedger.of(hotStoreDb(await harness.mongo(db)));
  return Promise.all([...new Set(small.events.map((e) => e.groupId))].sort().map(async (g) => [g, await ledger.ofGroup(g)] as const));
};
/** Resolves once the process is gone (the drill killed itself). */
const exited = (pid: number | undefined) =>
  eventually(
    () => {
      try {
        process.kill(pid!, 0);
        return undefined;
      } catch {
        return true;
      }
    },
    120000,
    'the crash',
  );

beforeAll(async () => {
  clean = await harness.start(3210, 'clean');
});

afterAll(async () => {
  await clean?.app.kill();
  await harness.close();
});

describe('crash recovery of the projector', () => {
  it('a SIGKILL of metrics mid-stream, then a restart, gives the same read models as a clean run', async () => {
    const crashed = await harness.start(3211, 'sigkill');
    let killedAt = -1;
    for (let i = 0; i < history.events.length; i += 60) {
      const positions = await harness.publish(history.events.slice(i, i + 60));
      lastOffset = Math.max(lastOffset, ...[...positions.values()].map((p) => p.offset));
      if (killedAt < 0 && i >= history.events.length / 3) {
        // wait until the projector is busy with this group, then kill it in the middle of the stream
        await eventually(async () =>
          (await request('GET', `${crashed.app.url}/v1/groups/${history.root}/metrics`, { internal: true })).status === 200
            ? true
            : undefined,
        );
        await crashed.app.kill('SIGKILL');
        killedAt = i;
      }
    }
    expect(killedAt).toBeGreaterThan(0);
    await crashed.app.restart();
    await harness.caughtUp(clean.app.url, history.root, lastOffset, 180000);
    await harness.caughtUp(crashed.app.url, history.root, lastOffset, 180000);
    const cleanDump = await dumpOf(clean.db);
    const view = await request('GET', `${crashed.app.url}/v1/groups/${history.root}/metrics`, { internal: true });
    expect(view.body._computed).toEqual(expectedGroupMetrics(modelOf(history.events), history.root, view.body._computed.lastComputed));
    await crashed.app.kill();
    const differences = diffDumps(cleanDump, await dumpOf(crashed.db), mine);
    expect(differences).toEqual([]);
    expect([...cleanDump.keys()].filter(mine).length).toBeGreaterThan(250);
    const rebuilt = await harness.rebuild(crashed.db);
    expect(rebuilt.output).toMatch(/the read models match/);
  }, 400000);

  describe('crash drills: SIGKILL right after one step of the first batch, then a restart', () => {
    let drillStart: Awaited<ReturnType<typeof topicEnds>>;
    let smallDump: Dump;
    let smallLast = -1;

    beforeAll(async () => {
      drillStart = await topicEnds(harness.kafka);
      smallLast = await harness.publishInChunks(small.events, 100);
      await harness.caughtUp(clean.app.url, small.root, smallLast);
      smallDump = await dumpOf(clean.db);
    });

    // After storing the events; after some read-model writes; after all of them; before the commit.
    it.each(['events', 'chunks', 'documents', 'progress'])(
      'a crash right after the "%s" step is repaired when the batch comes again',
      async (point) => {
        const port = 3220;
        // Started without the drill first (its database and consumer group): the topics are shared, so
        // a record of someone else's could otherwise reach it, and crash it, before it is ready.
        const drill = await harness.start(port, `drill-${point}`);
        await drill.app.kill();
        await setGroupOffsets(harness.kafka, drill.consumerGroup, drillStart);
        // it may crash before it is ready: do not wait for /ready, wait for the process to end
        const crashing = harness.track(
          await startAppProcess('metrics', {
            port,
            env: { ...drill.env, METRICS_CRASH_AFTER: point, METRICS_CRASH_ON_HIT: '1' },
            waitReady: false,
          }),
        );
        await exited(crashing.pid);
        await crashing.kill();
        // Restart from where the crashed consumer would resume (its committed offsets), under a new
        // group id: the same effect as restarting it, without waiting for Kafka to expire the dead member.
        const env = { ...drill.env, CONSUMER_GROUP_SUFFIX: `${drill.env.CONSUMER_GROUP_SUFFIX}.restarted` };
        await setGroupOffsets(
          harness.kafka,
          `${drill.consumerGroup}.restarted`,
          await resumeOffsets(harness.kafka, drill.consumerGroup, drillStart),
        );
        const recovered = harness.track(await startAppProcess('metrics', { port, env }));
        try {
          await harness.caughtUp(recovered.url, small.root, smallLast, 120000);
        } finally {
          await recovered.kill();
        }
        const differences = diffDumps(smallDump, await dumpOf(drill.db), smallOnes);
        expect(differences).toEqual([]);
        const counted = await ledgerOf(drill.db);
        expect(counted.flatMap(([, days]) => days).reduce((n, d) => n + d.events, 0)).toBe(small.events.length);
        expect(counted).toEqual(await ledgerOf(clean.db));
        expect([...smallDump.keys()].filter(smallOnes).length).toBeGreaterThan(30);
      },
      200000,
    );
  });
});
