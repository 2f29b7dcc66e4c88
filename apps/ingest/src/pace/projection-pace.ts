import { Logger } from '@nestjs/common';
import { Histogram } from 'prom-client';

/** What the projector's consumer group has applied of the events topic. */
export interface ProjectorState {
  /** The group has members: a projector is running and will move on. */
  readonly running: boolean;
  /** Per partition, the next offset the group will apply (everything below it is projected). */
  readonly committed: ReadonlyMap<number, number>;
}

/** Reads the projector's state (Kafka's view of its consumer group, projector-progress.ts). */
export abstract class ProjectorProgress {
  abstract read(): Promise<ProjectorState>;
}

export interface PaceOptions {
  /** A tenant's events written but not yet projected, at most (0: no pacing). */
  readonly backlog: number;
  /**
   * The longest a write waits for a projector that moves; then it is refused (429, retry later) if its
   * tenant has a full backlog outstanding, and goes ahead if not (the projector is busy with others).
   */
  readonly maxWaitMs: number;
  /** A projector whose offsets have not moved for this long while a tenant's events wait is not waited for. */
  readonly stallMs: number;
  /** How often a waiting write looks at the projector's state again. */
  readonly pollMs: number;
  /**
   * How long a waiting write waits for one read of that state (READ_TIMEOUT_MS by default); then
   * it goes ahead as if the read had failed (`unknown`). During a broker outage the client retries a
   * read for many seconds.
   */
  readonly readTimeoutMs?: number;
}

const READ_TIMEOUT_MS = 2000;

/**
 * Why a write stopped waiting: it fits, or waiting would not help (it goes ahead), or the longest wait
 * passed: `refused` (the write is not made) while its tenant has a full backlog outstanding,
 * `max_wait` (it goes ahead) while the projector is busy with other tenants' events.
 */
export type PaceOutcome = 'fits' | 'caught_up' | 'not_running' | 'stalled' | 'max_wait' | 'refused' | 'unknown';

export interface Admitted {
  readonly outcome: PaceOutcome;
  readonly waitedMs: number;
  /** Whether the write may go ahead; if not (`refused`), its items are not counted. */
  readonly admitted: boolean;
  /** The tenant's events outstanding and items in flight when the write stopped waiting. */
  readonly backlog: number;
  /** Call once the write has published its events (or failed): its items stop counting as in flight. */
  release(): void;
}

