import { TOPICS, isType } from '@onescale/ontology';
import { createKafka, ensureTopics } from '@onescale/platform';
import { startAppProcess, waitReady } from '../../../../test/support/app-process';
import { eventually, testEnv } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import { tapTopic } from '../../../../test/support/kafka';
import { ArchiveFixture, backdatedEvents, idsOf, runOnceProcess } from '../testing/archive-fixture';

/** An S3 endpoint where nothing listens: every request is a real connection failure. */
const DEAD_S3 = 'http://127.0.0.1:3498';

describe('archiver with S3 unreachable', () => {
  const fixture = new ArchiveFixture();
  const groups = [1, 2].map((n) => `s3down-${fixture.suffix}-g${n}`);
  const events = backdatedEvents(groups, 3000, 5);

  beforeAll(async () => {
    await fixture.open();
    await fixture.seed(events);
  });

  afterAll(() => fixture.close(groups));

  it("--once reports failure (exit 1), deletes nothing hot and announces each group's failure", async () => {
    await ensureTopics(createKafka('outage-test', testEnv.brokers));
    const tap = await tapTopic(TOPICS.events);
    const run = await runOnceProcess(fixture.env({ S3_ENDPOINT: DEAD_S3 }));
    expect(run).toEqual({ code: 1, signal: null });
    const failures = await eventually(
      () => {
        const mine = tap.envelopes.filter((e) => isType(e, 'archival_failed') && groups.includes(e.groupId));
        return mine.length === groups.length ? mine : undefined;
      },
      20_000,
      'an archival_failed event per group',
    );
    await tap.stop();
    expect(
      failures.map((e) => [e.groupId, isType(e, 'archival_failed') && e.data.stage, isType(e, 'archival_failed') && e.data.failed]).sort(),
    ).toEqual(groups.map((g) => [g, 'upload', events.filter((e) => e.groupId === g).length]).sort());
    expect((await fixture.hotIds(groups)).sort()).toEqual(idsOf(events));
    expect((await fixture.manifests(groups)).filter((m) => m.state !== 'pending')).toEqual([]);
  });

  it('an on-demand run answers its failure per group, and the next run with S3 back archives each event once', async () => {
    const down = await startAppProcess('archiver', { port: 3410, env: fixture.env({ S3_ENDPOINT: DEAD_S3 }), waitReady: false });
    try {
      await eventually(
        async () => ((await fetch(`${down.url}/health`).catch(() => null))?.ok ? true : undefined),
        60_000,
        'the archiver to answer /health',
      );
      const reply = await request('POST', `${down.url}/v1/archival/runs`, { internal: true });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ outcome: 'failure', totalArchived: 0, totalFailed: events.length, successRate: 0 });
      expect(reply.body.batches).toHaveLength(2);
      // The first test's failed uploads left pending manifests: this run's recovery meets the outage first.
      for (const batch of reply.body.batches) expect(batch.error).toMatch(/^(upload|recovery): .*ECONNREFUSED/);
      expect((await fixture.hotIds(groups)).sort()).toEqual(idsOf(events));
    } finally {
      await down.kill();
    }

    const up = await startAppProcess('archiver', { port: 3411, env: fixture.env() });
    try {
      await waitReady(up.url);
      const reply = await request('POST', `${up.url}/v1/archival/runs`, { internal: true });
      expect(reply.body).toMatchObject({ outcome: 'success', totalArchived: events.length, totalFailed: 0 });
    } finally {
      await up.kill();
    }
    expect(await fixture.hotIds(groups)).toEqual([]);
    const archived = idsOf(await fixture.archivedEvents(groups));
    expect(archived).toEqual(idsOf(events));
    // The failed uploads' manifests were cleaned up: every object has one, every manifest is final.
    const manifests = await fixture.manifests(groups);
    expect(manifests.every((m) => m.state === 'archived')).toBe(true);
    expect((await fixture.objectKeys(groups)).sort()).toEqual(manifests.map((m) => m._id).sort());
  });
});

describe('two overlapping runs', () => {
  const fixture = new ArchiveFixture();
  const groups = [1, 2, 3].map((n) => `overlap-${fixture.suffix}-g${n}`);
  const events = backdatedEvents(groups, 6000, 6);

  beforeAll(async () => {
    await fixture.open();
    await fixture.seed(events);
  });

  afterAll(() => fixture.close(groups));

  it('a group run is refused with 409 while a run holds the lease, a second platform-wide run waits for it; each event is archived once', async () => {
    const [a, b] = await Promise.all([
      startAppProcess('archiver', { port: 3420, env: fixture.env() }),
      startAppProcess('archiver', { port: 3421, env: fixture.env() }),
    ]);
    try {
      const first = request('POST', `${a.url}/v1/archival/runs`, { internal: true });
      // Wait until the first run holds the lease, then start the second on the other process.
      await eventually(async () => {
        const [latest] = await fixture.archive.collection('archival_lease').find({}).sort({ n: -1 }).limit(1).toArray();
        return latest && latest.holder !== null && latest.expiresAt > Date.now() ? true : undefined;
      });
      const second = request('POST', `${b.url}/v1/archival/runs`, { internal: true });
      const group = await request('POST', `${a.url}/v1/groups/${groups[0]}/archival/runs`, { internal: true, body: {} });
      expect({ status: group.status, code: group.body.code }).toEqual({ status: 409, code: 'archival_in_progress' });
      const done = await first;
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ totalArchived: events.length, totalFailed: 0 });

      // Once the lease is released the waiting run goes, and finds nothing left.
      const after = await second;
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ totalArchived: 0, outcome: 'success' });
    } finally {
      await Promise.all([a.kill(), b.kill()]);
    }
    const archived = idsOf(await fixture.archivedEvents(groups));
    expect(archived).toEqual(idsOf(events));
    expect(await fixture.hotIds(groups)).toEqual([]);
  });
});
