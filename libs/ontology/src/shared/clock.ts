/** Time and identity are injected so domain code stays deterministic under test. */
export type Clock = () => number;
export type IdGenerator = () => string;

export const DAY_MS = 86_400_000;

/** Start of the UTC day containing `ms`. */
export const utcDayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** Start of the UTC calendar month containing `ms`. */
export const utcMonthStart = (ms: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/** Start of the UTC calendar month after the one containing `ms`. */
export const nextUtcMonthStart = (ms: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};