export const paceWaitSeconds = new Histogram({
  name: 'onescale_ingest_pace_wait_seconds',
  help: 'Time a write waited for the projector to apply its tenant’s earlier events, by why it stopped waiting',
  labelNames: ['outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

/** Publications remembered per tenant before the oldest two are merged (the sum stays exact). */
const MAX_ENTRIES = 256;
/** How often writes refresh the projector's state to forget projected publications of every tenant. */
const SWEEP_MS = 1000;

interface Tenant {
  partition: number;
  /**
   * Publications not yet known to be projected: the offset of each one's last event, its count, and
   * when it was published.
   */
  readonly entries: Array<{ offset: number; count: number; at: number }>;
  /** Items of admitted writes that have not finished yet. */
  inFlight: number;
}

/**
 * Keeps each tenant's writes within reach of the projector (SPEC §2 Isolation, §4 "always fresh"): a
 * write waits while its tenant already has `backlog` events published by this process and not yet
 * projected (its own writes still in flight included), then goes ahead. Only the tenant that builds
 * the backlog waits; another tenant's write on the same partition is admitted at once, and the
 * read models stay seconds fresh for everyone whatever one tenant sends.
 *
 * A write that still does not fit after `maxWaitMs` is refused (the caller answers 429) if its tenant
 * has a full backlog outstanding: however many requests a tenant sends at once, its backlog stays
 * within the limit plus one write (admitted short of it), so it cannot push the projector behind for
 * the tenants that share it. A tenant with less outstanding goes ahead then: the projector is busy
 * with others' events (a replay, a neighbour's backlog), and refusing would only turn their delay
 * into this tenant's outage. The projector's health never blocks writes: one that is not running (no
 * members), stalled (offsets still for `stallMs` while the tenant's events wait) or unreadable
 * (Kafka's admin API failing) is not waited for. The accounting is per process and kept in memory (a
 * restart forgets it, which only lets writes through).
 */
export class ProjectionPace {
  private readonly log = new Logger('pace');
  private readonly tenants = new Map<string, Tenant>();
  /** The last state read successfully: what `outstanding` forgets by. */
  private state: ProjectorState = { running: false, committed: new Map() };
  /** The answer of the last read (null: it failed), and when it came. */
  private last: ProjectorState | null = null;
  private stateAt = -Infinity;
  private reading: Promise<ProjectorState | null> | null = null;
  /** Per partition, the committed offset last read and since when it has stood there. */
  private readonly still = new Map<number, { committed: number | undefined; since: number }>();

  constructor(
    private readonly progress: ProjectorProgress,
    private readonly options: PaceOptions,
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> } = {
      now: () => performance.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  ) {}

  /** Records a publication of `count` events of a tenant whose last one landed at `at`. */
  published(rootGroupId: string, at: { partition: number; offset: number }, count: number): void {
    if (this.options.backlog <= 0 || count <= 0) return;
    const tenant = this.tenantOf(rootGroupId);
    if (tenant.partition !== at.partition) {
      // The first publication (or the topic's partitions changed): what was counted elsewhere is moot.
      tenant.partition = at.partition;
      tenant.entries.length = 0;
    }
    tenant.entries.push({ offset: at.offset, count, at: this.clock.now() });
    if (tenant.entries.length > MAX_ENTRIES) {
      const [first, second] = tenant.entries.splice(0, 2);
      tenant.entries.unshift({ offset: second!.offset, count: first!.count + second!.count, at: first!.at });
    }
    // Now and then, forget what every tenant has had projected, waiting or not.
    if (this.clock.now() - this.stateAt >= SWEEP_MS) void this.fresh().then((state) => state && this.sweep());
  }

  /** Events of the tenant published and not projected, plus the items of its writes in flight. */
  backlogOf(rootGroupId: string): number {
    const tenant = this.tenants.get(rootGroupId);
    return tenant ? this.outstanding(tenant) + tenant.inFlight : 0;
  }

  /**
   * Waits, if the tenant's backlog is full, until `items` more fit (or waiting stops helping); the
   * items of an admitted write then count as in flight until `release`.
   */
  async admit(rootGroupId: string, items: number): Promise<Admitted> {
    const started = this.clock.now();
    if (this.options.backlog <= 0) return { outcome: 'fits', waitedMs: 0, admitted: true, backlog: 0, release: () => undefined };
    // An admitted write's items are counted by `wait` when it decides, before any other write resumes.
    const outcome = await this.wait(rootGroupId, items, started);
    const waitedMs = this.clock.now() - started;
    const backlog = this.backlogOf(rootGroupId);
    if (outcome !== 'fits') {
      paceWaitSeconds.observe({ outcome }, waitedMs / 1000);
      this.log.debug?.({ msg: 'write paced', rootGroupId, items, outcome, backlog, waitedMs: Math.round(waitedMs) });
    }
    if (outcome === 'refused') return { outcome, waitedMs, admitted: false, backlog, release: () => undefined };
    const tenant = this.tenantOf(rootGroupId);
    let released = false;
    return {
      outcome,
      waitedMs,
      admitted: true,
      backlog,
      release: () => {
        if (released) return;
        released = true;
        tenant.inFlight -= items;
        if (tenant.inFlight === 0 && tenant.entries.length === 0 && this.tenants.get(rootGroupId) === tenant)
          this.tenants.delete(rootGroupId);
      },
    };
  }

  private async wait(rootGroupId: string, items: number, started: number): Promise<PaceOutcome> {
    /** Admits the write: its items count from this moment, so the next write to decide sees them. */
    const go = (outcome: PaceOutcome): PaceOutcome => {
      this.tenantOf(rootGroupId).inFlight += items;
      return outcome;
    };
    if (this.fits(this.tenantOf(rootGroupId), items)) return go('fits');
    for (;;) {
      const state = await this.fresh();
      if (!state) return go('unknown');
      if (!state.running) return go('not_running');
      // Looked up again after each wait: a sweep may have forgotten a tenant it found empty.
      const tenant = this.tenantOf(rootGroupId);
      if (this.fits(tenant, items)) return go('caught_up');
      const now = this.clock.now();
      if (now - this.waitingSince(tenant) >= this.options.stallMs) return go('stalled');
      if (now - started >= this.options.maxWaitMs)
        return this.outstanding(tenant) + tenant.inFlight >= this.options.backlog ? 'refused' : go('max_wait');
      await this.clock.sleep(this.options.pollMs);
    }
  }

  /**
   * Since when the tenant's oldest outstanding events have waited on a projector that did not move:
   * the later of their publication and the last move of the partition's committed offset. Writes in
   * flight alone are not the projector's to apply: then it is never stalled for this tenant.
   */
  private waitingSince(tenant: Tenant): number {
    const oldest = tenant.entries[0];
    if (!oldest) return Infinity;
    return Math.max(oldest.at, this.still.get(tenant.partition)?.since ?? oldest.at);
  }

  /** Whether `items` more stay within the backlog; a tenant with nothing outstanding always may write. */
  private fits(tenant: Tenant, items: number): boolean {
    const backlog = this.outstanding(tenant) + tenant.inFlight;
    return backlog === 0 || backlog + items <= this.options.backlog;
  }

  /** Forgets the publications the projector has applied (by the last state read) and sums the rest. */
  private outstanding(tenant: Tenant): number {
    const committed = this.state.committed.get(tenant.partition) ?? 0;
    let applied = 0;
    while (applied < tenant.entries.length && tenant.entries[applied]!.offset < committed) applied++;
    if (applied > 0) tenant.entries.splice(0, applied);
    return tenant.entries.reduce((sum, e) => sum + e.count, 0);
  }

  private tenantOf(rootGroupId: string): Tenant {
    let tenant = this.tenants.get(rootGroupId);
    if (!tenant) {
      tenant = { partition: -1, entries: [], inFlight: 0 };
      this.tenants.set(rootGroupId, tenant);
    }
    return tenant;
  }

  private sweep(): void {
    for (const [rootGroupId, tenant] of this.tenants) {
      if (this.outstanding(tenant) === 0 && tenant.inFlight === 0) this.tenants.delete(rootGroupId);
    }
  }

  /**
   * The projector's state, read at most once per poll interval whoever asks; null if it cannot be
   * read, or not within the read timeout (the read goes on, and no other starts until it ends).
   */
  private fresh(): Promise<ProjectorState | null> {
    if (this.clock.now() - this.stateAt < this.options.pollMs) return Promise.resolve(this.last);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn({ msg: 'the projector’s progress was not read in time; the write goes ahead unpaced' });
        resolve(null);
      }, this.options.readTimeoutMs ?? READ_TIMEOUT_MS);
      timer.unref();
    });
    return Promise.race([this.read(), timedOut]).finally(() => clearTimeout(timer));
  }

  private read(): Promise<ProjectorState | null> {
    this.reading ??= this.progress
      .read()
      .then(
        (state) => {
          const now = this.clock.now();
          this.state = this.last = state;
          this.stateAt = now;
          for (const [partition, committed] of state.committed) {
            if (this.still.get(partition)?.committed !== committed) this.still.set(partition, { committed, since: now });
          }
          return state;
        },
        (error: unknown) => {
          this.last = null;
          this.stateAt = this.clock.now();
          this.log.warn({ msg: 'the projector’s progress could not be read; writes go ahead unpaced', err: (error as Error).message });
          return null;
        },
      )
      .finally(() => (this.reading = null));
    return this.reading;
  }
}
