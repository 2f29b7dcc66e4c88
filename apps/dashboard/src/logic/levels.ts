/** How a quota level looks: words and a tone, so colour is never the only signal. */
export type QuotaLevel = 'ok' | 'warning' | 'critical' | 'exceeded' | 'unlimited';
export type Tone = 'ok' | 'warning' | 'critical' | 'exceeded' | 'neutral';

export const LEVEL_LABEL: Readonly<Record<QuotaLevel, string>> = {
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  exceeded: 'Exceeded',
  unlimited: 'Unlimited',
};

export const toneOf = (level: string): Tone =>
  level === 'ok' || level === 'warning' || level === 'critical' || level === 'exceeded' ? level : 'neutral';

/** The overall status of getQuotaStatus (`healthy` instead of `ok`). */
export const overallTone = (status: string): Tone => (status === 'healthy' ? 'ok' : toneOf(status));

export const METRIC_LABEL: Readonly<Record<string, string>> = {
  users: 'Users',
  storage_gb: 'Storage',
  api_calls_per_month: 'API calls this month',
  entities_total: 'Entities',
  connections_total: 'Connections',
  events_retention_days: 'Event retention',
};

export const metricLabel = (metric: string): string => METRIC_LABEL[metric] ?? metric.replace(/_/g, ' ');

/**
 * A half-circle gauge: the SVG path of the filled arc for `percent` (clamped to 0..100) on a circle
 * of radius `r` centred at (cx, cy), sweeping from the left end to the right.
 */
export function gaugeArc(percent: number, cx = 60, cy = 60, r = 50): string {
  const p = Math.max(0, Math.min(100, Number.isFinite(percent) ? percent : 0)) / 100;
  if (p === 0) return '';
  const angle = Math.PI * (1 - p);
  const x = cx + r * Math.cos(angle);
  const y = cy - r * Math.sin(angle);
  return `M ${cx - r} ${cy} A ${r} ${r} 0 0 1 ${round(x)} ${round(y)}`;
}

const round = (n: number): number => Math.round(n * 100) / 100;
