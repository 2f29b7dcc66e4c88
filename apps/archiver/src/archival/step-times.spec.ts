import { StepTimes } from './step-times';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function* slowly(items: readonly number[], ms: number): AsyncGenerator<number> {
  for (const item of items) {
    await pause(ms);
    yield item;
  }
}

describe('StepTimes', () => {
  it('given timed work, adds its milliseconds to the step, also when it throws', async () => {
    const steps = new StepTimes();
    await expect(steps.time('put', () => pause(20).then(() => 'done'))).resolves.toBe('done');
    await expect(steps.time('put', () => pause(20).then(() => Promise.reject(new Error('no'))))).rejects.toThrow('no');
    steps.add('verify', 7.4);
    const ms = steps.toJSON();
    expect(Object.keys(ms)).toEqual(['put', 'verify']);
    expect(ms.put).toBeGreaterThanOrEqual(38);
    expect(ms.verify).toBe(7);
  });

  it('given a stream, counts the time spent waiting for its items, not the consumer’s', async () => {
    const steps = new StepTimes();
    const seen: number[] = [];
    for await (const item of steps.stream('read', slowly([1, 2, 3], 15))) {
      seen.push(item);
      await pause(100);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(steps.toJSON().read).toBeGreaterThanOrEqual(42);
    expect(steps.toJSON().read).toBeLessThan(300);
  });
});
