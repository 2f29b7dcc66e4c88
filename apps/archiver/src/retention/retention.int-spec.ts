import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventEnvelope } from '@onescale/ontology';
import { hotDayOf, hotDocOf } from '@onescale/platform';
import { startAppProcess, type AppProcess } from '../../../../test/support/app-process';
import { request } from '../../../../test/support/http';
import { ArchiveFixture, backdatedEvents, idsOf } from '../testing/archive-fixture';

/** Stands in for quota's retention route: days per group, 404 for a group it does not know. */
async function quotaStub(days: Map<string, number | null>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const groupId = decodeURIComponent(/^\/internal\/retention\/([^/]+)$/.exec(req.url ?? '')?.[1] ?? '');
    const known = days.has(groupId);
    res.writeHead(known ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(known ? { groupId, rootGroupId: groupId, days: days.get(groupId) } : { code: 'group_not_found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * A daily run archives each group by its own retention (starter 90 days, pro 365, no limit:
 * AGE_THRESHOLD_DAYS 365): days older than every cutoff are dropped whole, younger ones are read
 * once and each event leaves by its group's cutoff.
 */
describe('archival by each group’s retention (FerretDB, versitygw, a quota stand-in)', () => {
  const fixture = new ArchiveFixture();
  const [starter, pro, unlimited, stray] = ['starter', 'pro', 'unlimited', 'stray'].map((n) => `ret-${fixture.suffix}-${n}`) as [
    string,
    string,
    string,
    string,
  ];
  const retention = new Map<string, number | null>([
    [starter, 90],
    [pro, 365],
    [unlimited, null],
    [stray, 1000],
  ]);
  const at = (groupId: string, count: number, daysAgo: number): EventEnvelope[] =>
    backdatedEvents([groupId], count, 1, daysAgo).map((e) => ({ ...e, id: `${e.id}-${daysAgo}d` }));
  const starter100 = at(starter, 30, 100);
  const starter50 = at(starter, 20, 50);
  const pro100 = at(pro, 25, 100);
  const pro400 = at(pro, 15, 400);
  const unlimited400 = at(unlimited, 12, 400);
  const unlimited100 = at(unlimited, 8, 100);
  // In the 400-day-old day, never counted by the ledger, kept 1000 days: it must survive the day's drop.
  const stray400 = at(stray, 4, 400);
  let archiver: AppProcess;
  let quota: { url: string; server: Server };
  const statusOf = async (groupId: string) =>
    (await request('GET', `${archiver.url}/v1/archival/status?groupId=${groupId}`, { internal: true })).body;
  const dailyRun = async () => (await request('POST', `${archiver.url}/v1/archival/runs`, { internal: true })).body;

  beforeAll(async () => {
    await fixture.open();
    await fixture.seed([...starter100, ...starter50, ...pro100, ...pro400, ...unlimited400, ...unlimited100]);
    await fixture.store.insert(stray400.map((e, offset) => ({ ...hotDocOf(e), offset })));
    quota = await quotaStub(retention);
    archiver = await startAppProcess('archiver', { port: 3460, env: fixture.env({ QUOTA_URL: quota.url }) });
  });

  afterAll(async () => {
    await archiver?.kill();
    quota?.server.close();
    await fixture.close([starter, pro, unlimited, stray]);
  });

  it('reports each group’s eligibility against its own retention', async () => {
    expect(await statusOf(starter)).toMatchObject({ retentionDays: 90, eligibleForArchival: 30 });
    expect(await statusOf(pro)).toMatchObject({ retentionDays: 365, eligibleForArchival: 15 });
    expect(await statusOf(unlimited)).toMatchObject({ retentionDays: 365, eligibleForArchival: 12 });
  });

  it('archives each group’s events past its retention, drops the day past every retention, and keeps the rest hot', async () => {
    const run = await dailyRun();
    expect(run).toMatchObject({ totalArchived: 30 + 15 + 12, totalFailed: 0, outcome: 'success' });
    expect(idsOf(await fixture.archivedEvents([starter, pro, unlimited, stray]))).toEqual(
      idsOf([...starter100, ...pro400, ...unlimited400]),
    );
    expect((await fixture.hotIds([starter, pro, unlimited, stray])).sort()).toEqual(
      idsOf([...starter50, ...pro100, ...unlimited100, ...stray400]),
    );
    // The old day was sealed and dropped; the stray group's events went back to a live partition.
    expect(await fixture.store.partitions()).toContainEqual({ day: hotDayOf(stray400[0]!.timestamp), sealed: false });
    expect((await fixture.store.partitions()).filter((p) => p.sealed)).toEqual([]);
    expect(await statusOf(starter)).toMatchObject({ eligibleForArchival: 0, alreadyArchived: 30 });
  });

  it('applies a plan change at the next run', async () => {
    retention.set(pro, 90);
    expect(await statusOf(pro)).toMatchObject({ retentionDays: 90, eligibleForArchival: 25 });
    expect(await dailyRun()).toMatchObject({ totalArchived: 25, totalFailed: 0 });
    expect(idsOf(await fixture.archivedEvents([pro]))).toEqual(idsOf([...pro400, ...pro100]));
  });
});
