import { Injectable, Logger } from '@nestjs/common';
import { ProblemException } from '@onescale/platform';
import type { RateLimit } from '../auth/caller';
import { rateLimitOutcomes } from '../gateway.metrics';
import { retryAfterSeconds, windowsAt } from './rate-window';
import { RateWindowsRepository } from './rate-windows.repository';

/**
 * Per-key request rates across every gateway process (SPEC §5): an admitted request holds a slot of
 * its second and of its minute in the shared store, so exactly the limit is admitted per window
 * whichever processes the requests reach. Once a window is full this process refuses the rest of
 * it without asking the store; keys without a limit cost nothing. If the store cannot answer,
 * requests are admitted (a rate limit protects service; it must not take it down).
 */
@Injectable()
export class RateLimiter {
  private readonly log = new Logger('rate-limits');
  /** Keys whose window is full, and until when. */
  private readonly full = new Map<string, number>();

  constructor(private readonly windows: RateWindowsRepository) {}

  /** Throws 429 `rate_limited` with Retry-After when the key has used its rate of this second or minute. */
  async admit(keyId: string, limit: RateLimit, now = Date.now()): Promise<void> {
    const until = this.full.get(keyId);
    if (until !== undefined && now < until) throw refusal(limit, until, now, 'local');
    if (until !== undefined) this.full.delete(keyId);
    let full;
    try {
      full = await this.windows.take(keyId, windowsAt(limit, now));
    } catch (error) {
      rateLimitOutcomes.inc({ outcome: 'store_failed' });
      this.log.warn({ msg: 'rate windows cannot be counted; admitting', keyId, error: (error as Error).message });
      return;
    }
    if (full) {
      this.full.set(keyId, full.end);
      throw refusal(limit, full.end, now, 'counted');
    }
    rateLimitOutcomes.inc({ outcome: 'admitted' });
  }
}

const refusal = (limit: RateLimit, until: number, now: number, how: 'local' | 'counted'): ProblemException => {
  rateLimitOutcomes.inc({ outcome: `refused_${how}` });
  const retryAfter = retryAfterSeconds(until, now);
  return new ProblemException(
    429,
    'rate_limited',
    `this key's rate limit (${describe(limit)}) is used up; retry in ${retryAfter} s`,
    undefined,
    { rateLimit: limit, retryAfter },
    { 'Retry-After': String(retryAfter) },
  );
};

const describe = ({ perSecond, perMinute }: RateLimit): string =>
  [perSecond === undefined ? null : `${perSecond}/s`, perMinute === undefined ? null : `${perMinute}/min`]
    .filter((p) => p !== null)
    .join(', ');
