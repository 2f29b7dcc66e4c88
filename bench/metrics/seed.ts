import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { Db } from 'mongodb';
import { DEFAULT_COMPOSITION, TOPICS, encodeEnvelope, makeEvent, streamKey, utcMonthStart, type PositionedEvent } from '@onescale/ontology';
import { DayLedger, DocCache, DocStore, HOT_EVENTS, HOT_USAGE_EVENTS, HotEventStore, Shards } from '@onescale/platform';
import { Projector } from '../../apps/metrics/src/projector/projector';
import { ReadModelWriter } from '../../apps/metrics/src/projector/read-model-writer';
import { PROGRESS } from '../../apps/metrics/src/store/collections';
import { EventLog } from '../../apps/metrics/src/store/event-log';
import { ListStore } from '../../apps/metrics/src/store/list-store';
import { Progress } from '../../apps/metrics/src/store/progress';
import { hotDbOf } from '../hot-store-seed';
import { now } from '../support';
import type { BenchGroup } from './bench-history';

/** Events of a seeded group per produce request: one record batch, so Kafka gives them consecutive offsets from its base offset. */
const SEED_SEND = 500;

/**
 * Seeds a group of `size` events: they are produced to the events topic (where the partitioner puts
 * the group), and projected at their offsets through the projector's own code in large batches,
 * not by a consumer (a million events would take many minutes); the partition's progress records
 * the last. Then one usage record of api calls, as for any group read through the gateway. Apps
 * whose consumer groups start after the seed own the partitions as the one projecting app would.
 */
export async function seed(
  db: Db,
  group: BenchGroup,
  producer: Producer,
  shards: number,
): Promise<{ seconds: number; eventsInStore: number }> {
  const docs = new DocStore(new Shards(db, shards), new DocCache());
  const log = new EventLog(new HotEventStore(hotDbOf(db), HOT_EVENTS));
  const progress = new Progress(db.collection(PROGRESS));
  const projector = new Projector(
    DEFAULT_COMPOSITION,
    docs,
    new ReadModelWriter(docs, new ListStore(docs)),
    log,
    new EventLog(new HotEventStore(hotDbOf(db), HOT_USAGE_EVENTS)),
    DayLedger.of(hotDbOf(db)),
    progress,
  );
  const t0 = now();
  let stored = 0;
  for (const chunk of group.chunks(50_000)) {
    const positioned: PositionedEvent[] = [];
    let partition = -1;
    for (let i = 0; i < chunk.length; i += SEED_SEND) {
      const events = chunk.slice(i, i + SEED_SEND);
      const [sent] = await producer.send({ topic: TOPICS.events.name, acks: -1, messages: events.map((e) => encodeEnvelope(e, 'ingest')) });
      partition = sent!.partition;
      const base = Number(sent!.baseOffset);
      events.forEach((envelope, j) => positioned.push({ envelope, offset: base + j }));
    }
    const applied = await progress.applied('events', partition);
    const { fresh } = await log.append(partition, positioned, applied);
    stored += fresh.length;
    await projector.applyEvents(streamKey('events', partition), partition, fresh);
    await progress.record('events', partition, Math.max(applied, positioned[positioned.length - 1]!.offset));
  }
  // The api calls of the month, as the gateway's meter reports them for a group read through it.
  const usage = makeEvent(
    'usage_recorded',
    { id: randomUUID(), groupId: group.id, rootGroupId: group.id, timestamp: Date.now(), recordedAt: Date.now() },
    { metric: 'api_calls_per_month', amount: 1, periodStart: utcMonthStart(Date.now()) },
  );
  const [sent] = await producer.send({ topic: TOPICS.usage.name, acks: -1, messages: [encodeEnvelope(usage, 'gateway')] });
  await projector.onUsage({
    topic: TOPICS.usage.name,
    partition: sent!.partition,
    events: [{ envelope: usage, offset: Number(sent!.baseOffset) }],
  });
  return { seconds: (now() - t0) / 1000, eventsInStore: stored };
}
