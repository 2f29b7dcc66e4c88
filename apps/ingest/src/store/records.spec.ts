import { itemId } from '../idempotency/idempotency';
import { idsOfRecord } from '../outbox/outbox';
import { indexesOf, rangesOf, type BatchRecord } from './records';

const at = Date.UTC(2026, 0, 1);

/** An outbox record of a things request at `at`. */
const thingsRecord = (itemIds: string[], itemRanges: BatchRecord['itemRanges']): BatchRecord => ({
  _id: 'batch',
  kind: 'things',
  groupId: 'g',
  rootGroupId: 'g',
  createdAt: at,
  itemIds,
  itemRanges,
  reservations: [],
});

describe('item ranges of an outbox record', () => {
  it('folds ascending indexes into flat [start, end) ranges and back', () => {
    expect(rangesOf([])).toEqual([]);
    expect(rangesOf([0, 1, 2, 3])).toEqual([0, 4]);
    expect(rangesOf([0, 1, 2, 5, 6, 9])).toEqual([0, 3, 5, 7, 9, 10]);
    const indexes = [3, 4, 7, 8, 9, 10, 42];
    expect(indexesOf(rangesOf(indexes))).toEqual(indexes);
  });

  it("names the ids the request gave its rows: the record's ids, then those of its ranges", () => {
    const record = thingsRecord(['first'], { seed: 'seed', kind: 'thing', bounds: [0, 2, 5, 6] });
    expect(idsOfRecord(record)).toEqual(['first', ...[0, 1, 5].map((i) => itemId('seed', 'thing', i, at, false))]);
    expect(new Set(idsOfRecord(record)).size).toBe(4);
    expect(idsOfRecord({ ...record, itemRanges: undefined })).toEqual(['first']);
  });

  it('names ordered ids for a record that says so, and the earlier ids for one that does not', () => {
    const legacy = thingsRecord([], { seed: 'seed', kind: 'thing', bounds: [0, 3] });
    const ordered = thingsRecord([], { seed: 'seed', kind: 'thing', bounds: [0, 3], ordered: true });
    expect(idsOfRecord(ordered)).toEqual([0, 1, 2].map((i) => itemId('seed', 'thing', i, at, true)));
    expect(idsOfRecord(legacy)).toEqual([0, 1, 2].map((i) => itemId('seed', 'thing', i, at, false)));
    expect(idsOfRecord(ordered).some((id) => idsOfRecord(legacy).includes(id))).toBe(false);
  });
});

describe('item ids', () => {
  it("sort in input order within a request's millisecond, and after every id of an earlier one", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => itemId('seed', 'thing', i, at, true));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const earlier = Array.from({ length: 100 }, (_, i) => itemId('other', 'thing', 9_900 + i, at - 1, true));
    expect(earlier.every((id) => id < ids[0]!)).toBe(true);
  });

  it('are the same for the same seed, kind, index and time, and differ across seeds and kinds', () => {
    expect(itemId('seed', 'thing', 7, at, true)).toBe(itemId('seed', 'thing', 7, at, true));
    expect(itemId('seed', 'thing', 7, at, true)).not.toBe(itemId('seed2', 'thing', 7, at, true));
    expect(itemId('seed', 'thing', 7, at, true)).not.toBe(itemId('seed', 'connection', 7, at, true));
  });

  it('without their index are in no particular order', () => {
    const ids = Array.from({ length: 100 }, (_, i) => itemId('seed', 'thing', i, at, false));
    expect([...ids].sort()).not.toEqual(ids);
  });
});
