/** SPEC §6: a group key starts at most this many runs of its group in any hour. */
export const GROUP_RUNS_PER_HOUR = 6;
export const HOUR_MS = 3_600_000;

export type RunAllowance = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

/**
 * Whether a group key may start another run of its group now, given when the group's earlier
 * key-started runs began: a sliding hour, so no burst across a clock hour gets past the limit. When
 * refused, `retryAfterMs` is when the oldest start that counts leaves the window.
 */
export function groupRunAllowance(
  startedAt: readonly number[],
  now: number,
  limit = GROUP_RUNS_PER_HOUR,
  windowMs = HOUR_MS,
): RunAllowance {
  const inWindow = startedAt.filter((at) => at > now - windowMs).sort((a, b) => a - b);
  if (inWindow.length < limit) return { ok: true };
  return { ok: false, retryAfterMs: inWindow[inWindow.length - limit]! + windowMs - now };
}
