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
  /** The longest a write waits; then it goes ahead whatever the projector's state. */
  readonly maxWaitMs: number;
  /** A projector whose offsets have not moved for this long is not waited for. */
  readonly stallMs: number;
  /** How often a waiting write looks at the projector's state again. */
  readonly pollMs: number;
}

/** Why a write stopped waiting: it fits, or waiting would not help (or has lasted long enough). */
export type PaceOutcome = 'fits' | 'caught_up' | 'not_running' | 'stalled' | 'max_wait' | 'unknown';

export interface Admitted {
  readonly outcome: PaceOutcome;
  readonly waitedMs: number;
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
  /** Publications not yet known to be projected: the offset of each one's last event, and its count. */
  readonly entries: Array<{ offset: number; count: number }>;
  /** Items of admitted writes that have not finished yet. */
  inFlight: number;
}

/**
 * Keeps each tenant's writes within reach of the projector (SPEC §2 Isolation, §4 "always fresh"): a
 * write waits while its tenant already has `backlog` events published by this process and not yet
 * projected (its own writes still in flight included), then goes ahead. Only the tenant that builds
 * the backlog waits; another tenant's write on the same partition is admitted at once, and the
 * read models stay minutes fresh for everyone whatever one tenant sends.
 *
 * Waiting never refuses a write and never blocks it on the projector's health: a projector that is
 * not running (no members), stalled (offsets still for `stallMs`) or unreadable (Kafka's admin API
 * failing) is not waited for, and no write waits longer than `maxWaitMs`. The accounting is per
 * process and kept in memory (a restart forgets it, which only lets writes through).
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
  /** Partitions a write found stalled, at the offset they stood still at: later writes do not wait there again. */
  private readonly stalled = new Map<number, number | undefined>();

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
    tenant.entries.push({ offset: at.offset, count });
    if (tenant.entries.length > MAX_ENTRIES) {
      const [first, second] = tenant.entries.splice(0, 2);
      tenant.entries.unshift({ offset: second!.offset, count: first!.count + second!.count });
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
   * items then count as in flight until `release`.
   */
  async admit(rootGroupId: string, items: number): Promise<Admitted> {
    const started = this.clock.now();
    const outcome = this.options.backlog > 0 ? await this.wait(rootGroupId, items, started) : 'fits';
    const waitedMs = this.clock.now() - started;
    if (outcome !== 'fits') {
      paceWaitSeconds.observe({ outcome }, waitedMs / 1000);
      this.log.debug?.({ msg: 'write paced', rootGroupId, items, outcome, waitedMs: Math.round(waitedMs) });
    }
    if (this.options.backlog <= 0) return { outcome, waitedMs, release: () => undefined };
    const tenant = this.tenantOf(rootGroupId);
    tenant.inFlight += items;
    let released = false;
    return {
      outcome,
      waitedMs,
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
    const tenant = this.tenants.get(rootGroupId);
    if (!tenant || this.fits(tenant, items)) return 'fits';
    let lastCommitted = this.state.committed.get(tenant.partition);
    let movedAt = started;
    for (;;) {
      const state = await this.fresh();
      if (!state) return 'unknown';
      if (!state.running) return 'not_running';
      if (this.fits(tenant, items)) return 'caught_up';
      const now = this.clock.now();
      const committed = state.committed.get(tenant.partition);
      if (this.stalled.has(tenant.partition)) {
        if (this.stalled.get(tenant.partition) === committed) return 'stalled';
        this.stalled.delete(tenant.partition);
      }
      if (committed !== lastCommitted) {
        lastCommitted = committed;
        movedAt = now;
      }
      if (now - movedAt >= this.options.stallMs) {
        this.stalled.set(tenant.partition, committed);
        return 'stalled';
      }
      if (now - started >= this.options.maxWaitMs) return 'max_wait';
      await this.clock.sleep(this.options.pollMs);
    }
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

  /** The projector's state, read at most once per poll interval whoever asks; null if it cannot be read. */
  private fresh(): Promise<ProjectorState | null> {
    if (this.clock.now() - this.stateAt < this.options.pollMs) return Promise.resolve(this.last);
    this.reading ??= this.progress
      .read()
      .then(
        (state) => {
          this.state = this.last = state;
          this.stateAt = this.clock.now();
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
