import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka } from 'kafkajs';
import { TOPICS, dlqOf, makeEvent, type EventEnvelope } from '@onescale/ontology';
import { eventually, testEnv } from '../../../../test/support/env';
import { KafkaBatchServer, type EventBatch } from './batch-server';
import { createKafka, describeCluster, ensureTopics } from './kafka-client';
import { EventPublisher } from './publisher';

const received: EventEnvelope[] = [];

@Controller()
class SmokeConsumer {
  @EventPattern(TOPICS.events.name)
  handle(@Payload() batch: EventBatch): void {
    received.push(...batch.events.map((e) => e.envelope));
  }
}

@Module({ controllers: [SmokeConsumer] })
class SmokeConsumerModule {}

/** Points a new consumer group at the current end of a topic, so it sees only what the test sends. */
async function startAtEnd(kafka: Kafka, groupId: string, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  await admin.disconnect();
}

describe('Kafka with kafkajs and @nestjs/microservices (real broker)', () => {
  const kafka = createKafka('onescale-smoke', testEnv.brokers);
  const groupId = `smoke.${randomUUID()}`;
  const rootGroupId = `g-${randomUUID()}`;
  let consumerApp: INestMicroservice;
  let server: KafkaBatchServer;
  let rebalances = 0;
  const publisher = new EventPublisher(kafka, 'smoke');

  beforeAll(async () => {
    await ensureTopics(kafka);
    await startAtEnd(kafka, groupId, TOPICS.events.name);
    server = new KafkaBatchServer({ kafka, groupId });
    server.onRebalance(() => rebalances++);
    consumerApp = await NestFactory.createMicroservice(SmokeConsumerModule, { strategy: server, logger: false });
    await consumerApp.listen();
    await server.ready;
  });

  afterAll(async () => {
    await consumerApp.close();
    await publisher.disconnect();
  });

  it('tells its rebalance listeners when the consumer joins its group', () => {
    expect(rebalances).toBeGreaterThanOrEqual(1);
  });

  it('describes the cluster through the admin client', async () => {
    await expect(describeCluster(kafka)).resolves.toMatchObject({ brokers: 1 });
  });

  it('delivers an event from the publisher to a consumer in another app, in order per root group', async () => {
    const envelopes = [1, 2, 3].map((n) =>
      makeEvent(
        'dashboard_viewed',
        { id: randomUUID(), groupId: rootGroupId, rootGroupId, targetId: `thing-${n}`, timestamp: Date.UTC(2020, 0, n), recordedAt: Date.now() },
        { metadata: { n } },
      ),
    );
    const positions = await publisher.publish(TOPICS.events, envelopes);
    expect(positions.get(rootGroupId)?.offset).toBeGreaterThanOrEqual(2);
    const mine = await eventually(() => {
      const got = received.filter((e) => e.rootGroupId === rootGroupId);
      return got.length === 3 ? got : undefined;
    });
    expect(mine).toEqual(envelopes);
  });

  it('sends a poison message to the dead-letter topic and commits past it', async () => {
    const marker = `poison-${randomUUID()}`;
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const [meta] = await producer.send({ topic: TOPICS.events.name, messages: [{ key: marker, value: `{not json ${marker}` }] });
    await producer.disconnect();

    const dlqGroup = `smoke.dlq.${randomUUID()}`;
    const dead: string[] = [];
    const dlqConsumer = kafka.consumer({ groupId: dlqGroup });
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: dlqOf(TOPICS.events.name), fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === marker) dead.push(String(message.headers?.['x-dlq-reason']));
      },
    });
    try {
      await eventually(() => (dead.length > 0 ? dead : undefined), 30000, 'the poison message on the DLQ');
      expect(dead[0]).toMatch(/json/i);
      const admin = kafka.admin();
      await admin.connect();
      const committed = await eventually(async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [TOPICS.events.name] });
        const partition = offsets!.partitions.find((p) => p.partition === meta!.partition);
        return Number(partition?.offset) > Number(meta!.baseOffset) ? partition : undefined;
      }, 20000, 'the commit past the poison message');
      await admin.disconnect();
      expect(Number(committed.offset)).toBeGreaterThan(Number(meta!.baseOffset));
    } finally {
      await dlqConsumer.disconnect();
    }
  });
});
