import { randomUUID } from 'node:crypto';
import { AssignerProtocol, type Consumer, type KafkaMessage, type PartitionAssigner } from 'kafkajs';
import { decodeEnvelope, type EventEnvelope, type TopicSpec } from '@onescale/ontology';
import { createKafka, topicOffsetsOnceLed } from '@onescale/platform';
import { testEnv } from './env';

export interface TopicTap {
  /** Every decodable envelope seen since the tap started, in arrival order. */
  readonly envelopes: EventEnvelope[];
  stop(): Promise<void>;
}

/** A record as a tap saw it: key and value as text, headers as text. */
export interface TappedRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface RecordTap {
  /** Every record seen since the tap started, in arrival order. */
  readonly records: TappedRecord[];
  stop(): Promise<void>;
}

/**
 * Reads a topic from its current end with a fresh consumer group: what a test's actions publish
 * from now on, nothing older. Resolves once the consumer joined; the function stops it.
 */
async function consumeFromEnd(topic: string, each: (partition: number, message: KafkaMessage) => void): Promise<() => Promise<void>> {
  const kafka = createKafka(`test-tap-${randomUUID().slice(0, 8)}`, testEnv.brokers);
  const groupId = `test.tap.${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  const ends = await topicOffsetsOnceLed(admin, topic);
  await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  await admin.disconnect();
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({ eachMessage: async ({ partition, message }) => each(partition, message) });
  await joined;
  return () => consumer.disconnect();
}

/** Every envelope published to `topic` from now on. */
export async function tapTopic(topic: TopicSpec): Promise<TopicTap> {
  const envelopes: EventEnvelope[] = [];
  const stop = await consumeFromEnd(topic.name, (_partition, message) => {
    const decoded = decodeEnvelope(message.value);
    if (decoded.ok) envelopes.push(decoded.value);
  });
  return { envelopes, stop };
}

/** Every record published to `topic` from now on, as text (topics whose values are not envelopes). */
export async function tapRecords(topic: string): Promise<RecordTap> {
  const records: TappedRecord[] = [];
  const stop = await consumeFromEnd(topic, (partition, message) => {
    const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString()]));
    records.push({
      partition,
      offset: Number(message.offset),
      key: message.key?.toString() ?? null,
      value: message.value?.toString() ?? null,
      headers,
    });
  });
  return { records, stop };
}

/** A member of a consumer group that holds every partition and processes nothing. */
export interface PartitionHold {
  release(): Promise<void>;
}

const HOLDER = Buffer.from('hold');

/**
 * Joins `groupId` first (so it leads the group) with an assigner of the same protocol name as the
 * apps' default: while it is a member, every partition of `topics` is assigned to it and none to
 * the app's consumer, which stays connected and idle, like a projector that is far behind. It
 * commits nothing, so the app resumes from the group's offsets once released.
 */
export async function holdPartitions(groupId: string, topics: readonly string[]): Promise<PartitionHold> {
  const kafka = createKafka(`test-hold-${randomUUID().slice(0, 8)}`, testEnv.brokers);
  const takeAll: PartitionAssigner = ({ cluster }) => ({
    name: 'RoundRobinAssigner',
    version: 0,
    async assign({ members, topics: subscribed }) {
      const all = Object.fromEntries(
        subscribed.map((topic) => [topic, cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId)]),
      );
      return members.map(({ memberId, memberMetadata }) => {
        const holder = AssignerProtocol.MemberMetadata.decode(memberMetadata)?.userData.equals(HOLDER) === true;
        return {
          memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 0,
            assignment: holder ? all : {},
            userData: Buffer.alloc(0),
          }),
        };
      });
    },
    protocol: ({ topics: subscribed }) => ({
      name: 'RoundRobinAssigner',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics: subscribed, userData: HOLDER }),
    }),
  });
  const consumer: Consumer = kafka.consumer({ groupId, partitionAssigners: [takeAll], maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics] });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
  await joined;
  return { release: () => consumer.disconnect() };
}
