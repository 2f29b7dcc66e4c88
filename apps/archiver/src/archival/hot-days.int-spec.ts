import { hotDayOf, hotDocOf } from '@onescale/platform';
import { startAppProcess, type AppProcess } from '../../../../test/support/app-process';
import { request } from '../../../../test/support/http';
import { ArchiveFixture, backdatedEvents, idsOf } from '../testing/archive-fixture';

/**
 * The archiver reads the day ledger for status, eligibility and group runs, and the hot store one
 * day partition at a time; a daily run drops each archived day whole. Here the ledger and the
 * partitions are made to disagree on purpose, to show which one each path reads.
 */
describe('archival by day partitions and the day ledger (FerretDB, versitygw)', () => {
  const fixture = new ArchiveFixture();
  const [counted, unlisted, late] = ['counted', 'unlisted', 'late'].map((n) => `days-${fixture.suffix}-${n}`) as [string, string, string];
  const events = backdatedEvents([late], 300, 3);
  let archiver: AppProcess;
  const statusOf = async (groupId: string) =>
    (await request('GET', `${archiver.url}/v1/archival/status?groupId=${groupId}`, { internal: true })).body;
  const days = async () => (await fixture.store.partitions()).map((p) => p.day);

  beforeAll(async () => {
    await fixture.open();
    await fixture.seed(events);
    archiver = await startAppProcess('archiver', { port: 3450, env: fixture.env() });
  });

  afterAll(async () => {
    await archiver?.kill();
    await fixture.close([counted, unlisted, late]);
  });

  it('answers eligibility from the ledger, not from the events', async () => {
    const day = events[0]!.timestamp;
    // Counted by the ledger, never stored.
    await fixture.ledger.record(
      7,
      [1, 2, 3].map((offset) => ({ groupId: counted, timestamp: day, offset, bytes: 100 })),
    );
    // Stored, never counted.
    await fixture.store.insert(backdatedEvents([unlisted], 5, 1).map((e, offset) => ({ ...hotDocOf(e), offset })));

    expect(await statusOf(counted)).toMatchObject({ eligibleForArchival: 3, estimates: { storageSaved: '300 B' } });
    expect((await statusOf(unlisted)).eligibleForArchival).toBe(0);
    expect((await statusOf(late)).eligibleForArchival).toBe(events.length);
  });

  it('runs a group over the days its ledger lists only', async () => {
    const run = await request('POST', `${archiver.url}/v1/groups/${unlisted}/archival/runs`, { internal: true, body: {} });
    expect(run.body).toMatchObject({ totalArchived: 0, totalFailed: 0 });
    expect(await fixture.hotIds([unlisted])).toHaveLength(5);
  });

  it('drops every archived day whole; a late event for a dropped day starts it again and is archived by the next run', async () => {
    const oldDays = [...new Set(events.map((e) => hotDayOf(e.timestamp)))];
    expect(await days()).toEqual(expect.arrayContaining(oldDays));
    const first = await request('POST', `${archiver.url}/v1/archival/runs`, { internal: true });
    expect(first.body).toMatchObject({ totalFailed: 0, outcome: 'success' });
    expect(await days()).toEqual([]);
    expect((await statusOf(late)).eligibleForArchival).toBe(0);

    const backdated = { ...events[0]!, id: `${events[0]!.id}-late` };
    await fixture.seed([backdated]);
    expect(await days()).toEqual([hotDayOf(backdated.timestamp)]);
    expect(await statusOf(late)).toMatchObject({ eligibleForArchival: 1, alreadyArchived: events.length });

    const second = await request('POST', `${archiver.url}/v1/archival/runs`, { internal: true });
    expect(second.body).toMatchObject({ totalArchived: 1, totalFailed: 0 });
    expect(await days()).toEqual([]);
    expect(await statusOf(late)).toMatchObject({ eligibleForArchival: 0, alreadyArchived: events.length + 1 });
    expect(idsOf(await fixture.archivedEvents([late]))).toEqual(idsOf([...events, backdated]));
  });
});
