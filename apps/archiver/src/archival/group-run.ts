import { performance } from 'node:perf_hooks';
import {
  TOPICS,
  makeEvent,
  planObjects,
  splitArchived,
  typesOf,
  utcDay,
  type ArchiveManifest,
  type EventEnvelope,
  type EventOf,
} from '@onescale/ontology';
import { deterministicUuidv7, hotDayOf, uuidv7 } from '@onescale/platform';
import { manifestViewOf } from '../archive/manifests';
import type { PreparedObject } from '../archive/archive-objects';
import { archiverEventsArchivedTotal, archiverFailuresTotal } from '../archiver.metrics';
import { messageOf, type GroupOutcome, type PassContext } from './pass-context';

/** Objects being gzipped, uploaded and verified at once: overlaps S3 round trips, bounds memory. */
const MAX_IN_FLIGHT = 4;
/**
 * Delete batches allowed to wait behind the one running. Reading stops while more are queued: a hot
 * store that deletes slower than S3 takes objects (FerretDB: one write per event) must not let ids
 * pile up in memory.
 */
const MAX_QUEUED_DELETES = 1;

interface Verified {
  readonly key: string;
  readonly ids: readonly string[];
  /** The events' day partition, unless their sealed day is dropped whole once archived. */
  readonly day: string | null;
}

/**
 * One group's share of a pass: its objects in flight, the verified ones awaiting their hot delete,
 * and what the run reports and announces for it. A failure stops the group, never the pass.
 */
export class GroupRun {
  archived = 0;
  failed = 0;
  rootGroupId: string | undefined;
  private error: string | undefined;
  private failedStage = '';
  private readonly keys: string[] = [];
  private readonly emitCounts = new Map<string, number>();
  private readonly inflight = new Set<Promise<void>>();
  private verified: Verified[] = [];
  private verifiedCount = 0;
  private deleting: Promise<void> = Promise.resolve();
  private readonly queuedDeletes: Promise<void>[] = [];
  private priorDays: Set<string> | null = null;
  private readonly priorByDay = new Map<string, ArchiveManifest[]>();
  private readonly started = performance.now();
  private outcomeValue: GroupOutcome | null = null;

  constructor(
    private readonly ctx: PassContext,
    readonly groupId: string,
  ) {}

  get ok(): boolean {
    return this.error === undefined;
  }

  /** Records a failed step; the pass itself stops on a lost lease (it checks the lease between chunks). */
  fail(stage: string, error: unknown, events: number): void {
    this.failed += events;
    archiverFailuresTotal.inc({ stage });
    if (this.error !== undefined) return;
    this.failedStage = stage;
    this.error = `${stage}: ${messageOf(error)}`;
    this.ctx.log.error({
      msg: 'archival of a group failed; it is retried next run',
      groupId: this.groupId,
      runId: this.ctx.runId,
      stage,
      error: messageOf(error),
    });
  }

  /** Records an object whose events are out of the hot store, to be named by `events_archived`. */
  completed(key: string, count: number, deletedNow: boolean): void {
    this.keys.push(key);
    this.emitCounts.set(key, count);
    if (deletedNow) {
      this.archived += count;
      archiverEventsArchivedTotal.inc(count);
    }
  }

  /**
   * Archives one chunk: events of this group and one UTC day, at most one object's worth. Events of
   * a sealed day leave the hot store when the whole day is dropped; others are deleted by id.
   */
  async submit(events: EventEnvelope[], sealed: boolean): Promise<void> {
    if (!this.ok) return void (this.failed += events.length);
    while (this.queuedDeletes.length > MAX_QUEUED_DELETES) await this.queuedDeletes[0];
    this.rootGroupId ??= events[0]?.rootGroupId;
    let pending: EventEnvelope[];
    try {
      pending = await this.withoutArchived(events);
    } catch (error) {
      return this.fail('dedupe', error, events.length);
    }
    for (const plan of planObjects(pending, this.ctx.batchSize, () => uuidv7(this.ctx.clock()))) {
      while (this.inflight.size >= MAX_IN_FLIGHT) await Promise.race(this.inflight);
      const task: Promise<void> = this.write(plan, sealed).finally(() => this.inflight.delete(task));
      this.inflight.add(task);
    }
  }

