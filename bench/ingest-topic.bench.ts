import 'reflect-metadata';
import { CONSUMER_GROUPS, RECORD_TOPICS } from '@onescale/ontology';
import { createKafka, ensureTopics } from '@onescale/platform';
import { postJson, startApp, startAtTopicEnds, waitReady, type BatchReply, type GroupCreated } from './apps';
import { fmt, now, peakRssMb, printTable, summarize, writeResults } from './support';

/**
 * Client events written through the Kafka ingestion topic (`onescale.ingest.v1`: one CloudEvents
 * record per event, each written through the events/batch path with its own idempotency record)
 * against the baseline of the same events sent as `POST events/batch` requests of 1,000, on the same
 * ingest app and servers, in alternating rounds. REST is timed until its last response (every event
 * published); the topic until ingest's consumer group has committed past the last record (every
 * record written, published or rejected).
 */
const PORTS = { ingest: 3631, quota: 3632 };
const env = process.env as Record<string, string>;
const EVENTS = 5_000;
const ROUNDS = 3;
const REST_BATCH = 1_000;

const item = (i: number) => ({ type: 'user_login', metadata: { session: `s${i}` } });

async function main(): Promise<void> {
  const suffix = Date.now();
  const kafka = createKafka('bench-ingest-topic', env.KAFKA_BROKERS!.split(','));
  const groupSuffix = `.bench.${suffix}`;
  const consumerGroup = `${CONSUMER_GROUPS.ingestTopic}${groupSuffix}`;
  await ensureTopics(kafka);
  // the bench's own consumer group starts at the end: records of earlier runs are not read again
  await startAtTopicEnds(kafka, consumerGroup, [RECORD_TOPICS.ingest.name]);
  const quota = startApp('quota', PORTS.quota, { MONGODB_DB: `bench_quota_${suffix}`, INGEST_URL: `http://127.0.0.1:${PORTS.ingest}` });
  const ingest = startApp('ingest', PORTS.ingest, {
    MONGODB_DB: `bench_ingest_${suffix}`,
    QUOTA_URL: `http://127.0.0.1:${PORTS.quota}`,
    CONSUMER_GROUP_SUFFIX: groupSuffix,
  });
  const base = `http://127.0.0.1:${PORTS.ingest}`;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const admin = kafka.admin();
  try {
    await Promise.all([waitReady(base), waitReady(`http://127.0.0.1:${PORTS.quota}`), producer.connect(), admin.connect()]);
    const { group } = await postJson<GroupCreated>(`${base}/v1/groups`, { name: `bench ${suffix}`, type: 'government' });

    const rest = async (): Promise<number> => {
      const t0 = now();
      for (let start = 0; start < EVENTS; start += REST_BATCH) {
        const reply = await postJson<BatchReply>(`${base}/v1/groups/${group.id}/events/batch`, {
          events: Array.from({ length: REST_BATCH }, (_, i) => item(start + i)),
        });
        if (reply.failed > 0) throw new Error(`REST batch had ${reply.failed} failures`);
      }
      return (now() - t0) / 1000;
    };
    let round = 0;
    const topic = async (): Promise<number> => {
      const tag = `${suffix}-${round++}`;
      const t0 = now();
      for (let start = 0; start < EVENTS; start += REST_BATCH) {
        await producer.send({
          topic: RECORD_TOPICS.ingest.name,
          acks: -1,
          messages: Array.from({ length: REST_BATCH }, (_, i) => ({
            key: group.id,
            value: JSON.stringify(item(start + i)),
            headers: { ce_specversion: '1.0', ce_id: `${tag}-${start + i}`, ce_type: 'user_login', ce_source: '/bench' },
          })),
        });
      }
      const ends = await admin.fetchTopicOffsets(RECORD_TOPICS.ingest.name);
      for (;;) {
        const [committed] = await admin.fetchOffsets({ groupId: consumerGroup, topics: [RECORD_TOPICS.ingest.name] });
        const done = ends.every(
          (e) => Number(committed!.partitions.find((p) => p.partition === e.partition)?.offset ?? -1) >= Number(e.high),
        );
        if (done) return (now() - t0) / 1000;
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    await rest(); // warm-up of both paths, not counted
    await topic();
    const seconds: Record<'rest' | 'topic', number[]> = { rest: [], topic: [] };
    for (let r = 0; r < ROUNDS; r++) {
      seconds.rest.push(await rest());
      seconds.topic.push(await topic());
    }
    const rate = (s: readonly number[]) => s.map((x) => EVENTS / x);
    const rest50 = summarize(rate(seconds.rest));
    const topic50 = summarize(rate(seconds.topic));
    const spread = (s: readonly number[]) => `${fmt(Math.min(...rate(s)), 0)}–${fmt(Math.max(...rate(s)), 0)}`;
    printTable(`ingest-topic: ${EVENTS} client events per round, ${ROUNDS} rounds alternated (events/s)`, [
      {
        path: 'POST events/batch, 1,000 per request (baseline)',
        'events/s p50': fmt(rest50.p50, 0),
        'min–max': spread(seconds.rest),
        'ratio to baseline': '1.00',
      },
      {
        path: 'onescale.ingest.v1, one record per event',
        'events/s p50': fmt(topic50.p50, 0),
        'min–max': spread(seconds.topic),
        'ratio to baseline': fmt(topic50.p50 / rest50.p50, 2),
      },
    ]);
    const ingestPeak = peakRssMb(ingest.pid!);
    console.log(`peak RSS: ingest ${ingestPeak} MB, bench process ${peakRssMb()} MB`);
    writeResults('ingest-topic', {
      events: EVENTS,
      rounds: ROUNDS,
      seconds,
      rest: rest50,
      topic: topic50,
      ratio: topic50.p50 / rest50.p50,
      ingestPeak,
    });
  } finally {
    ingest.kill('SIGTERM');
    quota.kill('SIGTERM');
    await producer.disconnect();
    await admin.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
