import type { EventEnvelope } from '../contracts/event-map';
import { objectKey, planObjects, utcDay } from './object-plan';

const event = (id: string, timestamp: number, groupId = 'g1'): EventEnvelope => ({
  id,
  type: 'user_login',
  groupId,
  rootGroupId: groupId,
  timestamp,
  recordedAt: timestamp,
  data: { metadata: {} },
  schemaVersion: 1,
});

const sequentialIds = (): (() => string) => {
  let n = 0;
  return () => `obj${++n}`;
};

describe('objectKey', () => {
  it('uses a 1-based, zero-padded month and day', () => {
    expect(objectKey('g1', utcDay(Date.UTC(2024, 0, 5)), 'o1')).toBe('events/g1/2024/01/05/o1.jsonl.gz');
    expect(objectKey('g1', utcDay(Date.UTC(2024, 11, 31, 23, 59, 59, 999)), 'o2')).toBe('events/g1/2024/12/31/o2.jsonl.gz');
  });

  it('keeps a group id with a slash inside its folder', () => {
    expect(objectKey('a/b', '2024-01-05', 'o1')).toBe('events/a%2Fb/2024/01/05/o1.jsonl.gz');
  });
});

describe('planObjects', () => {
  it('splits at UTC midnight, across a year boundary', () => {
    const events = [
      event('e1', Date.UTC(2024, 11, 31, 23, 59, 59, 999)),
      event('e2', Date.UTC(2025, 0, 1, 0, 0, 0, 0)),
      event('e3', Date.UTC(2025, 0, 1, 13, 0)),
    ];
    const plans = planObjects(events, 1000, sequentialIds());
    expect(plans.map((p) => [p.key, p.day, p.events.map((e) => e.id)])).toEqual([
      ['events/g1/2024/12/31/obj1.jsonl.gz', '2024-12-31', ['e1']],
      ['events/g1/2025/01/01/obj2.jsonl.gz', '2025-01-01', ['e2', 'e3']],
    ]);
  });

  it('splits across a month boundary (Feb 29 of a leap year to Mar 1)', () => {
    const plans = planObjects([event('e1', Date.UTC(2024, 1, 29, 12)), event('e2', Date.UTC(2024, 2, 1, 0))], 1000, sequentialIds());
    expect(plans.map((p) => p.key)).toEqual(['events/g1/2024/02/29/obj1.jsonl.gz', 'events/g1/2024/03/01/obj2.jsonl.gz']);
  });

  it('fills an object with exactly BATCH_SIZE events and starts a new one at BATCH_SIZE + 1', () => {
    const day = Date.UTC(2024, 5, 1);
    const events = (n: number) => Array.from({ length: n }, (_, i) => event(`e${i}`, day + i));
    expect(planObjects(events(3), 3, sequentialIds()).map((p) => p.events.length)).toEqual([3]);
    expect(planObjects(events(4), 3, sequentialIds()).map((p) => p.events.length)).toEqual([3, 1]);
    expect(planObjects(events(7), 3, sequentialIds()).map((p) => p.events.map((e) => e.id))).toEqual([
      ['e0', 'e1', 'e2'],
      ['e3', 'e4', 'e5'],
      ['e6'],
    ]);
  });

  it('never mixes groups in one object', () => {
    const t = Date.UTC(2024, 5, 1);
    const plans = planObjects([event('e1', t, 'g1'), event('e2', t + 1, 'g2')], 1000, sequentialIds());
    expect(plans.map((p) => [p.groupId, p.key])).toEqual([
      ['g1', 'events/g1/2024/06/01/obj1.jsonl.gz'],
      ['g2', 'events/g2/2024/06/01/obj2.jsonl.gz'],
    ]);
  });

  it('plans nothing for no events and refuses a batch size below 1', () => {
    expect(planObjects([], 1000, sequentialIds())).toEqual([]);
    expect(() => planObjects([event('e1', 0)], 0, sequentialIds())).toThrow(RangeError);
  });
});
