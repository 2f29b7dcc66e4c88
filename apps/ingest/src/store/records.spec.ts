import { itemId } from '../idempotency/idempotency';
import { idsOfRecord } from '../outbox/outbox';
import { indexesOf, rangesOf, type BatchRecord } from './records';

describe('item ranges of an outbox record', () => {
  it('folds ascending indexes into flat [start, end) ranges and back', () => {
    expect(rangesOf([])).toEqual([]);
    expect(rangesOf([0, 1, 2, 3])).toEqual([0, 4]);
    expect(rangesOf([0, 1, 2, 5, 6, 9])).toEqual([0, 3, 5, 7, 9, 10]);
    const indexes = [3, 4, 7, 8, 9, 10, 42];
    expect(indexesOf(rangesOf(indexes))).toEqual(indexes);
  });

  it("names the ids the request gave its rows: the record's ids, then those of its ranges", () => {
    const at = Date.UTC(2026, 0, 1);
    const record: BatchRecord = {
      _id: 'batch',
      kind: 'things',
      groupId: 'g',
      rootGroupId: 'g',
      createdAt: at,
      itemIds: ['first'],
      itemRanges: { seed: 'seed', kind: 'thing', bounds: [0, 2, 5, 6] },
      reservations: [],
    };
    expect(idsOfRecord(record)).toEqual(['first', ...[0, 1, 5].map((i) => itemId('seed', 'thing', i, at))]);
    expect(new Set(idsOfRecord(record)).size).toBe(4);
    expect(idsOfRecord({ ...record, itemRanges: undefined })).toEqual(['first']);
  });
});
