import { ArchiveFixture, backdatedEvents, idsOf, runOnceProcess } from '../testing/archive-fixture';

/**
 * Crash drills: the archiver kills itself with SIGKILL right after a step of its first object, or
 * after the first drop of an archived day (ARCHIVER_CRASH_AFTER), then a normal `--once` run starts while the dead run's lease is still
 * live (it waits for it to expire). Afterwards the hot store and the archive together hold every
 * original event exactly once, and no object exists without its manifest.
 */
describe.each(['upload', 'verify', 'delete', 'drop'] as const)('a SIGKILL after the %s step', (step) => {
  const fixture = new ArchiveFixture();
  const groups = [1, 2].map((n) => `crash-${step}-${fixture.suffix}-g${n}`);
  // Enough events for several objects and more than one delete batch per group.
  const events = backdatedEvents(groups, 12_400, 4);

  beforeAll(async () => {
    await fixture.open();
    await fixture.seed(events);
  });

  afterAll(() => fixture.close(groups));

  it('loses nothing and duplicates nothing once the next run has finished', async () => {
    const crashed = await runOnceProcess(fixture.env({ ARCHIVER_CRASH_AFTER: step, BATCH_SIZE: '1000', DELETE_BATCH_SIZE: '3000' }));
    expect(crashed.signal).toBe('SIGKILL');

    // The crash left work half-done: not everything is archived yet, and nothing is lost.
    const hotAfterCrash = await fixture.hotIds(groups);
    const archivedAfterCrash = idsOf(await fixture.archivedEvents(groups));
    expect(hotAfterCrash.length).toBeGreaterThan(0);
    expect([...new Set([...hotAfterCrash, ...archivedAfterCrash])].sort()).toEqual(idsOf(events));
    if (step === 'verify' || step === 'delete') {
      // Every day here is archived whole: its objects are final in one write while their events stay
      // in the sealed partition until the drop, so the rerun must delete those copies, not archive them again.
      expect((await fixture.manifests(groups)).map((m) => m.state)).toContain('archived');
      expect(hotAfterCrash.filter((id) => archivedAfterCrash.includes(id)).length).toBeGreaterThan(0);
    }

    const rerun = await runOnceProcess(fixture.env({ BATCH_SIZE: '1000' }));
    expect(rerun).toEqual({ code: 0, signal: null });

    const hot = await fixture.hotIds(groups);
    const archived = idsOf(await fixture.archivedEvents(groups));
    expect(hot).toEqual([]);
    expect(archived).toEqual(idsOf(events));
    expect(new Set(archived).size).toBe(archived.length);
    const manifests = await fixture.manifests(groups);
    expect(manifests.every((m) => m.state === 'archived' && m.emitted === true)).toBe(true);
    expect((await fixture.objectKeys(groups)).sort()).toEqual(manifests.map((m) => m._id).sort());
  });
});
