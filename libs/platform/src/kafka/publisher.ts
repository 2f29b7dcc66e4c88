import { Partitioners, type ICustomPartitioner, type Kafka, type Producer, type RecordMetadata } from 'kafkajs';
import { encodeEnvelope, type TopicEvent, type TopicSpec } from '@onescale/ontology';
import { kafkaProduceSeconds } from '../observability/metrics';

const MAX_CHUNK_BYTES = 512 * 1024;

function* chunksOf<T extends { value: string }>(messages: readonly T[], maxBytes: number): Generator<T[]> {
  let chunk: T[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.value) + 200;
    if (chunk.length > 0 && bytes + size > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * kafkajs's default partitioner (murmur2 of the key) remembering its last answer. It runs once per
 * record, and the records of one publish share a key (the root group), so a 10,000-event batch
 * hashed the same key 10,000 times, ~80 ms of CPU. The answer depends only on the key and the
 * topic's partition count, so the remembered one is the one kafkajs would compute.
 */
export const lastKeyPartitioner: ICustomPartitioner = () => {
  const partitioner = Partitioners.DefaultPartitioner();
  let last: { count: number; key: string; partition: number } | null = null;
  return (args) => {
    const { partitionMetadata, message } = args;
    if (typeof message.key !== 'string' || (message.partition !== undefined && message.partition !== null)) return partitioner(args);
    if (last?.key === message.key && last.count === partitionMetadata.length) return last.partition;
    last = { count: partitionMetadata.length, key: message.key, partition: partitioner(args) };
    return last.partition;
  };
};

/** Where the last event for each root group landed; a read-your-writes token for clients. */
export type PublishedPositions = ReadonlyMap<string, { partition: number; offset: number }>;

/**
 * The typed publisher: an idempotent producer with acks=all. The record key is the root group id and
 * the record timestamp is the ingest time.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected: Promise<void> | null = null;

  constructor(
    kafka: Kafka,
    private readonly source: string,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: lastKeyPartitioner,
    });
  }

  connect(): Promise<void> {
    this.connected ??= this.producer.connect();
    return this.connected;
  }

  /** Only events of the types `topic` declares compile here. */
  async publish<T extends TopicSpec>(topic: T, events: ReadonlyArray<TopicEvent<T>>): Promise<PublishedPositions> {
    const positions = new Map<string, { partition: number; offset: number }>();
    if (events.length === 0) return positions;
    await this.connect();
    const messages = events.map((e) => encodeEnvelope(e, this.source));
    // Chunks stay well under the broker's per-batch size limit (1 MiB by default); with one request
    // in flight, chunks keep their order.
    for (const chunk of chunksOf(messages, MAX_CHUNK_BYTES)) {
      const stop = kafkaProduceSeconds.startTimer({ topic: topic.name });
      const metadata: RecordMetadata[] = await this.producer.send({ topic: topic.name, acks: -1, messages: chunk });
      stop();
      // The broker answers with the base offset per partition; each message's offset follows from its
      // order within its partition.
      const base = new Map(metadata.map((m) => [m.partition, Number(m.baseOffset ?? m.offset ?? 0)]));
      const seen = new Map<number, number>();
      const partitionOfKey = this.partitionsOf(topic, metadata);
      for (const message of chunk) {
        const partition = partitionOfKey(message.key);
        const index = seen.get(partition) ?? 0;
        seen.set(partition, index + 1);
        positions.set(message.key, { partition, offset: (base.get(partition) ?? 0) + index });
      }
    }
    return positions;
  }

  /**
   * Records of a topic whose values are not envelopes (RECORD_TOPICS), sent as they are, acks=all.
   * Chunked like events, so a long list stays under the broker's batch size limit.
   */
  async publishRecords(
    topic: { readonly name: string },
    records: ReadonlyArray<{ readonly key: string | null; readonly value: string; readonly headers: Readonly<Record<string, string>> }>,
  ): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    for (const chunk of chunksOf(records, MAX_CHUNK_BYTES)) {
      await this.producer.send({ topic: topic.name, acks: -1, messages: chunk.map((r) => ({ ...r, headers: { ...r.headers } })) });
    }
  }

  /** kafkajs assigns partitions by murmur2 of the key; the answer lists only the partitions written. */
  private partitionsOf(topic: TopicSpec, metadata: RecordMetadata[]): (key: string) => number {
    if (metadata.length === 1) return () => metadata[0]!.partition;
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: topic.partitions }, (_, id) => ({
      partitionId: id,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    return (key) => partitioner({ topic: topic.name, partitionMetadata, message: { key, value: null } });
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = null;
  }
}
