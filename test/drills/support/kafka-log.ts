import { randomUUID } from 'node:crypto';
import { logLevel, Kafka, type KafkaMessage } from 'kafkajs';

const kafka = (): Kafka =>
  new Kafka({
    clientId: `drill-${randomUUID().slice(0, 8)}`,
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });

export interface LoggedEvent {
  readonly id: string;
  readonly type: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Hands `visit` every record of `topic` keyed by `rootGroupId`, from the beginning up to the end the
 * topic had when the call began, until `visit` answers false. Reads with a throwaway consumer group.
 */
async function scanGroup(topic: string, rootGroupId: string, visit: (message: KafkaMessage, partition: number) => boolean): Promise<void> {
  const client = kafka();
  const admin = client.admin();
  await admin.connect();
  const groupId = `drill.read.${randomUUID()}`;
  try {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
    const pending = new Set([...ends].filter(([, high]) => high > 0).map(([p]) => p));
    if (pending.size === 0) return;
    const consumer = client.consumer({ groupId, maxBytesPerPartition: 8 * 1024 * 1024, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let more = true;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} did not reach its end within 120 s`)), 120000);
      void consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const high = ends.get(batch.partition) ?? 0;
            for (const m of batch.messages) {
              if (!more || Number(m.offset) >= high) break;
              if (m.key?.toString() === rootGroupId) more = visit(m, batch.partition);
            }
            const last = batch.messages[batch.messages.length - 1];
            if (last && Number(last.offset) >= high - 1) pending.delete(batch.partition);
            if (pending.size === 0 || !more) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every record of `topic` keyed by `rootGroupId` (ids and types from the CloudEvents headers). The log
 * is the ground truth of what was published: duplicates here are allowed (at-least-once), losses are not.
 */
export async function readLog(topic: string, rootGroupId: string): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  await scanGroup(topic, rootGroupId, (m, partition) => {
    events.push({ id: String(m.headers?.ce_id ?? ''), type: String(m.headers?.ce_type ?? ''), partition, offset: m.offset });
    return true;
  });
  return events;
}

/** Records of `rootGroupId` that consumers moved to `<topic>.dlq`: the event id and the reason given. */
export async function deadLettered(topic: string, rootGroupId: string): Promise<Array<{ id: string; reason: string }>> {
  const records: Array<{ id: string; reason: string }> = [];
  await scanGroup(`${topic}.dlq`, rootGroupId, (m) => {
    records.push({ id: String(m.headers?.ce_id ?? ''), reason: String(m.headers?.['x-dlq-reason'] ?? '') });
    return true;
  });
  return records;
}

/**
 * Produces again, verbatim (key, value, headers, timestamp), up to `limit` records of `topic` keyed by
 * `rootGroupId`: the copies at new offsets that a producer retry after a lost acknowledgement, or an
 * outbox record published twice, puts on the log. Consumers must recognise them by event id.
 */
export async function reproduce(
  topic: string,
  rootGroupId: string,
  limit: number,
  filter: (type: string) => boolean = () => true,
): Promise<number> {
  const copies: Array<{ key: Buffer | null; value: Buffer | null; headers: KafkaMessage['headers']; timestamp: string }> = [];
  await scanGroup(topic, rootGroupId, (m) => {
    if (filter(String(m.headers?.ce_type ?? '')))
      copies.push({ key: m.key, value: m.value, headers: { ...m.headers }, timestamp: m.timestamp });
    return copies.length < limit;
  });
  const producer = kafka().producer();
  await producer.connect();
  for (let i = 0; i < copies.length; i += 500) await producer.send({ topic, acks: -1, messages: copies.slice(i, i + 500) });
  await producer.disconnect();
  return copies.length;
}

/** Records each consumer group of the apps still has to read, per group and topic (the drills' own readers excluded). */
export async function consumerLags(topics: readonly string[]): Promise<Map<string, number>> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => !g.startsWith('drill.'));
    const highs = new Map<string, Map<number, number>>();
    for (const topic of topics) highs.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)])));
    const lags = new Map<string, number>();
    for (const groupId of groups) {
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...topics] })) {
        // A group that never subscribed to a topic has no offsets there: it is not behind on it.
        if (partitions.every((p) => Number(p.offset) < 0)) continue;
        const lag = partitions.reduce(
          (sum, p) => sum + Math.max(0, (highs.get(topic)?.get(p.partition) ?? 0) - Math.max(0, Number(p.offset))),
          0,
        );
        lags.set(`${groupId} ${topic}`, lag);
      }
    }
    return lags;
  } finally {
    await admin.disconnect();
  }
}

/** How often each id occurs: distinct count and the number of extra copies. */
export function tally(ids: Iterable<string>): { distinct: number; extraCopies: number; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const id of ids) {
    counts.set(id, (counts.get(id) ?? 0) + 1);
    total++;
  }
  return { distinct: counts.size, extraCopies: total - counts.size, counts };
}
