import { startAppProcess, type AppProcess } from '../../../../test/support/app-process';
import { eventually } from '../../../../test/support/env';
import { ArchiveFixture, backdatedEvents, idsOf } from '../testing/archive-fixture';

describe('the archiver as a service with its own schedule', () => {
  const fixture = new ArchiveFixture();
  const groups = [`sched-${fixture.suffix}-g1`];
  const events = backdatedEvents(groups, 400, 3);
  let archiver: AppProcess;

  beforeAll(async () => {
    await fixture.open();
    await fixture.seed(events);
    // Every 2 seconds instead of 02:00 UTC, so the test need not wait for the night.
    archiver = await startAppProcess('archiver', { port: 3430, env: fixture.env({ ARCHIVAL_CRON: '*/2 * * * * *' }) });
  });

  afterAll(async () => {
    await archiver?.kill();
    await fixture.close(groups);
  });

  it('runs on ARCHIVAL_CRON with no request, and reports the run in Prometheus metrics', async () => {
    await eventually(
      async () => ((await fixture.hotIds(groups)).length === 0 ? true : undefined),
      60_000,
      'the scheduled run to empty the hot store',
    );
    expect(idsOf(await fixture.archivedEvents(groups))).toEqual(idsOf(events));
    const metrics = await eventually(
      async () => {
        const text = await (await fetch(`${archiver.url}/metrics`)).text();
        return /onescale_archiver_last_success_timestamp_seconds(\{[^}]*\})? [1-9]/.test(text) ? text : undefined;
      },
      20_000,
      'a successful run in the metrics',
    );
    expect(metrics).toMatch(/onescale_archiver_runs_total\{outcome="success"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/onescale_archiver_events_archived_total(\{[^}]*\})? 400\n/);
    expect(metrics).toMatch(/onescale_archiver_run_duration_seconds_count(\{[^}]*\})? [1-9]/);
  });
});
