import { GroupPartitions, MAX_REMEMBERED_GROUPS } from './group-partitions';

describe('GroupPartitions', () => {
  it('remembers a group’s partition and answers undefined for a group it has not seen', () => {
    const partitions = new GroupPartitions();
    partitions.remember('g1', 2);

    expect(partitions.get('g1')).toBe(2);
    expect(partitions.get('g2')).toBeUndefined();
  });

  it('forgets everything once full, then remembers the new group', () => {
    const partitions = new GroupPartitions();
    for (let i = 0; i < MAX_REMEMBERED_GROUPS; i++) partitions.remember(`g${i}`, i % 3);
    expect(partitions.size).toBe(MAX_REMEMBERED_GROUPS);

    partitions.remember('g0', 1);
    expect(partitions.size).toBe(MAX_REMEMBERED_GROUPS);
    expect(partitions.get('g0')).toBe(1);

    partitions.remember('new', 0);
    expect(partitions.size).toBe(1);
    expect(partitions.get('new')).toBe(0);
    expect(partitions.get('g1')).toBeUndefined();
  });
});
