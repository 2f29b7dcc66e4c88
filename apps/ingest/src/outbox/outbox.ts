import { Injectable, Logger } from '@nestjs/common';
import type { WithId } from 'mongodb';
import { TOPICS, isPersonType, type Composition, type EventOf, type TopicEvent, type UsageMetric } from '@onescale/ontology';
import { EventPublisher, findByIds, insertAll, isDuplicateKey, type PublishedPositions } from '@onescale/platform';
import { InjectComposition } from '../composition';
import { IngestConfig } from '../ingest.config';
import { WriteModel } from '../store/write-model';
import { indexesOf, type BatchRecord, type ConnectionDeletion, type ThingClaim } from '../store/records';
import { itemId } from '../idempotency/idempotency';
import { toGroupRow, type ConnectionRow, type KnowledgeRow, type ThingRow } from '../store/rows';
import { connectionCreated, knowledgeAdded, thingCreated, thingUsage, usageEvents } from './envelopes';
import { applyClaim, claimEvent, deletionEvent } from './claims';
import { ProjectionPace } from '../pace/projection-pace';

/**
 * Rows a things batch writes per chunk, and how many chunks are written at once. Each chunk's events
 * are sent while later chunks are being written, so a smaller chunk hides more of the broker's time
 * behind the database's (and leaves less to send after the last write), at one more insert round trip
 * each. Two inserts in flight let the database decode one chunk while it stores the other: on the
 * embedded store, 1,000-row chunks two at a time take as long as one insertMany of all 10,000 rows
 * (one at a time, ~1.2 times as long).
 */
export const WRITE_CHUNK_ROWS = 1000;
export const CHUNKS_IN_FLIGHT = 2;
/** The last rows go in halving chunks down to this size: what is left to send after the last write. */
export const LAST_CHUNK_ROWS = 250;

/** Where a things batch's chunks of `total` rows start and end: full chunks, then halving ones. */
export function writeChunks(total: number): Array<[number, number]> {
  const chunks: Array<[number, number]> = [];
  for (let start = 0; start < total;) {
    const left = total - start;
    const size = left > WRITE_CHUNK_ROWS ? WRITE_CHUNK_ROWS : left > LAST_CHUNK_ROWS ? Math.ceil(left / 2) : left;
    chunks.push([start, start + size]);
    start += size;
  }
  return chunks;
}

/** A record's events (as the events topic carries them) and the usage they change. */
interface Assembled {
  readonly events: ReadonlyArray<TopicEvent<typeof TOPICS.events>>;
  readonly usage: Partial<Record<UsageMetric, number>>;
}

/** Rows the request already holds, so publishing right after the write reads nothing back. */
export interface Preloaded {
  readonly connections?: readonly ConnectionRow[];
  readonly knowledge?: readonly KnowledgeRow[];
  readonly claims?: readonly ThingClaim[];
  readonly deletions?: readonly ConnectionDeletion[];
}

/**
 * The transactional outbox. A request opens a record naming the rows it is about to write, writes
 * them, then publishes their events (and usage records) and closes the record. The relay finishes any
 * record left open; events are rebuilt from the rows that exist, with the same ids, so a second
 * publication is a duplicate every consumer recognises.
 */
@Injectable()
export class Outbox {
  private readonly log = new Logger(Outbox.name);

  constructor(
    private readonly model: WriteModel,
    private readonly publisher: EventPublisher,
    private readonly config: IngestConfig,
    @InjectComposition() private readonly composition: Composition,
    private readonly pace: ProjectionPace,
  ) {}

