import { formatCount } from '../onescale-client';
import { weekTrend } from '../logic/trend';

/** Two bars, this week against the week before, scaled to the larger. */
export function WeekChart({ thisWeek, previousWeek }: { thisWeek: number; previousWeek: number }) {
  const max = Math.max(thisWeek, previousWeek, 1);
  const trend = weekTrend(thisWeek, previousWeek);
  const bars = [
    { label: 'Previous 7 days', value: previousWeek, cls: 'bar-previous' },
    { label: 'Last 7 days', value: thisWeek, cls: 'bar-current' },
  ];
  return (
    <figure class="week-chart" data-testid="week-chart">
      <svg viewBox="0 0 300 150" role="img" aria-label={`Events: ${thisWeek} in the last 7 days, ${previousWeek} in the 7 days before`}>
        <line x1="20" y1="120" x2="290" y2="120" class="axis" />
        {bars.map((bar, i) => {
          const h = Math.round((bar.value / max) * 95);
          const x = 50 + i * 130;
          return (
            <g key={bar.label}>
              <rect x={x} y={120 - h} width="80" height={Math.max(h, 1)} rx="4" class={bar.cls} />
              <text x={x + 40} y={112 - h} text-anchor="middle" class="bar-value">
                {formatCount(bar.value)}
              </text>
              <text x={x + 40} y="140" text-anchor="middle" class="bar-label">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class={`trend trend-${trend.direction}`}>
        {trend.direction === 'up' ? '▲' : trend.direction === 'down' ? '▼' : '■'} {trend.text}
      </figcaption>
    </figure>
  );
}
