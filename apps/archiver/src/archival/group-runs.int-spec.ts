import { INTERNAL_HEADERS } from '@onescale/ontology';
import { startAppProcess, type AppProcess } from '../../../../test/support/app-process';
import { eventually } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import { ArchiveFixture, backdatedEvents } from '../testing/archive-fixture';
import { RunLease, type LeaseDoc } from './run-lease';

/** A request as the gateway forwards it for a key of `caller` (a group id, or `platform`). */
const as = (caller: string) => ({ internal: true, headers: { [INTERNAL_HEADERS.callerGroupId]: caller } });

describe('group runs cost neither other groups nor the daily run (FerretDB, versitygw)', () => {
  const fixture = new ArchiveFixture();
  const [a, b, limited] = ['a', 'b', 'limited'].map((n) => `runs-${fixture.suffix}-${n}`) as [string, string, string];
  const events = backdatedEvents([a, b], 600, 4);
  let archiver: AppProcess;

  beforeAll(async () => {
    await fixture.open();
    await fixture.seed(events);
    archiver = await startAppProcess('archiver', { port: 3440, env: fixture.env() });
  });

  afterAll(async () => {
    await archiver?.kill();
    await fixture.close([a, b, limited]);
  });

  it("shows in a group's status only that group's line of the last run that included it", async () => {
    const runOf = async (groupId: string) =>
      (await request('POST', `${archiver.url}/v1/groups/${groupId}/archival/runs`, { ...as('platform'), body: {} })).body;
    const statusOf = async (groupId: string) =>
      (await request('GET', `${archiver.url}/v1/archival/status?groupId=${groupId}`, as(groupId))).body;
    const runA = await runOf(a);
    const runB = await runOf(b);
    const mine = events.filter((e) => e.groupId === a).length;
    expect(runB.totalArchived).toBe(events.length - mine);

    const status = await statusOf(a);
    expect(status.lastRun).toMatchObject({
      runId: runA.runId,
      kind: 'group',
      groupId: a,
      totalArchived: mine,
      totalFailed: 0,
      outcome: 'success',
    });
    expect(JSON.stringify(status)).not.toContain(b);

    // A daily run includes every group with work; a group's status shows its own line of it.
    await fixture.seed(backdatedEvents([a, b], 40, 2).map((e) => ({ ...e, id: `${e.id}-again` })));
    const daily = (await request('POST', `${archiver.url}/v1/archival/runs`, as('platform'))).body;
    expect(daily.groupsProcessed).toBe(2);
    const after = await statusOf(b);
    expect(after.lastRun).toMatchObject({
      runId: daily.runId,
      kind: 'daily',
      groupId: b,
      totalArchived: daily.batches.find((x: { groupId: string }) => x.groupId === b).archived,
    });
    expect(after.lastRun.totalArchived).toBeLessThan(daily.totalArchived);
    expect((await statusOf(`${limited}-never-run`)).lastRun).toBeNull();
  });

  it('lets a group key start six runs an hour, then answers 429 with Retry-After, also after a restart; the platform admin is not counted', async () => {
    const start = () => request('POST', `${archiver.url}/v1/groups/${limited}/archival/runs`, { ...as(limited), body: {} });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await start()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const refused = await start();
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 429, code: 'too_many_runs' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3600);

    await archiver.kill('SIGKILL');
    await archiver.restart();
    expect((await start()).status).toBe(429);
    expect((await request('POST', `${archiver.url}/v1/groups/${limited}/archival/runs`, { ...as('platform'), body: {} })).status).toBe(200);
  });
});

describe('the scheduled daily run when the lease is taken', () => {
  const fixture = new ArchiveFixture();
  const groups = [`daily-${fixture.suffix}-g1`];
  const events = backdatedEvents(groups, 300, 3);
  let archiver: AppProcess;

  beforeAll(async () => {
    await fixture.open();
    await fixture.seed(events);
  });

  afterAll(async () => {
    await archiver?.kill();
    await fixture.close(groups);
  });

  it('waits while another run holds the lease and runs when it is released, instead of skipping the day', async () => {
    // Another run (a long group run, say) holds the lease, renewing it, when the daily run is due.
    const lease = new RunLease(fixture.archive.collection<LeaseDoc>('archival_lease'), 'archival', 3000);
    const held = await lease.acquire('a-long-group-run');
    expect(held).not.toBeNull();
    // Due once the process is surely up (a loaded machine may take a while to start it).
    const due = new Date(Date.now() + 40_000);
    const cron = `${due.getUTCSeconds()} ${due.getUTCMinutes()} ${due.getUTCHours()} * * *`;
    archiver = await startAppProcess('archiver', { port: 3442, env: fixture.env({ ARCHIVAL_CRON: cron }) });

    // Well past the due time and past the lease's TTL: nothing archived, nothing given up.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due.getTime() - Date.now()) + 8000));
    expect((await fixture.hotIds(groups)).length).toBe(events.length);

    await held!.release();
    await eventually(
      async () => ((await fixture.hotIds(groups)).length === 0 ? true : undefined),
      30_000,
      'the waiting daily run to archive the group',
    );
    // The run is recorded once it has finished (after its deletes).
    const runs = await eventually(
      async () => {
        const recorded = await fixture.archive.collection('archival_runs').find({ kind: 'daily' }).toArray();
        return recorded.length > 0 ? recorded : undefined;
      },
      30_000,
      'the daily run to be recorded',
    );
    expect(runs).toMatchObject([{ kind: 'daily', totalArchived: events.length, outcome: 'success' }]);
  });
});
