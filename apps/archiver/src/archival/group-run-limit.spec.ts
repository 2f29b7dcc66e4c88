import { GROUP_RUNS_PER_HOUR, HOUR_MS, groupRunAllowance } from './group-run-limit';

const now = 10 * HOUR_MS;
const minutesAgo = (...m: number[]) => m.map((x) => now - x * 60_000);

describe('groupRunAllowance', () => {
  it('allows up to six starts in the last hour', () => {
    expect(GROUP_RUNS_PER_HOUR).toBe(6);
    expect(groupRunAllowance([], now)).toEqual({ ok: true });
    expect(groupRunAllowance(minutesAgo(1, 2, 3, 4, 5), now)).toEqual({ ok: true });
  });

  it('refuses the seventh until the oldest counted start is an hour old', () => {
    expect(groupRunAllowance(minutesAgo(50, 40, 30, 20, 10, 1), now)).toEqual({ ok: false, retryAfterMs: 10 * 60_000 });
    expect(groupRunAllowance(minutesAgo(59, 58, 57, 56, 55, 54, 53), now)).toEqual({ ok: false, retryAfterMs: 2 * 60_000 });
  });

  it('slides: starts older than an hour no longer count, also across a clock hour', () => {
    expect(groupRunAllowance(minutesAgo(61, 70, 1, 2, 3, 4, 5, 6), now)).toMatchObject({ ok: false });
    expect(groupRunAllowance(minutesAgo(60, 61, 70, 2, 3, 4, 5), now)).toEqual({ ok: true });
  });
});
