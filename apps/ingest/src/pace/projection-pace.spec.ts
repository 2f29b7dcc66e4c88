import { ProjectionPace, ProjectorProgress, type PaceOptions, type ProjectorState } from './projection-pace';

/** A pace on a simulated clock: time moves only while a write sleeps; scheduled changes happen then. */
function simulated(options: Partial<PaceOptions> = {}) {
  let now = 0;
  let state: ProjectorState = { running: true, committed: new Map() };
  let failing = false;
  let hanging = false;
  let reads = 0;
  const scheduled: Array<{ at: number; change: () => void }> = [];
  const progress = new (class extends ProjectorProgress {
    async read(): Promise<ProjectorState> {
      reads++;
      if (hanging) return new Promise<ProjectorState>(() => undefined);
      if (failing) throw new Error('broker unreachable');
      return state;
    }
  })();
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
      for (const due of scheduled.filter((s) => s.at <= now)) {
        scheduled.splice(scheduled.indexOf(due), 1);
        due.change();
      }
    },
  };
  const pace = new ProjectionPace(progress, { backlog: 100, maxWaitMs: 5000, stallMs: 3000, pollMs: 100, ...options }, clock);
  return {
    pace,
    now: () => now,
    reads: () => reads,
    /** The projector has applied everything below `next` on `partition`. */
    commit: (partition: number, next: number) => {
      state = { ...state, committed: new Map([...state.committed, [partition, next]]) };
    },
    running: (running: boolean) => (state = { ...state, running }),
    failing: (on: boolean) => (failing = on),
    hanging: (on: boolean) => (hanging = on),
    at: (at: number, change: () => void) => scheduled.push({ at, change }),
    advance: (ms: number) => (now += ms),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ProjectionPace', () => {
  it('admits a write at once while its tenant stays within the backlog', async () => {
    const s = simulated();
    s.pace.published('A', { partition: 0, offset: 59 }, 60);
    const admitted = await s.pace.admit('A', 40);
    expect(admitted).toMatchObject({ outcome: 'fits', waitedMs: 0 });
  });

  it('holds a write until the projector has applied enough of its tenant’s earlier events', async () => {
    const s = simulated();
    s.pace.published('A', { partition: 0, offset: 99 }, 100);
    s.at(700, () => s.commit(0, 100));
    const admitted = await s.pace.admit('A', 50);
    expect(admitted.outcome).toBe('caught_up');
    expect(admitted.waitedMs).toBe(700);
    expect(s.pace.backlogOf('A')).toBe(50); // the admitted write is in flight
  });

  it('counts only the tenant’s own events: another tenant on the same partition is admitted at once', async () => {
    const s = simulated();
    s.pace.published('A', { partition: 0, offset: 9_999 }, 10_000);
    s.pace.published('B', { partition: 0, offset: 10_000 }, 1);
    expect((await s.pace.admit('B', 50)).outcome).toBe('fits');
    expect(s.pace.backlogOf('A')).toBe(10_000);
  });

  it('lets a write larger than the backlog through when nothing of its tenant is outstanding', async () => {
    const s = simulated();
    s.commit(2, 10);
    s.pace.published('A', { partition: 2, offset: 9 }, 10);
    await settle();
    const admitted = await s.pace.admit('A', 10_000);
    expect(admitted.outcome).toBe('fits');
    expect(s.pace.backlogOf('A')).toBe(10_000);
  });

  it('counts the items of writes in flight until they are released', async () => {
    const s = simulated();
    const first = await s.pace.admit('A', 80);
    expect(first.outcome).toBe('fits');
    s.at(400, () => first.release());
    const second = await s.pace.admit('A', 50);
    expect(second).toMatchObject({ outcome: 'caught_up', waitedMs: 400 });
    second.release();
    second.release(); // twice is once
    expect(s.pace.backlogOf('A')).toBe(0);
  });

  it('does not wait for a projector that is not running', async () => {
    const s = simulated();
    s.running(false);
    s.pace.published('A', { partition: 0, offset: 99 }, 100);
    expect(await s.pace.admit('A', 50)).toMatchObject({ outcome: 'not_running', waitedMs: 0 });
  });

  it('stops waiting for a projector whose offsets stand still', async () => {
    const s = simulated();
    s.pace.published('A', { partition: 0, offset: 99 }, 100);
    expect(await s.pace.admit('A', 50)).toMatchObject({ outcome: 'stalled', waitedMs: 3000 });
  });

  it('counts a standstill from when the tenant’s events began to wait, not from the write', async () => {
    const s = simulated();
    s.pace.published('A', { partition: 0, offset: 99 }, 100);
    s.advance(2500);
    expect(await s.pace.admit('A', 50)).toMatchObject({ outcome: 'stalled', waitedMs: 500 });
  });

  it('does not make the next write wait again for a projector found stalled, until it moves', async () => {
    const s = simulated();
    s.pace.published('A', { partition: 0, offset: 99 }, 100);
    const a = await s.pace.admit('A', 50);
    expect(a).toMatchObject({ outcome: 'stalled', waitedMs: 3000, admitted: true });
    a.release();
    const again = await s.pace.admit('A', 50);
    expect(again).toMatchObject({ outcome: 'stalled', waitedMs: 0 });
    again.release();
    s.commit(0, 50); // it moves again, short of A's events
    s.advance(100);
    s.at(s.now() + 600, () => s.commit(0, 100));
    expect(await s.pace.admit('A', 50)).toMatchObject({ outcome: 'caught_up', waitedMs: 600 });
  });

  it('does not take a projector that was idle before the tenant’s events came for a stuck one', async () => {
    const s = simulated();
    s.commit(0, 50);
    s.pace.published('B', { partition: 0, offset: 49 }, 50);
    expect((await s.pace.admit('B', 1)).outcome).toBe('fits'); // reads the state: offset 50, idle from now on
    s.advance(60_000);
    s.pace.published('A', { partition: 0, offset: 149 }, 100);
    s.at(s.now() + 2000, () => s.commit(0, 150));
    expect(await s.pace.admit('A', 50)).toMatchObject({ outcome: 'caught_up', waitedMs: 2000 });
  });

  it('refuses a write still out of reach after the longest wait while the projector moves too slowly', async () => {
    const s = simulated({ maxWaitMs: 2000, stallMs: 1000 });
    s.pace.published('A', { partition: 0, offset: 1099 }, 100);
    for (let at = 500; at <= 5000; at += 500) s.at(at, () => s.commit(0, at / 5)); // other tenants' events
    const refused = await s.pace.admit('A', 50);
    expect(refused).toMatchObject({ outcome: 'refused', admitted: false, backlog: 100, waitedMs: 2000 });
    expect(s.pace.backlogOf('A')).toBe(100); // the refused items never counted
  });

  it('lets a write go ahead after the longest wait when its tenant’s backlog is not full: the projector is busy with others', async () => {
    const s = simulated({ maxWaitMs: 2000, stallMs: 1000 });
    s.pace.published('A', { partition: 0, offset: 1099 }, 30);
    for (let at = 500; at <= 5000; at += 500) s.at(at, () => s.commit(0, at / 5)); // other tenants' events
    const admitted = await s.pace.admit('A', 80);
    expect(admitted).toMatchObject({ outcome: 'max_wait', admitted: true, waitedMs: 2000 });
    expect(s.pace.backlogOf('A')).toBe(110);
  });

  it('bounds a tenant’s backlog by the limit plus one write, however many writes it sends at once', async () => {
    const s = simulated({ maxWaitMs: 1000 });
    s.pace.published('A', { partition: 0, offset: 99 }, 100);
    const answers = await Promise.all(Array.from({ length: 8 }, () => s.pace.admit('A', 100)));
    expect(answers.filter((a) => a.admitted)).toHaveLength(0);
    s.commit(0, 100);
    s.advance(100);
    // The first goes once the state read shows A's events applied; one more after the longest wait, short
    // of a full backlog; the rest are refused.
    const next = await Promise.all(Array.from({ length: 8 }, () => s.pace.admit('A', 60)));
    expect(next.map((a) => a.outcome).sort()).toEqual(['caught_up', 'max_wait', ...Array<string>(6).fill('refused')]);
    expect(s.pace.backlogOf('A')).toBe(120);
  });

  it('never holds a write because the projector’s state cannot be read', async () => {
    const s = simulated();
    s.failing(true);
    s.pace.published('A', { partition: 0, offset: 99 }, 100);
    await settle();
    expect(await s.pace.admit('A', 50)).toMatchObject({ outcome: 'unknown' });
  });

  it('reads the projector’s state once per poll whoever waits', async () => {
    const s = simulated();
    s.pace.published('A', { partition: 0, offset: 99 }, 100);
    s.pace.published('B', { partition: 1, offset: 99 }, 100);
    await settle();
    const before = s.reads();
    s.at(1000, () => {
      s.commit(0, 100);
      s.commit(1, 100);
    });
    const [a, b] = await Promise.all([s.pace.admit('A', 50), s.pace.admit('B', 50)]);
    expect([a.outcome, b.outcome]).toEqual(['caught_up', 'caught_up']);
    // Both writes wake every 100 ms of the simulated second: each poll interval reads once.
    expect(s.reads() - before).toBeLessThanOrEqual(12);
  });

  it('keeps the sum exact when it merges old publications', async () => {
    const s = simulated({ backlog: 10_000 });
    for (let offset = 0; offset < 1000; offset++) s.pace.published('A', { partition: 0, offset }, 1);
    expect(s.pace.backlogOf('A')).toBe(1000);
    s.commit(0, 1000);
    s.at(100, () => undefined);
    await s.pace.admit('A', 9_999); // over: reads the state, finds everything applied
    expect(s.pace.backlogOf('A')).toBe(9_999);
  });

  it('paces nothing with a backlog of 0', async () => {
    const s = simulated({ backlog: 0 });
    s.pace.published('A', { partition: 0, offset: 99_999 }, 100_000);
    expect((await s.pace.admit('A', 10_000)).outcome).toBe('fits');
    expect(s.pace.backlogOf('A')).toBe(0);
    expect(s.reads()).toBe(0);
  });

  it('lets a write go ahead when the projector’s state is not read in time, and starts no second read meanwhile', async () => {
    const s = simulated({ readTimeoutMs: 30 });
    s.pace.published('A', { partition: 0, offset: 99 }, 100);
    await settle();
    s.hanging(true);
    const reads = s.reads();
    const started = performance.now();
    const [first, second] = await Promise.all([s.pace.admit('A', 50), s.pace.admit('A', 50)]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect([first.outcome, second.outcome]).toEqual(['unknown', 'unknown']);
    expect(first.admitted && second.admitted).toBe(true);
    s.advance(1000);
    expect((await s.pace.admit('A', 50)).outcome).toBe('unknown');
    expect(s.reads() - reads).toBe(1);
  });
});
