import { summarizeRun, throughputOf } from './run-summary';

const outcome = (groupId: string, archived: number, failed: number, error?: string) => ({
  groupId,
  archived,
  failed,
  duration: 5,
  objectKeys: [],
  ...(error === undefined ? {} : { error }),
});

describe('summarizeRun', () => {
  it('given groups that all succeeded, totals them with the seed’s fields', () => {
    const result = summarizeRun({ runId: 'r', cutoff: 1, outcomes: [outcome('a', 30, 0), outcome('b', 10, 0)], totalTime: 12.4 });
    expect(result).toEqual({
      runId: 'r',
      cutoff: 1,
      groupsProcessed: 2,
      totalArchived: 40,
      totalFailed: 0,
      totalTime: 12,
      batches: [
        { groupId: 'a', archived: 30, failed: 0, duration: 5 },
        { groupId: 'b', archived: 10, failed: 0, duration: 5 },
      ],
      successRate: 100,
      outcome: 'success',
    });
  });

  it('given one failed group, the run fails and the rate counts events', () => {
    const result = summarizeRun({
      runId: 'r',
      cutoff: 1,
      outcomes: [outcome('a', 30, 0), outcome('b', 0, 10, 'upload: refused')],
      totalTime: 1,
    });
    expect(result).toMatchObject({ totalArchived: 30, totalFailed: 10, successRate: 75, outcome: 'failure' });
    expect(result.batches[1]).toEqual({ groupId: 'b', archived: 0, failed: 10, duration: 5, error: 'upload: refused' });
  });

  it('given nothing to do, succeeds at 100%', () => {
    expect(summarizeRun({ runId: 'r', cutoff: 1, outcomes: [], totalTime: 1 })).toMatchObject({
      groupsProcessed: 0,
      successRate: 100,
      outcome: 'success',
    });
  });

  it('a group that failed without losing events (e.g. recovery) still fails the run, as do a failed purge and an early stop', () => {
    expect(summarizeRun({ runId: 'r', cutoff: 1, outcomes: [outcome('a', 0, 0, 'recovery: x')], totalTime: 1 }).outcome).toBe('failure');
    expect(summarizeRun({ runId: 'r', cutoff: 1, outcomes: [], totalTime: 1, purge: { purged: 2, failed: 1 } })).toMatchObject({
      purged: 2,
      outcome: 'failure',
    });
    expect(summarizeRun({ runId: 'r', cutoff: 1, outcomes: [], totalTime: 1, error: 'lease lost' })).toMatchObject({
      error: 'lease lost',
      outcome: 'failure',
    });
  });
});

describe('throughputOf', () => {
  it('is events per second of a run that archived something, else null', () => {
    expect(throughputOf({ totalArchived: 5000, totalTime: 2000 })).toBe(2500);
    expect(throughputOf({ totalArchived: 0, totalTime: 2000 })).toBeNull();
    expect(throughputOf({ totalArchived: 5, totalTime: 0 })).toBeNull();
  });
});
