import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { AppendLog, InjectMongo, ReadinessRegistry, type LogEntry } from '@onescale/platform';
import { QuotaConfig } from '../quota.config';
import { EMPTY_DOC, type CounterDoc } from './counter-doc';
import { KeyedBatcher, type Change, type Transition } from './keyed-batcher';

interface Head {
  readonly state: CounterDoc;
  readonly seq: number;
  /** When this state was last known to be the latest (read, appended, or confirmed by a refresh). */
  validatedAt: number;
}

/** Entries are pruned only when this many trust windows old: a trusted head is never a pruned one. */
export const PRUNE_AGE_FACTOR = 5;
const MIN_PRUNE_AGE_MS = 10 * 60_000;

/**
 * The counters: an AppendLog (collection `counters`) whose inserts under a unique `_id` are the one
 * atomic write FerretDB offers, plus the latest state of every key held in memory. On FerretDB every
 * query scans the whole collection while an insert uses the unique index, so a write appends on top
 * of the head it holds (`updateFrom`, no read) and only re-reads after a lost race (another process).
 * Changes to one key are serialised and group-committed in this process (KeyedBatcher).
 */
@Injectable()
export class CounterStore implements OnModuleInit {
  private readonly logger = new Logger('counters');
  readonly log: AppendLog<CounterDoc>;
  private readonly heads = new Map<string, Head>();
  private readonly batcher = new KeyedBatcher<CounterDoc>((key, change) => this.commit(key, change));
  /** Start of the last full pass: keys absent from it did not exist then. */
  private refreshedAt = -Infinity;
  private loading: Promise<void> | null = null;

  constructor(
    @InjectMongo() connection: Connection,
    private readonly config: QuotaConfig,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.log = new AppendLog<CounterDoc>(connection.db!.collection<LogEntry<CounterDoc>>('counters'));
  }

  onModuleInit(): void {
    this.readiness.register('counters', () => this.ready());
    void this.ready().catch((error: Error) => this.logger.warn({ msg: 'loading the counters failed; will retry', error: error.message }));
  }

  /** Resolves once the counters have been loaded (retried on the next call after a failure). */
  ready(): Promise<void> {
    this.loading ??= this.log
      .ensureIndexes()
      .then(() => this.refresh())
      .catch((error: unknown) => {
        this.loading = null;
        throw error;
      });
    return this.loading;
  }

  /** One pass over the log: adopts newer states (written elsewhere) and re-validates the rest. */
  async refresh(): Promise<void> {
    const started = Date.now();
    for (const [key, latest] of await this.log.latestAll()) {
      const head = this.heads.get(key);
      if (!head || latest.seq > head.seq) this.heads.set(key, { ...latest, validatedAt: started });
      else if (latest.seq === head.seq) head.validatedAt = Math.max(head.validatedAt, started);
    }
    this.refreshedAt = Math.max(this.refreshedAt, started);
  }

  /** The latest state of a key (EMPTY_DOC when it has none). */
  async read(key: string): Promise<CounterDoc> {
    await this.ready();
    return (await this.trustedHead(key)).state;
  }

  /** Applies `change` to the latest state of `key`, atomically with respect to every other writer. */
  async update(key: string, change: Change<CounterDoc>): Promise<Transition<CounterDoc>> {
    await this.ready();
    return this.batcher.run(key, change);
  }

  /** Keys and states held (the latest of every key this process knows). */
  *entries(): IterableIterator<[string, CounterDoc]> {
    for (const [key, head] of this.heads) yield [key, head.state];
  }

  /** Drops old log entries; keys that `closed` names keep only their latest entry. */
  prune(closed: (key: string) => boolean): Promise<number> {
    const age = Math.max(MIN_PRUNE_AGE_MS, PRUNE_AGE_FACTOR * this.config.COUNTER_TRUST_MS);
    return this.log.pruneAll(3, Date.now() - age, closed);
  }

  private async trustedHead(key: string): Promise<{ state: CounterDoc; seq: number }> {
    const horizon = Date.now() - this.config.COUNTER_TRUST_MS;
    const head = this.heads.get(key);
    if (head && head.validatedAt >= horizon) return head;
    if (!head && this.refreshedAt >= horizon) return { state: EMPTY_DOC, seq: 0 };
    const readAt = Date.now();
    const latest = (await this.log.latest(key)) ?? { state: EMPTY_DOC, seq: 0 };
    return this.adopt(key, latest, readAt);
  }

  private async commit(key: string, change: Change<CounterDoc>): Promise<void> {
    const head = await this.trustedHead(key);
    const at = Date.now();
    const appended = await this.log.updateFrom(key, head, EMPTY_DOC, change);
    // A declined change proves nothing new about the head, so it does not extend its trust.
    if (appended.changed) this.adopt(key, appended, at);
  }

  private adopt(key: string, latest: { state: CounterDoc; seq: number }, validatedAt: number): Head {
    const head = this.heads.get(key);
    if (head && head.seq > latest.seq) return head;
    const next = {
      state: latest.state,
      seq: latest.seq,
      validatedAt: Math.max(validatedAt, head?.seq === latest.seq ? head.validatedAt : -Infinity),
    };
    this.heads.set(key, next);
    return next;
  }
}
