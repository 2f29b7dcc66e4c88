import { DAY_MS } from '@onescale/ontology';
import { GroupCutoffs } from './group-cutoffs';

const NOW = Date.UTC(2031, 0, 15, 12);

describe('GroupCutoffs', () => {
  it('asks once per group and measures each cutoff from the run’s now', async () => {
    const asked: string[] = [];
    const cutoffs = new GroupCutoffs(NOW, (groupId) => {
      asked.push(groupId);
      return Promise.resolve(groupId === 'pro' ? 365 : 90);
    });
    expect(await cutoffs.of('starter')).toBe(NOW - 90 * DAY_MS);
    expect(await cutoffs.ofAll(['starter', 'pro', 'pro'])).toEqual(
      new Map([
        ['starter', NOW - 90 * DAY_MS],
        ['pro', NOW - 365 * DAY_MS],
      ]),
    );
    expect(asked).toEqual(['starter', 'pro']);
  });

  it('asks at most 16 groups at a time', async () => {
    let open = 0;
    let most = 0;
    const cutoffs = new GroupCutoffs(NOW, async () => {
      most = Math.max(most, ++open);
      await new Promise((resolve) => setTimeout(resolve, 1));
      open -= 1;
      return 90;
    });
    const groups = Array.from({ length: 50 }, (_v, i) => `g${i}`);
    expect((await cutoffs.ofAll(groups)).size).toBe(50);
    expect(most).toBe(16);
  });

  it('gives every group the same days when fixed', async () => {
    expect(await GroupCutoffs.fixed(NOW, 0).of('any')).toBe(NOW);
  });
});
