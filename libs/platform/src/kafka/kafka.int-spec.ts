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

const FILTERED = Symbol('smoke.filtered');
const filtered: EventEnvelope[] = [];

@Controller()
class FilteredConsumer {
  @EventPattern(TOPICS.events.name, FILTERED)
  handle(@Payload() batch: EventBatch): void {
    filtered.push(...batch.events.map((e) => e.envelope));
  }
}

@Module({ controllers: [FilteredConsumer] })
class FilteredConsumerModule {}

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
        {
          id: randomUUID(),
          groupId: rootGroupId,
          rootGroupId,
          targetId: `thing-${n}`,
          timestamp: Date.UTC(2020, 0, n),
          recordedAt: Date.now(),
        },
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

  it('with eventTypes, hands its handler only the types named and commits the other records undecoded', async () => {
    const filteredGroup = `smoke.filtered.${randomUUID()}`;
    await startAtEnd(kafka, filteredGroup, TOPICS.events.name);
    const filteredServer = new KafkaBatchServer({ kafka, groupId: filteredGroup, eventTypes: (type) => type === 'dashboard_viewed' });
    filteredServer.setTransportId(FILTERED);
    const app = await NestFactory.createMicroservice(FilteredConsumerModule, { strategy: filteredServer, logger: false });
    await app.listen();
    try {
      await filteredServer.ready;
      const marker = `g-${randomUUID()}`;
      const viewed = (n: number) =>
        makeEvent(
          'dashboard_viewed',
          { id: randomUUID(), groupId: marker, rootGroupId: marker, timestamp: Date.UTC(2021, 0, n), recordedAt: Date.now() },
          { metadata: { n } },
        );
      const [typed, headerless, relabelled] = [viewed(1), viewed(2), viewed(3)];
      // Through the publisher (ce_type: dashboard_viewed); then raw: a record without headers, and one
      // whose ce_type names another type although its value is a dashboard_viewed envelope.
      await publisher.publish(TOPICS.events, [typed]);
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const [meta] = await producer.send({
        topic: TOPICS.events.name,
        messages: [
          { key: marker, value: JSON.stringify(headerless) },
          { key: marker, value: JSON.stringify(relabelled), headers: { ce_type: 'thing_created' } },
        ],
      });
      await producer.disconnect();
      const relabelledOffset = Number(meta!.baseOffset) + 1;

      const admin = kafka.admin();
      await admin.connect();
      await eventually(
        async () => {
          const [offsets] = await admin.fetchOffsets({ groupId: filteredGroup, topics: [TOPICS.events.name] });
          const found = offsets!.partitions.find((p) => p.partition === meta!.partition);
          return Number(found?.offset) > relabelledOffset ? found : undefined;
        },
        20000,
        'the commit past the relabelled record',
      ).finally(() => admin.disconnect());
      // Decoded: the typed record and the one without headers; never the one its header rules out.
      expect(filtered.filter((e) => e.rootGroupId === marker).map((e) => e.id)).toEqual([typed.id, headerless.id]);
      // The consumer without eventTypes decodes all three.
      const all = await eventually(() => {
        const got = received.filter((e) => e.rootGroupId === marker);
        return got.length === 3 ? got : undefined;
      });
      expect(all.map((e) => e.id)).toEqual([typed.id, headerless.id, relabelled.id]);
    } finally {
      await app.close();
    }
  });

  /** Sends raw record values keyed by `marker`; answers the DLQ reasons of those keys once `count` arrived, and where the first landed. */
  async function deadLettered(
    marker: string,
    values: readonly string[],
  ): Promise<{ reasons: string[]; partition: number; baseOffset: string }> {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const [meta] = await producer.send({ topic: TOPICS.events.name, messages: values.map((value) => ({ key: marker, value })) });
    await producer.disconnect();
    const dead: string[] = [];
    const dlqConsumer = kafka.consumer({ groupId: `smoke.dlq.${randomUUID()}` });
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: dlqOf(TOPICS.events.name), fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === marker) dead.push(String(message.headers?.['x-dlq-reason']));
      },
    });
    try {
      const reasons = await eventually(() => (dead.length >= values.length ? dead : undefined), 30000, 'the poison messages on the DLQ');
      return { reasons, partition: meta!.partition, baseOffset: meta!.baseOffset! };
    } finally {
      await dlqConsumer.disconnect();
    }
  }

  it('sends a poison message to the dead-letter topic and commits past it', async () => {
    const marker = `poison-${randomUUID()}`;
    const { reasons, partition, baseOffset } = await deadLettered(marker, [`{not json ${marker}`]);
    expect(reasons[0]).toMatch(/json/i);
    const admin = kafka.admin();
    await admin.connect();
    const committed = await eventually(
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [TOPICS.events.name] });
        const found = offsets!.partitions.find((p) => p.partition === partition);
        return Number(found?.offset) > Number(baseOffset) ? found : undefined;
      },
      20000,
      'the commit past the poison message',
    );
    await admin.disconnect();
    expect(Number(committed.offset)).toBeGreaterThan(Number(baseOffset));
  });

  it("dead-letters an event whose data breaks its type's contract, and a type the topic does not carry", async () => {
    const marker = `g-${randomUUID()}`;
    const fields = { groupId: marker, rootGroupId: marker, timestamp: Date.UTC(2024, 0, 1) };
    const malformed = {
      ...makeEvent('dashboard_viewed', { ...fields, id: randomUUID() }, { metadata: {} }),
      type: 'thing_created',
      data: { n: 1 },
    };
    const misplaced = makeEvent('usage_recorded', { ...fields, id: randomUUID() }, { metric: 'users', amount: 1 });
    const { reasons } = await deadLettered(marker, [JSON.stringify(malformed), JSON.stringify(misplaced)]);
    // Every consumer group of the topic dead-letters its own copy (this run may have several).
    expect([...new Set(reasons)].sort()).toEqual([
      'thing_created: data.thing must be a JSON object, got undefined',
      'usage_recorded events do not travel on onescale.events.v1',
    ]);
    expect(received.filter((e) => e.rootGroupId === marker)).toEqual([]);
  });
});
