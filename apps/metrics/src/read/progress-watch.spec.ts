import { Progress } from '../store/progress';
import { ProgressWatch } from './progress-watch';

/** A Progress over an in-memory collection that counts its queries; `blind` never shows what is written. */
function fakeProgress(blind = false) {
  const docs = new Map<string, { offset: number }>();
  const counter = { queries: 0 };
  const collection = {
    findOne: async ({ _id }: { _id: string }) => {
      counter.queries++;
      return docs.get(_id) ?? null;
    },
    replaceOne: async ({ _id }: { _id: string }, doc: { offset: number }) => void (blind || docs.set(_id, doc)),
  };
  return { progress: new Progress(collection as never), counter, docs };
}

describe('ProgressWatch', () => {
  it('serves any number of waiting reads of a partition with one query per poll', async () => {
    const { progress, counter, docs } = fakeProgress();
    const watch = new ProgressWatch(progress);
    const reads = Array.from({ length: 200 }, () => watch.until(3, 10, Date.now() + 2000));
    expect(watch.watchedPartitions).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    docs.set('events-3', { offset: 10 }); // another process projected it
    expect(await Promise.all(reads)).toEqual(Array(200).fill(true));
    // ~200 ms of polling every 20 ms: about ten queries for 200 reads, not 2,000
    expect(counter.queries).toBeLessThan(30);
    expect(watch.watchedPartitions).toBe(0);
  });

  it('wakes the waiters when this process records the position, without reading it back', async () => {
    const { progress } = fakeProgress(true);
    const watch = new ProgressWatch(progress);
    const read = watch.until(1, 5, Date.now() + 5000);
    await progress.record('events', 1, 7);
    expect(await read).toBe(true);
  });

  it('answers false at the deadline and stops polling', async () => {
    const { progress, counter } = fakeProgress();
    const watch = new ProgressWatch(progress);
    expect(await watch.until(2, 100, Date.now() + 100)).toBe(false);
    const after = counter.queries;
    await new Promise((r) => setTimeout(r, 100));
    expect(counter.queries).toBe(after);
  });
});
