import { nextUtcMonthStart, utcMonthStart, type Clock } from '@onescale/ontology';

/** What quota knows of a root group's api calls this month. `limit` null = unlimited. */
export interface ApiCallReading {
  readonly used: number;
  readonly limit: number | null;
  readonly resetAt: number;
}

export type Admission =
  | {
      readonly admitted: true;
      readonly quota?: { readonly limit: number | null; readonly remaining: number | null; readonly resetAt: number };
    }
  | { readonly admitted: false; readonly limit: number; readonly resetAt: number; readonly retryAfterSeconds: number };

/** Api calls counted but not yet published, per root group and month. */
export interface PendingUsage {
  readonly rootGroupId: string;
  readonly periodStart: number;
  readonly amount: number;
}

interface RootState {
  readonly periodStart: number;
  /** Calls this process admitted this month. */
  counted: number;
  /** Of those, how many were handed to the usage publisher (quota may or may not have them yet). */
  handedOff: number;
  /** A lower bound of this month's calls that are not this process's: max over readings of used − handedOff. */
  others?: number;
  limit?: number | null;
  resetAt: number;
  readAt?: number;
  failedAt?: number;
}

export type ReadingNeed = 'fresh' | 'stale' | 'missing';

/**
 * Counts api calls per root group in memory and decides admission against the monthly limit.
 * used = others + counted, where both terms are lower bounds of the truth: within one process the
 * limit holds exactly (a new group's first reading has others = 0 and every admitted call is
 * counted before the next is decided); across processes it holds to within one flush interval.
 */
export class ApiCallMeter {
  private readonly states = new Map<string, RootState>();
  private readonly pending = new Map<string, PendingUsage>();

  constructor(
    private readonly clock: Clock,
    private readonly readingTtlMs: number,
  ) {}

  need(rootGroupId: string): ReadingNeed {
    const now = this.clock();
    const state = this.state(rootGroupId, now);
    const failedRecently = state.failedAt !== undefined && now - state.failedAt < this.readingTtlMs;
    if (state.readAt === undefined) return failedRecently ? 'fresh' : 'missing';
    return now - state.readAt >= this.readingTtlMs && !failedRecently ? 'stale' : 'fresh';
  }

  applyReading(rootGroupId: string, reading: ApiCallReading): void {
    const now = this.clock();
    const state = this.state(rootGroupId, now);
    const others = reading.used - state.handedOff;
    state.others = state.others === undefined ? others : Math.max(state.others, others);
    state.limit = reading.limit;
    state.resetAt = reading.resetAt;
    state.readAt = now;
  }

  /** Quota could not be asked: admit without a limit (fail open) and ask again after the TTL. */
  readingFailed(rootGroupId: string): void {
    this.state(rootGroupId, this.clock()).failedAt = this.clock();
  }

  /** Forget what quota said (after a counter reset or a plan change): the next call reads again. */
  invalidate(rootGroupId: string): void {
    const state = this.states.get(rootGroupId);
    if (!state) return;
    state.others = undefined;
    state.limit = undefined;
    state.readAt = undefined;
    state.failedAt = undefined;
  }

  admit(rootGroupId: string): Admission {
    const now = this.clock();
    const state = this.state(rootGroupId, now);
    const used = (state.others ?? 0) + state.counted;
    if (typeof state.limit === 'number' && used >= state.limit) {
      return {
        admitted: false,
        limit: state.limit,
        resetAt: state.resetAt,
        retryAfterSeconds: Math.max(1, Math.ceil((state.resetAt - now) / 1000)),
      };
    }
    state.counted += 1;
    const key = `${rootGroupId}|${state.periodStart}`;
    this.pending.set(key, { rootGroupId, periodStart: state.periodStart, amount: (this.pending.get(key)?.amount ?? 0) + 1 });
    if (state.limit === undefined) return { admitted: true };
    const remaining = state.limit === null ? null : Math.max(0, state.limit - used - 1);
    return { admitted: true, quota: { limit: state.limit, remaining, resetAt: state.resetAt } };
  }

  /** Hands every pending count to the publisher (one record per root group and month). */
  drain(): PendingUsage[] {
    const drained = [...this.pending.values()];
    this.pending.clear();
    for (const usage of drained) {
      const state = this.states.get(usage.rootGroupId);
      if (state && state.periodStart === usage.periodStart) state.handedOff += usage.amount;
    }
    return drained;
  }

  private state(rootGroupId: string, now: number): RootState {
    const periodStart = utcMonthStart(now);
    let state = this.states.get(rootGroupId);
    if (!state || state.periodStart !== periodStart) {
      // A new month starts from zero; quota must be read again for it.
      state = { periodStart, counted: 0, handedOff: 0, resetAt: nextUtcMonthStart(now) };
      this.states.set(rootGroupId, state);
    }
    return state;
  }
}
