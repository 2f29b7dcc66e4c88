import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { lastKeyPartitioner } from './publisher';

const args = (topic: string, count: number, key: string | null): PartitionerArgs => ({
  topic,
  partitionMetadata: Array.from({ length: count }, (_, id) => ({
    partitionId: id,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  })),
  message: { key, value: null },
});

describe('lastKeyPartitioner', () => {
  it('answers what kafkajs’s default partitioner answers, whatever the order of keys and partition counts', () => {
    const remembering = lastKeyPartitioner();
    const hashing = Partitioners.DefaultPartitioner();
    const calls = ['a', 'a', 'b', 'a', 'root-1', 'root-1', 'root-2'].flatMap((key) =>
      [3, 3, 12, 1, 3].map((count) => args('events', count, key)),
    );
    const spread = new Set(calls.map((call) => remembering(call)));
    expect(calls.map((call) => remembering(call))).toEqual(calls.map((call) => hashing(call)));
    // The keys do land on different partitions, so a stale answer would show.
    expect(spread.size).toBeGreaterThan(3);
  });

  it('leaves records without a key to the default round robin', () => {
    const remembering = lastKeyPartitioner();
    const partitions = Array.from({ length: 6 }, () => remembering(args('events', 3, null)));
    expect(new Set(partitions).size).toBe(3);
  });
});
