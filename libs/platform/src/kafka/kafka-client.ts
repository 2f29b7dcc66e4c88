import { Kafka, KafkaJSProtocolError, logLevel, type Admin, type LogEntry } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { ALL_TOPICS, dlqOf } from '@onescale/ontology';
import type { KafkaConnection } from './kafka-connection';

const LEVELS: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'debug',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose log lines go through the app's structured logger (a broker list alone means plaintext). */
export function createKafka(clientId: string, connection: KafkaConnection | string[]): Kafka {
  const logger = new Logger('kafka');
  return new Kafka({
    clientId,
    ...(Array.isArray(connection) ? { brokers: connection } : connection),
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, label, log }: LogEntry) => {
        const { message, ...extra } = log;
        logger[LEVELS[level] ?? 'log']({ label, ...extra, msg: message });
      },
    retry: { initialRetryTime: 200, retries: 8 },
  });
}

/** Creates the registry's topics and their dead-letter topics if missing (idempotent). */
export async function ensureTopics(
  kafka: Kafka,
  specs: ReadonlyArray<{ readonly name: string; readonly partitions: number }> = ALL_TOPICS,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = specs.flatMap((spec) => [
      { topic: spec.name, numPartitions: spec.partitions },
      { topic: dlqOf(spec.name), numPartitions: 1 },
    ]);
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin
        .createTopics({ topics: missing.map((t) => ({ ...t, replicationFactor: -1 })), waitForLeaders: true })
        .catch((error: Error) => {
          if (!/already exists/i.test(error.message)) throw error;
        });
    }
    // A topic another process has just created may still be electing its leaders (a freshly started
    // broker answers "not the leader" for a moment): return only once every partition answers.
    for (const { topic } of wanted) await topicOffsetsOnceLed(admin, topic);
  } finally {
    await admin.disconnect();
  }
}

const LEADER_WAIT_MS = 30_000;

/** A topic's offsets once every partition answers (a topic just created may still be electing leaders). */
export async function topicOffsetsOnceLed(admin: Admin, topic: string): ReturnType<Admin['fetchTopicOffsets']> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (Date.now() > deadline || !(error instanceof KafkaJSProtocolError) || !error.retriable) throw error;
      await sleep(200);
    }
  }
}

/** Ready when the cluster answers a metadata request. */
export async function describeCluster(kafka: Kafka): Promise<{ brokers: number; controller: number | null }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  } finally {
    await admin.disconnect();
  }
}
