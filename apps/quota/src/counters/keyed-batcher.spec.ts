import { KeyedBatcher, type Change } from './keyed-batcher';

/** An in-memory "log" that counts commits and can lose a race once. */
const memoryCommit = () => {
  const states = new Map<string, number>();
  const commits: string[] = [];
  let loseNext = false;
  return {
    states,
    commits,
    loseOnce: () => (loseNext = true),
    commit: async (key: string, change: Change<number>) => {
      await new Promise((r) => setTimeout(r, 1));
      if (loseNext) {
        // Someone else appended first: the change runs again on their state.
        loseNext = false;
        states.set(key, (states.get(key) ?? 0) + 100);
      }
      const next = change(states.get(key) ?? 0);
      commits.push(key);
      if (next !== null) states.set(key, next);
    },
  };
};

describe('KeyedBatcher', () => {
  it('given 50 concurrent changes of one key, when they run, then none is lost and they share few commits', async () => {
    const log = memoryCommit();
    const batcher = new KeyedBatcher<number>(log.commit);
    const results = await Promise.all(Array.from({ length: 50 }, () => batcher.run('k', (s) => s + 1)));
    expect(log.states.get('k')).toBe(50);
    expect(log.commits.length).toBeLessThan(50);
    expect(results.map((t) => t.after).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('given a limit, when racing changes decline past it, then exactly the allowance is granted', async () => {
    const log = memoryCommit();
    const batcher = new KeyedBatcher<number>(log.commit);
    const results = await Promise.all(Array.from({ length: 50 }, () => batcher.run('slots', (s) => (s < 30 ? s + 1 : null))));
    expect(results.filter((t) => t.after !== t.before)).toHaveLength(30);
    expect(log.states.get('slots')).toBe(30);
  });

  it('given a lost race, when the commit re-runs the change, then callers see the final run', async () => {
    const log = memoryCommit();
    const batcher = new KeyedBatcher<number>(log.commit);
    log.loseOnce();
    const t = await batcher.run('k', (s) => s + 1);
    expect(t).toEqual({ before: 100, after: 101 });
  });

  it('given one throwing change, when committed with others, then only that caller fails', async () => {
    const log = memoryCommit();
    const batcher = new KeyedBatcher<number>(log.commit);
    const first = batcher.run('k', (s) => s + 1);
    const bad = batcher.run('k', () => {
      throw new Error('boom');
    });
    const good = batcher.run('k', (s) => s + 2);
    await expect(bad).rejects.toThrow('boom');
    await expect(first).resolves.toEqual({ before: 0, after: 1 });
    await expect(good).resolves.toEqual({ before: 1, after: 3 });
  });

  it('given a failing commit, when changes wait on it, then each is rejected and the key recovers', async () => {
    let fail = true;
    const batcher = new KeyedBatcher<number>(async (_k, change) => {
      if (fail) throw new Error('db down');
      change(0);
    });
    await expect(batcher.run('k', (s) => s + 1)).rejects.toThrow('db down');
    fail = false;
    await expect(batcher.run('k', (s) => s + 1)).resolves.toEqual({ before: 0, after: 1 });
  });
});
