import { Controller, Module, type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { dlqOf, makeEvent, type EventEnvelope, type TopicSpec } from '@onescale/ontology';
import { eventually, testEnv } from '../../../../test/support/env';
import { consumerRestarts } from '../observability/metrics';
import { KafkaBatchServer, type EventBatch, type KafkaBatchServerOptions } from './batch-server';
import { createKafka, ensureTopics } from './kafka-client';
import { EventPublisher } from './publisher';

/**
 * The batch transport keeps consuming whatever happens to its consumer: a handler slower than the
 * session timeout, an eviction by the broker, a crash, a dependency that keeps failing. Each test
 * has a topic and consumer group of its own, a 6 s session timeout (the broker's minimum) and
 * counts what its handler saw per event id.
 */
const SESSION_MS = 6000;

function consumerOf(topic: string, handle: (batch: EventBatch) => Promise<void> | void): Type<unknown> {
  @Controller()
  class TestConsumer {
    @EventPattern(topic)
    async on(@Payload() batch: EventBatch): Promise<void> {
      await handle(batch);
    }
  }
  @Module({ controllers: [TestConsumer] })
  class TestConsumerModule {}
  return TestConsumerModule;
}

const envelopes = (rootGroupId: string, count: number): EventEnvelope[] =>
  Array.from({ length: count }, (_, n) =>
    makeEvent(
      'dashboard_viewed',
      {
        id: randomUUID(),
        groupId: rootGroupId,
        rootGroupId,
        targetId: `thing-${n}`,
        timestamp: Date.UTC(2024, 0, 1) + n,
        recordedAt: Date.now(),
      },
      { metadata: { n } },
    ),
  );

const restarts = async (groupId: string): Promise<number> =>
  (await consumerRestarts.get()).values.find((v) => v.labels.group === groupId)?.value ?? 0;

/** What reached `<topic>.dlq`: each record's envelope id and reason. */
async function deadLettersOf(kafka: Kafka, topic: string): Promise<Array<{ id: string; reason: string }>> {
  const found: Array<{ id: string; reason: string }> = [];
  const consumer = kafka.consumer({ groupId: `test.dlq.${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: dlqOf(topic), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      found.push({ id: String(message.headers?.ce_id), reason: String(message.headers?.['x-dlq-reason']) });
    },
  });
  try {
    await eventually(() => (found.length > 0 ? true : undefined), 30000, 'a record on the dead-letter topic');
    await new Promise((r) => setTimeout(r, 1000));
    return found;
  } finally {
    await consumer.disconnect();
  }
}

describe('KafkaBatchServer keeps consuming (real broker)', () => {
  const kafka: Kafka = createKafka('onescale-consumer-recovery', testEnv.brokers);
  // kafkajs retries a failing batch 8 times (about 50 s) before its consumer crashes; 3 tries here.
  const quickToCrash = new Kafka({
    clientId: 'onescale-consumer-crash',
    brokers: testEnv.brokers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 2 },
  });
  const publisher = new EventPublisher(kafka, 'consumer-recovery');
  const apps: INestMicroservice[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await publisher.disconnect();
  });

  /** A fresh topic, a consumer of it with `handle`, and 20 events published to it. */
  async function scenario(
    handle: (batch: EventBatch) => Promise<void> | void,
    options: Partial<KafkaBatchServerOptions> = {},
    sent = envelopes(`g-${randomUUID()}`, 20),
  ) {
    const topic: TopicSpec = {
      name: `test.consumer.${randomUUID()}`,
      eventTypes: [],
      clientEvents: true,
      key: 'rootGroupId',
      producers: ['test'],
      partitions: 1,
    };
    await ensureTopics(kafka, [topic]);
    const groupId = `test.consumer.${randomUUID()}`;
    const seen = new Map<string, number>();
    let joins = 0;
    const server = new KafkaBatchServer({ kafka, groupId, sessionTimeoutMs: SESSION_MS, ...options });
    server.onRebalance(() => joins++);
    const app = await NestFactory.createMicroservice(
      consumerOf(topic.name, async (batch) => {
        await handle(batch);
        for (const { envelope } of batch.events) seen.set(envelope.id, (seen.get(envelope.id) ?? 0) + 1);
      }),
      { strategy: server, logger: false },
    );
    apps.push(app);
    await app.listen();
    await server.ready;
    await publisher.publish(topic, sent);
    const committed = async (): Promise<number> => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
        return Number(offsets!.partitions[0]!.offset);
      } finally {
        await admin.disconnect();
      }
    };
    const allSeen = () => eventually(() => (sent.every((e) => seen.has(e.id)) ? true : undefined), 60000, 'every event handled');
    const allCommitted = () =>
      eventually(async () => ((await committed()) === sent.length ? true : undefined), 60000, 'the commit of every event');
    return { server, groupId, topic: topic.name, sent, seen, joins: () => joins, allSeen, allCommitted };
  }

  it('keeps its membership through a handler slower than the session timeout: no rejoin, nothing redelivered', async () => {
    let first = true;
    const s = await scenario(async () => {
      if (first) await new Promise((r) => setTimeout(r, SESSION_MS + 4000));
      first = false;
    });
    await s.allSeen();
    await s.allCommitted();
    expect(s.joins()).toBe(1);
    expect([...s.seen.values()].every((n) => n === 1)).toBe(true);
    await expect(s.server.checkReady()).resolves.toBeUndefined();
  });

  it('joins again after the broker evicted it (event loop blocked past the session timeout) and commits everything', async () => {
    let first = true;
    const s = await scenario(() => {
      if (!first) return;
      first = false;
      // Blocks the whole process: no heartbeat can go out, so the broker evicts the member.
      const until = Date.now() + SESSION_MS + 4000;
      while (Date.now() < until);
    });
    await s.allSeen();
    await s.allCommitted();
    expect(s.joins()).toBeGreaterThanOrEqual(2);
    expect(await restarts(s.groupId)).toBe(0);
    expect(s.server.health.isRunning()).toBe(true);
  });

  it('restarts a consumer that crashed, and the events of the failed batch are handled', async () => {
    let groupId = '';
    const s = await scenario(
      async () => {
        // Every event fails until the consumer was restarted: kafkajs gives up on the batch and its consumer crashes.
        if ((await restarts(groupId)) === 0) throw new Error('the database is unreachable');
      },
      { kafka: quickToCrash },
    );
    groupId = s.groupId;
    await s.allSeen();
    await s.allCommitted();
    expect(await restarts(s.groupId)).toBe(1);
    await expect(s.server.checkReady()).resolves.toBeUndefined();
  });

  it('sends an event that fails on its own to the dead-letter topic, with the reason, and moves on', async () => {
    const sent = envelopes(`g-${randomUUID()}`, 20);
    const poisonId = sent[7]!.id;
    const s = await scenario(
      (batch) => {
        if (batch.events.some((e) => e.envelope.id === poisonId)) throw new Error('this event cannot be applied');
      },
      {},
      sent,
    );
    await s.allCommitted();
    const dead = await deadLettersOf(kafka, s.topic);
    expect(dead).toEqual([{ id: poisonId, reason: expect.stringMatching(/^handler failed 3 times while the next event applied: /) }]);
    expect(s.sent.filter((e) => e.id !== poisonId).every((e) => s.seen.has(e.id))).toBe(true);
    expect(s.seen.has(poisonId)).toBe(false);
  });

  it('is not ready while records wait and nothing is committed, and ready again once it moves', async () => {
    let broken = true;
    const s = await scenario(
      () => {
        if (broken) throw new Error('the database is unreachable');
      },
      { stallMs: 1500, lagIntervalMs: 300 },
    );
    const reason = await eventually(
      () =>
        s.server.checkReady().then(
          () => undefined,
          (error: Error) => error.message,
        ),
      30000,
      'not ready',
    );
    expect(reason).toMatch(/^consumer (stalled: 20 records waiting|not running: )/);
    broken = false;
    await s.allCommitted();
    await eventually(
      () =>
        s.server.checkReady().then(
          () => true,
          () => undefined,
        ),
      30000,
      'ready again',
    );
  });

  it('hands the process to its supervisor when the consumer cannot be restarted', async () => {
    const fatal: Error[] = [];
    const s = await scenario(
      () => {
        throw new Error('the database is unreachable');
      },
      { kafka: quickToCrash, maxRestarts: 0, onFatal: (error) => fatal.push(error) },
    );
    const [error] = await eventually(() => (fatal.length > 0 ? fatal : undefined), 30000, 'the fatal callback');
    expect(error!.name).toBe('KafkaJSNumberOfRetriesExceeded');
    await expect(s.server.checkReady()).rejects.toThrow(/^consumer not running: crashed: /);
  });
});
