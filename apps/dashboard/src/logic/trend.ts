/** This week against the week before, in words a dashboard can show. */
export interface Trend {
  readonly direction: 'up' | 'down' | 'flat';
  /** Change in percent, rounded; null when the previous week had nothing to compare with. */
  readonly percent: number | null;
  readonly text: string;
}

export function weekTrend(thisWeek: number, previousWeek: number): Trend {
  if (thisWeek === previousWeek)
    return { direction: 'flat', percent: 0, text: thisWeek === 0 ? 'No events in either week' : 'Same as the week before' };
  const direction = thisWeek > previousWeek ? 'up' : 'down';
  if (previousWeek === 0) return { direction, percent: null, text: 'Up from none the week before' };
  const percent = Math.round(((thisWeek - previousWeek) / previousWeek) * 100);
  return { direction, percent, text: `${percent > 0 ? '+' : ''}${percent}% on the week before` };
}
