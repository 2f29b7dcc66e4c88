import { duplicateKeyIndexes } from './mongo';

const bulkError = (writeErrors: unknown) => Object.assign(new Error('E11000 duplicate key error'), { code: 11000, writeErrors });

describe('duplicate-key positions of an unordered insert', () => {
  it('lists the refused positions when every write error is a duplicate', () => {
    expect(
      duplicateKeyIndexes(
        bulkError([
          { index: 1, code: 11000 },
          { index: 4, code: 11000 },
        ]),
      ),
    ).toEqual([1, 4]);
    expect(duplicateKeyIndexes(bulkError({ index: 2, code: 11000 }))).toEqual([2]);
  });

  it('is null for any other failure, or a mix', () => {
    expect(duplicateKeyIndexes(new Error('connection reset'))).toBeNull();
    expect(
      duplicateKeyIndexes(
        bulkError([
          { index: 0, code: 11000 },
          { index: 1, code: 121 },
        ]),
      ),
    ).toBeNull();
    expect(duplicateKeyIndexes(bulkError([]))).toBeNull();
  });
});
