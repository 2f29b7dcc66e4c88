import { Injectable, Logger } from '@nestjs/common';
import { ProblemException } from '@onescale/platform';
import type { RateLimit } from '../auth/caller';
import { rateLimitOutcomes } from '../gateway.metrics';
import { retryAfterSeconds, windowsAt } from './rate-window';
import { RateWindowsRepository } from './rate-windows.repository';

/** Reads of one key this process forwards at once while their slots are still being taken. */
export const MAX_AHEAD = 8;

/** An admission being counted; `ahead` says whether work without side effects may start before it settles. */
export interface PendingAdmission {
  readonly decided: Promise<void>;
  readonly ahead: boolean;
}

/**
 * Why an admission refused the request, or null if it admitted it (or there is none). A request
 * that failed elsewhere while its admission was being counted answers with the refusal first, as if
 * the admission had been awaited before anything else.
 */
export const refusalOf = (decided: Promise<void> | undefined): Promise<unknown> =>
  decided === undefined
    ? Promise.resolve(null)
    : decided.then(
        () => null,
        (refusal: unknown) => refusal,
      );

/**
 * Per-key request rates across every gateway process (SPEC §5): an admitted request holds a slot of
 * its second and of its minute in the shared store, so exactly the limit is admitted per window
 * whichever processes the requests reach. Once a window is full this process refuses the rest of
 * it without asking the store; keys without a limit cost nothing. If the store cannot answer,
 * requests are admitted (a rate limit protects service; it must not take it down).
 *
 * Taking a slot is a round trip to the store, so a read may go ahead while it is taken: the app
 * answers meanwhile and the answer waits for the decision (a refusal replaces it). At most
 * MAX_AHEAD reads of a key go ahead at once, and none once its window is known full, so a key over
 * its rate costs the apps at most that many discarded reads per window.
 */
@Injectable()
export class RateLimiter {
  private readonly log = new Logger('rate-limits');
  /** Keys whose window is full, and until when. */
  private readonly full = new Map<string, number>();
  /** Reads gone ahead of their admission, per key. */
  private readonly goneAhead = new Map<string, number>();

  constructor(private readonly windows: RateWindowsRepository) {}

  /** Starts counting a request; `mayGoAhead` when it has no side effects (a read). */
  begin(keyId: string, limit: RateLimit, mayGoAhead: boolean, now = Date.now()): PendingAdmission {
    const until = this.full.get(keyId);
    const ahead = mayGoAhead && !(until !== undefined && now < until) && (this.goneAhead.get(keyId) ?? 0) < MAX_AHEAD;
    const decided = this.admit(keyId, limit, now);
    if (!ahead) return { decided, ahead };
    this.goneAhead.set(keyId, (this.goneAhead.get(keyId) ?? 0) + 1);
    const settled = (): void => {
      const left = (this.goneAhead.get(keyId) ?? 1) - 1;
      if (left > 0) this.goneAhead.set(keyId, left);
      else this.goneAhead.delete(keyId);
    };
    decided.then(settled, settled);
    return { decided, ahead };
  }

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
