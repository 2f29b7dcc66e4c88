import { ApiCallMeter } from './api-call-meter';

const JUNE_10 = Date.UTC(2026, 5, 10, 12);
const JULY_1 = Date.UTC(2026, 6, 1);

function meterAt(start = JUNE_10, ttl = 1000) {
  let now = start;
  const meter = new ApiCallMeter(() => now, ttl);
  return { meter, advance: (ms: number) => (now += ms), set: (t: number) => (now = t) };
}

const admitN = (meter: ApiCallMeter, root: string, n: number) => Array.from({ length: n }, () => meter.admit(root));

describe('ApiCallMeter', () => {
  it('needs a reading before it can enforce, then counts down to exactly the limit', () => {
    const { meter } = meterAt();
    expect(meter.need('g')).toBe('missing');
    meter.applyReading('g', { used: 997, limit: 1000, resetAt: JULY_1 });
    const results = admitN(meter, 'g', 4);
    expect(results.map((r) => r.admitted)).toEqual([true, true, true, false]);
    expect(results[2]).toEqual({ admitted: true, quota: { limit: 1000, remaining: 0, resetAt: JULY_1 } });
    expect(results[3]).toEqual({ admitted: false, limit: 1000, resetAt: JULY_1, retryAfterSeconds: (JULY_1 - JUNE_10) / 1000 });
  });

  it('never counts calls twice when quota has consumed what was flushed', () => {
    // given 10 calls admitted and flushed, and quota has applied them
    const { meter, advance } = meterAt();
    meter.applyReading('g', { used: 0, limit: 12, resetAt: JULY_1 });
    admitN(meter, 'g', 10);
    expect(meter.drain()).toEqual([{ rootGroupId: 'g', periodStart: Date.UTC(2026, 5, 1), amount: 10 }]);
    advance(1500);
    expect(meter.need('g')).toBe('stale');
    meter.applyReading('g', { used: 10, limit: 12, resetAt: JULY_1 });
    // then only 2 more fit
    expect(admitN(meter, 'g', 3).map((r) => r.admitted)).toEqual([true, true, false]);
  });

  it('keeps counting flushed calls that quota has not consumed yet', () => {
    const { meter, advance } = meterAt();
    meter.applyReading('g', { used: 0, limit: 5, resetAt: JULY_1 });
    admitN(meter, 'g', 4);
    meter.drain();
    advance(1500);
    meter.applyReading('g', { used: 0, limit: 5, resetAt: JULY_1 }); // consumer lag: quota still says 0
    expect(admitN(meter, 'g', 2).map((r) => r.admitted)).toEqual([true, false]);
  });

  it('sees calls made through other processes when quota reports them', () => {
    const { meter, advance } = meterAt();
    meter.applyReading('g', { used: 0, limit: 100, resetAt: JULY_1 });
    admitN(meter, 'g', 5);
    advance(1500);
    meter.applyReading('g', { used: 95, limit: 100, resetAt: JULY_1 }); // 95 calls elsewhere
    expect(admitN(meter, 'g', 1)[0]).toEqual({ admitted: false, limit: 100, resetAt: JULY_1, retryAfterSeconds: expect.any(Number) });
  });

  it('starts over after a counter reset, when told to read again', () => {
    const { meter } = meterAt();
    meter.applyReading('g', { used: 0, limit: 3, resetAt: JULY_1 });
    admitN(meter, 'g', 3);
    meter.drain();
    expect(meter.admit('g').admitted).toBe(false);
    meter.invalidate('g');
    expect(meter.need('g')).toBe('missing');
    meter.applyReading('g', { used: 0, limit: 3, resetAt: JULY_1 });
    expect(admitN(meter, 'g', 4).map((r) => r.admitted)).toEqual([true, true, true, false]);
  });

  it('starts each UTC month from zero and publishes each month separately', () => {
    const { meter, set } = meterAt(JULY_1 - 10);
    meter.applyReading('g', { used: 2, limit: 3, resetAt: JULY_1 });
    meter.admit('g');
    expect(meter.admit('g').admitted).toBe(false);
    set(JULY_1 + 10);
    expect(meter.need('g')).toBe('missing');
    meter.applyReading('g', { used: 0, limit: 3, resetAt: Date.UTC(2026, 7, 1) });
    meter.admit('g');
    expect(meter.drain()).toEqual([
      { rootGroupId: 'g', periodStart: Date.UTC(2026, 5, 1), amount: 1 },
      { rootGroupId: 'g', periodStart: JULY_1, amount: 1 },
    ]);
  });

  it('admits without headers while quota cannot be read, and retries after the TTL', () => {
    const { meter, advance } = meterAt();
    meter.readingFailed('g');
    expect(meter.need('g')).toBe('fresh');
    expect(meter.admit('g')).toEqual({ admitted: true });
    advance(1000);
    expect(meter.need('g')).toBe('missing');
  });

  it('reports unlimited plans with null limit and remaining', () => {
    const { meter } = meterAt();
    meter.applyReading('g', { used: 5_000_000, limit: null, resetAt: JULY_1 });
    expect(meter.admit('g')).toEqual({ admitted: true, quota: { limit: null, remaining: null, resetAt: JULY_1 } });
  });

  it('batches counts: one pending record per root group, emptied by drain', () => {
    const { meter } = meterAt();
    admitN(meter, 'a', 3);
    admitN(meter, 'b', 2);
    expect(meter.drain().map((u) => [u.rootGroupId, u.amount])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(meter.drain()).toEqual([]);
  });
});