  /**
   * Events already inside an object of an earlier run (a redelivered or late back-dated copy that
   * reached the hot store again) are deleted, not archived twice. Only days that have such objects
   * cost a read.
   */
  private async withoutArchived(events: EventEnvelope[]): Promise<EventEnvelope[]> {
    const day = utcDay(events[0]!.timestamp);
    this.priorDays ??= await this.ctx.steps.time('dedupe', () => this.ctx.manifests.archivedDays(this.groupId, this.ctx.runId));
    if (!this.priorDays.has(day)) return events;
    let prior = this.priorByDay.get(day);
    if (prior === undefined) {
      prior = await this.ctx.steps.time('dedupe', async () => {
        const docs = await this.ctx.manifests.ofDay(this.groupId, day, this.ctx.runId);
        return Promise.all(docs.map(async (m) => ({ ...manifestViewOf(m), eventIds: (await this.ctx.objects.read(m)).map((e) => e.id) })));
      });
      this.priorByDay.set(day, prior);
    }
    const { pending, archivedIds } = splitArchived(events, prior);
    if (archivedIds.length > 0) {
      this.ctx.lease.assertHeld();
      await this.ctx.steps.time('delete', () => this.ctx.hot.deleteIds(hotDayOf(events[0]!.timestamp), archivedIds));
    }
    return pending;
  }

  private async write(plan: ReturnType<typeof planObjects>[number], sealed: boolean): Promise<void> {
    try {
      const { steps } = this.ctx;
      const object = await steps.time('gzip', () => this.ctx.objects.prepare(plan));
      this.ctx.lease.assertHeld();
      await steps.time('manifests', () => this.ctx.manifests.insertPending(this.pendingDoc(object)));
      await steps.time('put', () => this.ctx.objects.upload(object));
      this.ctx.crash.reached('upload');
      if (!(await steps.time('verify', () => this.ctx.objects.verify({ key: plan.key, sha256: object.sha256, bytes: object.bytes })))) {
        throw new Error(`the read-back of ${plan.key} does not match what was written`);
      }
      this.verified.push({ key: plan.key, ids: plan.events.map((e) => e.id), day: sealed ? null : hotDayOf(plan.events[0]!.timestamp) });
      this.verifiedCount += plan.events.length;
      if (this.verifiedCount >= this.ctx.deleteBatchSize) this.flushDeletes();
    } catch (error) {
      this.fail('upload', error, plan.events.length);
    }
  }

  private pendingDoc(object: PreparedObject) {
    const times = object.plan.events.map((e) => e.timestamp);
    return {
      _id: object.plan.key,
      key: object.plan.key,
      groupId: this.groupId,
      rootGroupId: object.plan.events[0]!.rootGroupId,
      day: object.plan.day,
      count: object.plan.events.length,
      minTimestamp: Math.min(...times),
      maxTimestamp: Math.max(...times),
      sha256: object.sha256,
      bytes: object.bytes,
      uncompressedBytes: object.uncompressedBytes,
      types: typesOf(object.plan.events),
      runId: this.ctx.runId,
      createdAt: this.ctx.clock(),
    };
  }

