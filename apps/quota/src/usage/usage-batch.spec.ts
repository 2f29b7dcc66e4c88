import { makeEvent, type UsageRecordedData } from '@onescale/ontology';
import { EMPTY_DOC } from '../counters/counter-doc';
import { applyToCounter, claimedAmount, groupByKey, positionKey, readUsage, type UsageClaim, type UsageItem } from './usage-batch';

const envelope = (data: UsageRecordedData, extra: { id?: string; timestamp?: number } = {}) =>
  makeEvent(
    'usage_recorded',
    { id: `e-${Math.random()}`, groupId: 'g', rootGroupId: 'g', timestamp: Date.UTC(2025, 4, 31, 23, 59), ...extra },
    data,
  );

const item = (offset: number, amount: number, extra: Partial<UsageRecordedData> = {}): UsageItem => {
  const read = readUsage(envelope({ metric: 'entities_total', amount, ...extra }, { id: `e${offset}` }), offset);
  if (!read.ok) throw new Error(read.problem.message);
  return read.value;
};

describe('readUsage', () => {
  it('keys gauges in the all-time period and api calls in the month they name', () => {
    expect(item(1, 3).key).toBe('g|entities_total|0');
    const calls = readUsage(envelope({ metric: 'api_calls_per_month', amount: 7, periodStart: Date.UTC(2025, 4, 1) }), 2);
    expect(calls.ok && calls.value.key).toBe(`g|api_calls_per_month|${Date.UTC(2025, 4, 1)}`);
  });

  // Malformed data and other types on the usage topic never get here: the decoder sends them to the DLQ (event-checks.spec.ts).
  it('rejects a periodStart that is not the start of a UTC month as poison', () => {
    const read = readUsage(envelope({ metric: 'api_calls_per_month', amount: 1, periodStart: 123 }), 1);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem.message).toMatch(/month/);
  });
});

describe('applyToCounter', () => {
  it('counts what amountOf gives an item (a copy carrying more counts the difference), and skips null', () => {
    const out = applyToCounter(EMPTY_DOC, 0, [item(1, 2000), item(2, 4500), item(3, 4500)], (i) =>
      i.offset === 2 ? 2500 : i.offset === 3 ? null : i.data.amount,
    );
    expect(out.next).toMatchObject({ used: 4500, offsets: { '0': 3 } });
    expect(out.applied).toBe(2);
  });

  it('given a fresh counter, when a batch applies, then usage adds up and the offset is recorded', () => {
    const out = applyToCounter(EMPTY_DOC, 1, [item(5, 10), item(6, -4), item(7, 2)]);
    expect(out.next).toMatchObject({ used: 8, offsets: { '1': 7 } });
    expect(out.applied).toBe(3);
  });

  it('given a limit, when usage rises through the thresholds in one batch, then each level is reached at its own value', () => {
    const out = applyToCounter(EMPTY_DOC, 1, [item(1, 79), item(2, 1), item(3, 15), item(4, -30), item(5, 40)], undefined, 100);
    expect([...out.reached]).toEqual([
      ['warning', 80],
      ['critical', 95],
      ['exceeded', 105],
    ]);
  });

  it('given a counter already past a level, when a redelivered batch changes nothing, then the level is still reported (a lost alert is raised again)', () => {
    const first = applyToCounter(EMPTY_DOC, 1, [item(1, 85)], undefined, 100).next!;
    const again = applyToCounter(first, 1, [item(1, 85)], undefined, 100);
    expect(again.next).toBeNull();
    expect([...again.reached]).toEqual([['warning', 85]]);
    expect(applyToCounter(first, 1, [item(2, 50)], undefined, null).reached.size).toBe(0);
  });

  it('given a redelivered batch, when applied again, then nothing changes', () => {
    const first = applyToCounter(EMPTY_DOC, 1, [item(5, 10), item(6, 1)]).next!;
    const again = applyToCounter(first, 1, [item(5, 10), item(6, 1), item(7, 1)]);
    expect(again.next).toMatchObject({ used: 12, offsets: { '1': 7 } });
    expect(applyToCounter(again.next!, 1, [item(6, 1), item(7, 1)]).next).toBeNull();
  });

  it('given a duplicate copy at a later offset, when applied, then it is skipped but the offset moves past it', () => {
    const out = applyToCounter(EMPTY_DOC, 0, [item(1, 5), item(2, 5)], (i) => (i.offset === 2 ? null : i.data.amount));
    expect(out.next).toMatchObject({ used: 5, offsets: { '0': 2 } });
  });

  it('notes a gauge’s level at the end of each day it changed, in the same change, once', () => {
    const at = (offset: number, amount: number, timestamp: number) => {
      const read = readUsage(envelope({ metric: 'entities_total', amount }, { id: `d${offset}`, timestamp }), offset);
      if (!read.ok) throw new Error(read.problem.message);
      return read.value;
    };
    const may30 = Date.UTC(2025, 4, 30);
    const may31 = Date.UTC(2025, 4, 31);
    const first = applyToCounter(EMPTY_DOC, 0, [at(1, 5, may30 + 10), at(2, 3, may31 + 10), at(3, -1, may31 + 20)]).next!;
    expect(first.days).toEqual({ [may30]: 5, [may31]: 7 });
    expect(applyToCounter(first, 0, [at(3, -1, may31 + 20)]).next).toBeNull();
    expect(applyToCounter(first, 0, [at(4, 2, may31 + 30)], (i) => (i.offset === 4 ? null : i.data.amount)).next!.days).toEqual(first.days);
  });

  it('adds api calls to the day they were recorded, kept inside the month they count in', () => {
    const may = Date.UTC(2025, 4, 1);
    const calls = (offset: number, amount: number, timestamp: number) => {
      const read = readUsage(
        envelope({ metric: 'api_calls_per_month', amount, periodStart: may }, { id: `c${offset}`, timestamp }),
        offset,
      );
      if (!read.ok) throw new Error(read.problem.message);
      return read.value;
    };
    const june1 = Date.UTC(2025, 5, 1, 0, 0, 2);
    const out = applyToCounter(EMPTY_DOC, 0, [calls(1, 4, Date.UTC(2025, 4, 31, 12)), calls(2, 3, june1)]).next!;
    expect(out).toMatchObject({ used: 7, days: { [Date.UTC(2025, 4, 31)]: 7 } });
  });

  it('keeps offsets per partition apart', () => {
    const first = applyToCounter(EMPTY_DOC, 0, [item(9, 1)]).next!;
    expect(applyToCounter(first, 1, [item(3, 1)]).next).toMatchObject({ used: 2, offsets: { '0': 9, '1': 3 } });
  });

  it('groups items by counter key', () => {
    const calls = readUsage(envelope({ metric: 'users', amount: 1 }), 3);
    const grouped = groupByKey([item(1, 1), item(2, 1), ...(calls.ok ? [calls.value] : [])]);
    expect([...grouped].map(([k, v]) => [k, v.length])).toEqual([
      ['g|entities_total|0', 2],
      ['g|users|0', 1],
    ]);
  });
});

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
