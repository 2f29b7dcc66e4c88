import { batchResult, summarize } from './batch-result';

describe('batchResult', () => {
  it('lists created ids in input order and failures by index', () => {
    const result = batchResult(
      [{ id: 'a' }, { problem: { code: 'invalid_type', message: 'type "x" is not a thing type', path: 'type' } }, { id: 'c' }],
      42,
    );
    expect(result).toEqual({
      created: ['a', 'c'],
      failed: 1,
      errors: [{ index: 1, code: 'invalid_type', error: 'type "x" is not a thing type', path: 'type' }],
      summary: { total: 3, success: 2, failed: 1, successRate: 67 },
      position: 42,
    });
  });

  it('gives a success rate of 0 for an empty batch', () => {
    expect(summarize(0, 0)).toEqual({ total: 0, success: 0, failed: 0, successRate: 0 });
    expect(batchResult([], null).summary.successRate).toBe(0);
  });

  it('rounds the success rate to a whole percent', () => {
    expect(summarize(3, 1).successRate).toBe(33);
    expect(summarize(200, 199).successRate).toBe(100);
    expect(summarize(200, 1).successRate).toBe(1);
  });
});
