import { Injectable, Logger } from '@nestjs/common';
import { Cron, Interval } from '@nestjs/schedule';
import { utcMonthStart } from '@onescale/ontology';
import { AppliedUsage } from '../usage/applied-usage.repository';
import { counterKey, parseCounterKey } from './counter-doc';
import { CounterStore } from './counter-store';

/** An api-call counter of a month before the previous one: closed, nothing counts in it any more. */
export const isClosedPeriod =
  (now: number) =>
  (key: string): boolean => {
    const parsed = parseCounterKey(key);
    const previousMonth = utcMonthStart(utcMonthStart(now) - 1);
    return parsed !== null && parsed.metric === 'api_calls_per_month' && parsed.periodStart < previousMonth;
  };

/**
 * Keeps the counters lean and fresh. Api-call counters need no reset job: a new UTC month is a new
 * key (`periodStartFor`), so "resetting" is reading another counter. What runs on a schedule:
 * - every 30 s, one pass over the log re-validates the states held in memory (written elsewhere?);
 * - every minute, log entries older than the prune age beyond the newest 3 per key are dropped;
 * - at 00:00 UTC on the 1st, closed months' api-call counters are reduced to their final entry;
 * - daily at 00:30 UTC, usage-event claims past their retention are dropped.
 */
@Injectable()
export class CounterMaintenance {
  private readonly logger = new Logger('maintenance');

  constructor(
    private readonly counters: CounterStore,
    private readonly applied: AppliedUsage,
  ) {}

  /** POST …/quotas/reset: this month's api-call counter back to 0 (offsets and reservations stay). */
  async resetApiCalls(rootGroupId: string, now: number): Promise<{ periodStart: number; previousValue: number }> {
    const periodStart = utcMonthStart(now);
    const { before } = await this.counters.update(counterKey(rootGroupId, 'api_calls_per_month', periodStart), (doc) =>
      doc.used === 0 ? null : { ...doc, used: 0 },
    );
    this.logger.log({ msg: 'api-call counter reset', rootGroupId, periodStart, previousValue: before.used });
    return { periodStart, previousValue: before.used };
  }

  @Interval(30_000)
  async refresh(): Promise<void> {
    await this.guard('refreshing counters', () => this.counters.refresh());
  }

  @Interval(60_000)
  async prune(): Promise<void> {
    await this.guard('pruning counter entries', () => this.counters.prune(() => false));
  }

  @Cron('0 0 1 * *', { timeZone: 'UTC' })
  async monthly(): Promise<void> {
    await this.guard('closing last months', async () => {
      const deleted = await this.counters.prune(isClosedPeriod(Date.now()));
      this.logger.log({ msg: 'monthly counter pruning done', deleted });
    });
  }

  @Cron('0 30 0 * * *', { timeZone: 'UTC' })
  async daily(): Promise<void> {
    await this.guard('pruning usage claims', async () => {
      const deleted = await this.applied.prune(Date.now());
      this.logger.log({ msg: 'usage claims pruned', deleted });
    });
  }

  /** One failed run is logged and retried next time; it never stops the schedule. */
  private async guard(what: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.logger.warn({ msg: `${what} failed; the next run retries`, error: (error as Error).message });
    }
  }
}
