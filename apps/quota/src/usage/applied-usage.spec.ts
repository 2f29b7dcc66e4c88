import { claimedAmount, positionKey, type UsageClaim } from './applied-usage.repository';

const claim = (counts?: Record<string, number>): UsageClaim => ({
  _id: 'u1',
  partition: 0,
  offset: 10,
  at: 0,
  ...(counts ? { counts } : {}),
});

describe('claimedAmount', () => {
  it('counts what the claiming position claimed, again on its redelivery', () => {
    expect(claimedAmount(claim({ [positionKey(0, 10)]: 2000 }), 0, 10, 2000)).toEqual({ counts: 2000, extends: false });
  });

  it('counts a copy elsewhere only for what it carries beyond the total counted', () => {
    expect(claimedAmount(claim({ [positionKey(0, 10)]: 2000 }), 0, 42, 4500)).toEqual({ counts: 2500, extends: true });
    expect(claimedAmount(claim({ [positionKey(0, 10)]: 0 }), 0, 42, 250)).toEqual({ counts: 250, extends: true });
    expect(claimedAmount(claim({ [positionKey(0, 10)]: -3 }), 0, 42, -5)).toEqual({ counts: -2, extends: true });
  });

  it('finds nothing to count in a copy with the same, less, or the other sign', () => {
    expect(claimedAmount(claim({ [positionKey(0, 10)]: 2000 }), 0, 42, 2000)).toBeNull();
    expect(claimedAmount(claim({ [positionKey(0, 10)]: 2000, [positionKey(0, 42)]: 2500 }), 0, 50, 3000)).toBeNull();
    expect(claimedAmount(claim({ [positionKey(0, 10)]: 5 }), 0, 42, -7)).toBeNull();
  });

  it('keeps what each position counted, so a batch holding both copies counts each part again', () => {
    const both = claim({ [positionKey(0, 10)]: 2000, [positionKey(0, 42)]: 2500 });
    expect(claimedAmount(both, 0, 10, 2000)).toEqual({ counts: 2000, extends: false });
    expect(claimedAmount(both, 0, 42, 4500)).toEqual({ counts: 2500, extends: false });
  });

  it('treats a claim written before counts were kept as the first position counting all, and copies as duplicates', () => {
    expect(claimedAmount(claim(), 0, 10, 7)).toEqual({ counts: 7, extends: false });
    expect(claimedAmount(claim(), 0, 42, 9)).toBeNull();
    expect(claimedAmount(claim(), 1, 10, 9)).toBeNull();
  });
});
