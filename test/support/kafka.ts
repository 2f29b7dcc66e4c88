import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { decodeEnvelope, type EventEnvelope, type TopicSpec } from '@onescale/ontology';
import { createKafka } from '@onescale/platform';
import { testEnv } from './env';

export interface TopicTap {
  /** Every decodable envelope seen since the tap started, in arrival order. */
  readonly envelopes: EventEnvelope[];
  stop(): Promise<void>;
}

/**
 * Reads a topic from its current end with a fresh consumer group: what a test's actions publish
 * from now on, nothing older.
 */
export async function tapTopic(topic: TopicSpec): Promise<TopicTap> {
  const kafka = createKafka(`test-tap-${randomUUID().slice(0, 8)}`, testEnv.brokers);
  const groupId = `test.tap.${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic.name);
  await admin.setOffsets({ groupId, topic: topic.name, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  await admin.disconnect();
  const envelopes: EventEnvelope[] = [];
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: topic.name });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const decoded = decodeEnvelope(message.value);
      if (decoded.ok) envelopes.push(decoded.value);
    },
  });
  await joined;
  return { envelopes, stop: () => consumer.disconnect() };
}
