import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { ingestRejection, readIngestRecord, RECORD_TOPICS, type Problem } from '@onescale/ontology';
import { EventPublisher, findByIds, insertAll, ProblemException, type RecordBatch, sha256Hex } from '@onescale/platform';
import { EventsBatchService } from '../batches/events-batch.service';
import { GroupsService } from '../groups/groups.service';
import { WriteModel } from '../store/write-model';
import { Idempotency } from '../idempotency/idempotency';

type IngestRecord = RecordBatch['records'][number];

/** Records of one chunk handled at once (each is a small write of its own). */
const CONCURRENCY = 16;
/** How often a record whose CloudEvents id another attempt holds is tried again. */
const IN_PROGRESS_PAUSE_MS = 500;

/**
 * `onescale.ingest.v1` (SPEC §7): each record is one `events/batch` item, written through the same
 * path as a one-item request with an Idempotency-Key derived from its CloudEvents source and id, so
 * validation, quota admission and idempotency are exactly those of REST. Every refused record goes
 * to `onescale.ingest.v1.rejected` with its code; an outage throws, so nothing is committed and the
 * chunk comes again (a record already written replays its first outcome).
 */
@Injectable()
export class TopicIngestion {
  private readonly log = new Logger(TopicIngestion.name);

  constructor(
    private readonly groups: GroupsService,
    private readonly idempotency: Idempotency,
    private readonly events: EventsBatchService,
    private readonly publisher: EventPublisher,
    private readonly model: WriteModel,
  ) {}

  async ingest(batch: RecordBatch): Promise<{ readonly written: number; readonly rejected: number }> {
    const rejected: Array<{ record: IngestRecord; problem: Problem }> = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.records.length) {
        const record = batch.records[next++]!;
        const problem = await this.write(record);
        if (problem !== null) rejected.push({ record, problem });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.records.length) }, worker));
    rejected.sort((a, b) => a.record.offset - b.record.offset);
    // A record delivered again (a rebalance, a restart before the commit) is answered once: rejections
    // already published are marked. Only a crash between the publish and the marks repeats one.
    const markOf = (record: IngestRecord): string => `${batch.partition}:${record.offset}`;
    const marked = await findByIds(
      this.model.rejections,
      rejected.map(({ record }) => markOf(record)),
    );
    const fresh = rejected.filter(({ record }) => !marked.has(markOf(record)));
    await this.publisher.publishRecords(
      RECORD_TOPICS.ingestRejected,
      fresh.map(({ record, problem }) => ({
        key: record.key,
        value: JSON.stringify(ingestRejection(record, { partition: batch.partition, offset: record.offset }, problem)),
        headers: Object.fromEntries(Object.entries(record.headers).filter((h): h is [string, string] => h[1] !== undefined)),
      })),
    );
    if (fresh.length > 0) {
      const createdAt = Date.now();
      await insertAll(
        this.model.rejections,
        fresh.map(({ record }) => ({ _id: markOf(record), createdAt })),
      );
      this.log.log({ msg: 'ingestion records rejected', partition: batch.partition, count: fresh.length });
    }
    return { written: batch.records.length - rejected.length, rejected: rejected.length };
  }

  /** Writes one record's item; the problem that refuses it, or null once it is written (now or before). */
  private async write(record: IngestRecord): Promise<Problem | null> {
    const read = readIngestRecord(record);
    if (!read.ok) return read.problem;
    const { groupId, ceId, ceSource, item } = read.value;
    for (;;) {
      try {
        const group = await this.groups.requireActive(groupId);
        const key = `ce:${sha256Hex(`${ceSource}\n${ceId}`)}`;
        const request = { topic: RECORD_TOPICS.ingest.name, item };
        const reply = await this.idempotency.run(groupId, key, request, async (ids) => ({
          status: 200,
          body: await this.events.record(group, { events: [item] }, ids),
        }));
        const error = reply.body.errors[0];
        return error === undefined ? null : { code: error.code, message: error.error, path: error.path ?? 'value' };
      } catch (error) {
        if (!(error instanceof ProblemException) || error.getStatus() >= 500) throw error;
        // Another attempt (a redelivery racing a crashed one) holds this id: its outcome is the one to keep.
        if (error.code === 'idempotency_in_progress') {
          await sleep(IN_PROGRESS_PAUSE_MS);
          continue;
        }
        const code = error.getStatus() === 404 ? 'group_not_found' : error.code;
        return { code, message: error.message, path: error.getStatus() === 404 ? 'key' : 'value' };
      }
    }
  }
}
