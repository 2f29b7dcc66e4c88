import { groupBy } from './group-by';

describe('groupBy', () => {
  it('keeps keys in the order first seen and each key’s items in input order', () => {
    const grouped = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (s) => s[0]!);
    expect([...grouped]).toEqual([
      ['b', ['b1', 'b2']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ]);
  });

  it('groups 100,000 items of one key within the test’s time limit (a list copied per item would take minutes)', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => i);
    const grouped = groupBy(items, () => 'one');
    expect(grouped.get('one')).toHaveLength(100_000);
    expect(groupBy([], () => 'x').size).toBe(0);
  });
});
