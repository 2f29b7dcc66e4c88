import { ProblemException } from '@onescale/platform';
import { MAX_AHEAD, RateLimiter, refusalOf } from './rate-limiter';
import type { RateWindow } from './rate-window';
import type { RateWindowsRepository } from './rate-windows.repository';

/** The shared store's answers, given by the test one at a time (the store itself is tested in rate-windows.int-spec.ts). */
class HeldWindows {
  readonly pending: Array<(full: RateWindow | null) => void> = [];

  take(): Promise<RateWindow | null> {
    return new Promise((resolve) => this.pending.push(resolve));
  }

  answer(full: RateWindow | null): void {
    this.pending.shift()!(full);
  }
}

const at = Date.UTC(2026, 11, 5, 20, 30, 42, 250);
const limit = { perSecond: 2 };
const secondFull: RateWindow = { window: 'second', start: at - 250, end: at + 750, limit: 2 };

describe('rate limiter: reads ahead of their admission', () => {
  let windows: HeldWindows;
  let limiter: RateLimiter;
  beforeEach(() => {
    windows = new HeldWindows();
    limiter = new RateLimiter(windows as unknown as RateWindowsRepository);
  });

  it('lets a read go ahead while its slot is taken, and never a write', async () => {
    const read = limiter.begin('k', limit, true, at);
    const write = limiter.begin('k', limit, false, at);
    expect([read.ahead, write.ahead]).toEqual([true, false]);
    windows.answer(null);
    windows.answer(null);
    await expect(read.decided).resolves.toBeUndefined();
    await expect(write.decided).resolves.toBeUndefined();
  });

  it(`lets at most ${MAX_AHEAD} reads of one key go ahead at once, and more once they are decided`, async () => {
    const first = Array.from({ length: MAX_AHEAD + 1 }, () => limiter.begin('k', limit, true, at));
    expect(first.map((p) => p.ahead)).toEqual([...Array<boolean>(MAX_AHEAD).fill(true), false]);
    expect(limiter.begin('other', limit, true, at).ahead).toBe(true);
    windows.answer(null);
    await first[0]!.decided;
    expect(limiter.begin('k', limit, true, at).ahead).toBe(true);
    expect(limiter.begin('k', limit, true, at).ahead).toBe(false);
  });

  it('lets no read go ahead once the window is known full, and refuses it with Retry-After', async () => {
    const refused = limiter.begin('k', limit, true, at);
    windows.answer(secondFull);
    const problem = await refused.decided.then(
      () => null,
      (e: unknown) => e,
    );
    expect(problem).toBeInstanceOf(ProblemException);
    expect((problem as ProblemException).getStatus()).toBe(429);
    expect((problem as ProblemException).headers).toEqual({ 'Retry-After': '1' });
    const next = limiter.begin('k', limit, true, at + 10);
    expect(next.ahead).toBe(false);
    await expect(next.decided).rejects.toBeInstanceOf(ProblemException);
    expect(windows.pending).toHaveLength(0);
    expect(limiter.begin('k', limit, true, secondFull.end).ahead).toBe(true);
  });
});

describe('refusalOf', () => {
  it('names the refusal of a refused admission, and nothing for an admitted or absent one', async () => {
    const refusal = new ProblemException(429, 'rate_limited', 'over the rate');
    const refused = Promise.reject(refusal);
    refused.catch(() => undefined);
    expect(await refusalOf(refused)).toBe(refusal);
    expect(await refusalOf(Promise.resolve())).toBeNull();
    expect(await refusalOf(undefined)).toBeNull();
  });
});