  async open(record: BatchRecord): Promise<void> {
    try {
      await this.model.batches.insertOne(record);
    } catch (error) {
      // A retried request (same Idempotency-Key) reopens the record it opened before.
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** Publishes a record's events and usage, then closes it. Returns the position of its last event. */
  async publish(record: BatchRecord, preloaded: Preloaded = {}): Promise<number | null> {
    this.crashDrill('rows');
    const { events, usage } = await this.assemble(record, preloaded);
    return this.close(record, await this.publishEvents(record, events), usage);
  }

  /** Publishes, but reports a broker outage instead of failing: the relay retries the open record. */
  async tryPublish(record: BatchRecord, preloaded: Preloaded = {}): Promise<number | null> {
    try {
      return await this.publish(record, preloaded);
    } catch (error) {
      return this.leftToRelay(record, error);
    }
  }

  /**
   * Writes an open things record's rows and publishes their events a chunk at a time: a chunk's events
   * go out once its rows are written (and every earlier chunk's events are out), while later chunks are
   * being written, so the two costs overlap instead of adding up. The usage goes out beside the last
   * events. An event never precedes its row, so a crash at any point leaves what the relay finishes:
   * the open record, and events of written rows only (republished with the same ids). A broker outage
   * answers null as `tryPublish` does, after every row is written. `step` names where the request
   * waits: on the database, on the sends left after the last chunk, on closing.
   */
  async writeThings(record: BatchRecord, rows: readonly ThingRow[], step: (name: string) => void = () => {}): Promise<number | null> {
    const written: Array<Promise<void>> = [];
    // One send at a time, in chunk order; a failed send fails every later one, so none overtakes it.
    let sent: Promise<PublishedPositions | null> = Promise.resolve(null);
    for (const [start, end] of writeChunks(rows.length)) {
      const chunk = rows.slice(start, end);
      const slot = written[written.length - CHUNKS_IN_FLIGHT] ?? Promise.resolve();
      const write = slot.then(async () => {
        await insertAll(this.model.things, chunk);
        this.crashDrill('rows');
      });
      written.push(write);
      sent = Promise.all([sent, write]).then(async () => {
        const positions = await this.publishEvents(record, chunk.map(thingCreated));
        this.crashDrill('chunk');
        return positions;
      });
      // Awaited below; until then a rejection must not count as unhandled.
      sent.catch(() => undefined);
    }
    // A failed insert fails the request, once no other insert of it is still running.
    const failed = (await Promise.allSettled(written)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    step('rows');
    try {
      const [positions] = await Promise.all([
        sent,
        this.publisher.publish(TOPICS.usage, usageEvents(record, thingUsage(rows, this.composition))),
      ]);
      step('publish');
      await this.model.batches.deleteOne({ _id: record._id });
      step('close');
      return positions?.get(record.rootGroupId)?.offset ?? null;
    } catch (error) {
      return this.leftToRelay(record, error);
    }
  }

  /**
   * Once a record's events are out: publishes its usage and closes it. Returns the position of its
   * last event.
   */
  private async close(record: BatchRecord, positions: PublishedPositions | null, usage: Assembled['usage']): Promise<number | null> {
    await this.publisher.publish(TOPICS.usage, usageEvents(record, usage));
    await this.model.batches.deleteOne({ _id: record._id });
    return positions?.get(record.rootGroupId)?.offset ?? null;
  }

  /** Sends a record's events; the pace counts them until the projector has applied them. */
  private async publishEvents(record: BatchRecord, events: Assembled['events']): Promise<PublishedPositions> {
    const positions = await this.publisher.publish(TOPICS.events, events);
    const at = positions.get(record.rootGroupId);
    if (at) this.pace.published(record.rootGroupId, at, events.length);
    return positions;
  }

  private leftToRelay(record: BatchRecord, error: unknown): null {
    this.log.warn({ msg: 'publish failed; the relay will retry', batchId: record._id, err: (error as Error).message });
    return null;
  }

  /** Crash drills (INGEST_CRASH_AFTER): SIGKILL at the named point of the write path. */
  private crashDrill(point: NonNullable<IngestConfig['INGEST_CRASH_AFTER']>): void {
    if (this.config.INGEST_CRASH_AFTER === point) process.kill(process.pid, 'SIGKILL');
  }

  private async assemble(record: BatchRecord, pre: Preloaded): Promise<Assembled> {
    switch (record.kind) {
      case 'things': {
        const rows = [...(await findByIds(this.model.things, idsOfRecord(record))).values()];
        return { events: rows.map(thingCreated), usage: thingUsage(rows, this.composition) };
      }
      case 'connections': {
        const rows = pre.connections ?? [...(await findByIds(this.model.connections(record.rootGroupId), record.itemIds)).values()];
        return { events: rows.map(connectionCreated), usage: { connections_total: rows.length } };
      }
      case 'knowledge': {
        const rows = pre.knowledge ?? [...(await findByIds(this.model.knowledge, record.itemIds)).values()];
        return { events: rows.map(knowledgeAdded), usage: { storage_bytes: rows.reduce((s, r) => s + r.bytes, 0) } };
      }
      case 'updates': {
        const claims = pre.claims ?? (await this.ownClaims(this.model.thingClaims, record));
        const rows = await Promise.all(claims.map((claim) => applyClaim(this.model, claim)));
        return {
          events: claims.map((claim, i) => claimEvent(claim, rows[i]!)),
          usage: { storage_bytes: claims.reduce((s, c) => s + c.bytes - c.previousBytes, 0) },
        };
      }
      case 'delete_thing':
        return this.assembleDelete(record, pre);
      case 'events':
        return { events: JSON.parse(record.events ?? '[]') as TopicEvent<typeof TOPICS.events>[], usage: {} };
      case 'group':
        return { events: await this.repairGroup(record), usage: {} };
    }
  }

  /** The claims a record names that its own request won (a claim id can also name another request's). */
  private async ownClaims<T extends { _id: string; batchId: string }>(
    collection: Parameters<typeof findByIds<T>>[0],
    record: BatchRecord,
  ): Promise<Array<WithId<T>>> {
    return [...(await findByIds(collection, record.itemIds)).values()].filter((claim) => claim.batchId === record._id);
  }

  /** A group change whose row write a crash interrupted is completed from its event. */
  private async repairGroup(record: BatchRecord): Promise<Array<EventOf<'group_created' | 'group_updated'>>> {
    const events = JSON.parse(record.events ?? '[]') as Array<EventOf<'group_created' | 'group_updated'>>;
    const version = record.groupVersion ?? 1;
    for (const event of events) {
      const row = await this.model.groups.findOne({ _id: event.data.group.id });
      if (row && row.version < version) await this.model.groups.replaceOne({ _id: row._id }, toGroupRow(event.data.group, version));
    }
    return events;
  }

  /** A thing's deletion: its connections' `connection_deleted` first, then `thing_deleted`. */
  private async assembleDelete(record: BatchRecord, pre: Preloaded): Promise<Assembled> {
    const [claimId, ...deletionIds] = record.itemIds;
    const claim = pre.claims?.[0] ?? (await this.ownClaims(this.model.thingClaims, { ...record, itemIds: [claimId!] }))[0];
    if (!claim) return { events: [], usage: {} };
    const deletions = pre.deletions ?? (await this.ownClaims(this.model.connectionDeletions, { ...record, itemIds: deletionIds }));
    await Promise.all(
      deletions.map((d) => {
        const row = JSON.parse(d.row) as ConnectionRow;
        return this.model.connections(row.rootGroupId).deleteOne({ _id: row._id });
      }),
    );
    const row = await applyClaim(this.model, claim);
    const people = isPersonType(this.composition, row.type) ? 1 : 0;
    return {
      events: [...deletions.map((d) => deletionEvent(d)), claimEvent(claim, row)],
      usage: { entities_total: -1, users: -people, storage_bytes: -claim.previousBytes, connections_total: -deletions.length },
    };
  }
}

/** Every row id a record names: its ids, then those of its ranges. */
export function idsOfRecord(record: BatchRecord): string[] {
  const ranges = record.itemRanges;
  if (!ranges) return record.itemIds;
  return [
    ...record.itemIds,
    ...indexesOf(ranges.bounds).map((index) => itemId(ranges.seed, ranges.kind, index, record.createdAt, ranges.ordered === true)),
  ];
}
