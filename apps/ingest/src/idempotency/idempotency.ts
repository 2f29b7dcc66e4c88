import { Injectable } from '@nestjs/common';
import type { Clock } from '@onescale/ontology';
import { deterministicUuidv7, isDuplicateKey, ProblemException, sha256Hex, uuidv7 } from '@onescale/platform';
import { InjectClock } from '../composition';
import { IngestConfig } from '../ingest.config';
import { WriteModel } from '../store/write-model';

/** Ids and time of one write request. With an Idempotency-Key both derive from the key, so a retry
 *  after a crash meets the rows the first attempt wrote instead of writing new ones. */
export interface RequestIds {
  readonly at: number;
  readonly batchId: string;
  /** What item ids derive from (`itemId`): the key's record, or else the batch id. */
  readonly seed: string;
  /** Whether item ids carry their index (`itemId`); false for a key first used before they did. */
  readonly ordered: boolean;
  id(kind: string, index: number): string;
}

/**
 * The id of item `index` of `kind` in a request: a UUIDv7 at the request's time, derived from its
 * seed. Derived rather than drawn, so an outbox record can name a batch's rows by their indexes.
 * `ordered` ids carry the index as their sequence: a batch's items sort in input order, so the
 * projector appends them to the end of each sorted list it keeps, however its own batches cut the
 * request (unordered ones, random within the millisecond, land across the list's chunks).
 */
export const itemId = (seed: string, kind: string, index: number, at: number, ordered: boolean): string =>
  deterministicUuidv7(`${seed}|${kind}|${index}`, at, ordered ? index : undefined);

const requestIds = (at: number, batchId: string, seed: string, ordered: boolean): RequestIds => ({
  at,
  batchId,
  seed,
  ordered,
  id: (kind, index) => itemId(seed, kind, index, at, ordered),
});

export interface Reply<T> {
  readonly status: number;
  readonly body: T;
  readonly replayed?: boolean;
}

const MAX_KEY_LENGTH = 200;

@Injectable()
export class Idempotency {
  constructor(
    private readonly model: WriteModel,
    private readonly config: IngestConfig,
    @InjectClock() private readonly now: Clock,
  ) {}

  /**
   * Runs `handler` once per key, or answers as the first time. `admit` (the pace) is awaited before
   * anything is claimed and released once the handler is done; a replay of a finished request
   * writes nothing and skips it, so a client retrying an answered write is never held back.
   */
  async run<T>(
    groupId: string,
    key: string | undefined,
    request: unknown,
    handler: (ids: RequestIds) => Promise<Reply<T>>,
    admit: () => Promise<() => void> = () => Promise.resolve(() => undefined),
  ): Promise<Reply<T>> {
    if (key === undefined) {
      const release = await admit();
      try {
        const at = this.now();
        const batchId = uuidv7(at);
        return await handler(requestIds(at, batchId, batchId, true));
      } finally {
        release();
      }
    }
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new ProblemException(400, 'invalid_idempotency_key', `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`, [
        { path: 'Idempotency-Key', message: `must be 1 to ${MAX_KEY_LENGTH} characters` },
      ]);
    }
    const _id = `${groupId}|${key}`;
    const requestHash = sha256Hex(JSON.stringify(request));
    const answered = await this.live(_id);
    if (answered?.state === 'done') return replayOf<T>(answered, requestHash);
    if (answered && this.busy(answered)) throw inProgress();
    const release = await admit();
    try {
      const record = await this.claim(_id, requestHash, answered);
      if (record.state === 'done') return replayOf<T>(record, requestHash);
      if (record.requestHash !== requestHash) throw keyReused();
      const seed = `${_id}|${record.createdAt}`;
      const batchId = deterministicUuidv7(`${seed}|batch`, record.createdAt);
      const reply = await handler(requestIds(record.createdAt, batchId, seed, record.orderedIds === true));
      await this.model.idempotency.replaceOne(
        { _id },
        { ...record, state: 'done', status: reply.status, response: JSON.stringify(reply.body) },
      );
      return reply;
    } finally {
      release();
    }
  }

  /** The record of a key, unless it is past the TTL (the sweep has not reached it yet: it counts as gone). */
  private async live(_id: string) {
    const existing = await this.model.idempotency.findOne({ _id });
    if (existing && existing.createdAt < this.now() - this.config.IDEMPOTENCY_TTL_MS) {
      await this.model.idempotency.deleteOne({ _id, createdAt: existing.createdAt });
      return null;
    }
    return existing;
  }

  /** A request under this key is being processed (not abandoned long enough to take over). */
  private busy(record: { state: string; createdAt: number }): boolean {
    return record.state === 'pending' && record.createdAt > this.now() - this.config.IDEMPOTENCY_TAKEOVER_MS;
  }

  /**
   * The record of a key: a new claim, a finished request, or one abandoned long enough to take over.
   * `seen`: what was read before the pace's wait; a pending record is read again after it.
   */
  private async claim(_id: string, requestHash: string, seen: Awaited<ReturnType<Idempotency['live']>>) {
    const existing = seen === null ? null : await this.live(_id);
    if (existing) {
      if (this.busy(existing)) throw inProgress();
      return existing;
    }
    const record = { _id, requestHash, state: 'pending' as const, createdAt: this.now(), orderedIds: true };
    try {
      await this.model.idempotency.insertOne(record);
      return record;
    } catch (error) {
      if (isDuplicateKey(error)) throw inProgress();
      throw error;
    }
  }
}

const keyReused = (): ProblemException =>
  new ProblemException(422, 'idempotency_key_reused', 'this Idempotency-Key was used with a different request');

/** A finished request's answer, replayed; the same key with another request is refused. */
const replayOf = <T>(record: { requestHash: string; status?: number; response?: string }, requestHash: string): Reply<T> => {
  if (record.requestHash !== requestHash) throw keyReused();
  return { status: record.status!, body: JSON.parse(record.response!) as T, replayed: true };
};

const inProgress = (): ProblemException =>
  new ProblemException(
    409,
    'idempotency_in_progress',
    'a request with this Idempotency-Key is still being processed; retry shortly',
    undefined,
    {},
    { 'Retry-After': '1' },
  );