  /**
   * Marks the verified objects, deletes their events from the hot store by id (those of a sealed day
   * go with the day), marks them archived. A batch of sealed days only has nothing to delete by id,
   * so it is marked archived in one write: a crash before the day's drop leaves its events in the
   * sealed partition, where the next pass finds them in these objects and deletes them instead of
   * archiving them again.
   */
  private flushDeletes(): void {
    const batch = this.verified;
    this.verified = [];
    this.verifiedCount = 0;
    if (batch.length === 0) return;
    this.deleting = this.deleting.then(async () => {
      const keys = batch.map((b) => b.key);
      const count = batch.reduce((n, b) => n + b.ids.length, 0);
      try {
        this.ctx.lease.assertHeld();
        const { steps } = this.ctx;
        const byId = idsByDay(batch);
        await steps.time('manifests', () => this.ctx.manifests.setState(this.groupId, keys, byId.size === 0 ? 'archived' : 'verified'));
        this.ctx.crash.reached('verify');
        for (const [day, ids] of byId) await steps.time('delete', () => this.ctx.hot.deleteIds(day, ids));
        this.ctx.crash.reached('delete');
        if (byId.size > 0) await steps.time('manifests', () => this.ctx.manifests.setState(this.groupId, keys, 'archived'));
        batch.forEach((b) => this.completed(b.key, b.ids.length, true));
      } catch (error) {
        this.fail('delete', error, count);
      }
    });
    const queued = this.deleting;
    this.queuedDeletes.push(queued);
    void queued.then(() => this.queuedDeletes.splice(this.queuedDeletes.indexOf(queued), 1));
  }

  /**
   * Waits for the group's objects started so far and their deletes; objects started meanwhile (the
   * next day's) are not waited for.
   */
  async settle(): Promise<void> {
    await Promise.all([...this.inflight]);
    this.flushDeletes();
    await this.deleting;
  }

  /** Waits for the group's objects and deletes, then announces them with one `events_archived`. */
  async finish(): Promise<GroupOutcome> {
    if (this.outcomeValue !== null) return this.outcomeValue;
    await this.settle();
    if (this.keys.length > 0 && this.rootGroupId !== undefined) {
      try {
        const announcement = this.announcement(this.rootGroupId, await this.ctx.cutoffs.of(this.groupId));
        await this.ctx.steps.time('emit', () => this.ctx.publisher.publish(TOPICS.events, [announcement]));
        await this.ctx.steps.time('manifests', () => this.ctx.manifests.markEmitted(this.groupId, this.keys));
      } catch (error) {
        this.fail('emit', error, 0);
      }
    }
    if (this.error !== undefined && this.rootGroupId !== undefined) await this.announceFailure(this.rootGroupId, this.error);
    this.outcomeValue = {
      groupId: this.groupId,
      archived: this.archived,
      failed: this.failed,
      duration: Math.round(performance.now() - this.started),
      ...(this.error === undefined ? {} : { error: this.error }),
      objectKeys: [...this.keys],
    };
    return this.outcomeValue;
  }

  /** Tells the group (its webhooks) that archival stopped; the next run retries, so a lost announcement is only logged. */
  private async announceFailure(rootGroupId: string, error: string): Promise<void> {
    const now = this.ctx.clock();
    const failure = makeEvent(
      'archival_failed',
      {
        id: deterministicUuidv7(`archival_failed:${this.ctx.runId}:${this.groupId}`, now),
        groupId: this.groupId,
        rootGroupId,
        timestamp: now,
        recordedAt: Date.now(),
      },
      { runId: this.ctx.runId, stage: this.failedStage, error, failed: this.failed },
    );
    try {
      await this.ctx.publisher.publish(TOPICS.events, [failure]);
    } catch (publishError) {
      this.ctx.log.error({ msg: 'archival_failed could not be published', groupId: this.groupId, error: messageOf(publishError) });
    }
  }

  private announcement(rootGroupId: string, cutoff: number): EventOf<'events_archived'> {
    const now = this.ctx.clock();
    const count = [...this.emitCounts.values()].reduce((a, b) => a + b, 0);
    const id = deterministicUuidv7(`events_archived:${this.ctx.runId}:${this.groupId}`, now);
    // Ingest time is the wall clock: the broker stamps records with it and rejects far-future ones.
    return makeEvent(
      'events_archived',
      { id, groupId: this.groupId, rootGroupId, timestamp: now, recordedAt: Date.now() },
      { count, cutoff, objectKeys: [...this.keys], runId: this.ctx.runId },
    );
  }
}

const idsByDay = (batch: readonly Verified[]): Map<string, string[]> => {
  const days = new Map<string, string[]>();
  for (const { day, ids } of batch) {
    if (day === null) continue;
    const list = days.get(day);
    if (list) list.push(...ids);
    else days.set(day, [...ids]);
  }
  return days;
};
