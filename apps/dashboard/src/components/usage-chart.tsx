import type { HistoryItem } from '../api/types';
import { formatDate, formatNumber } from '../format';

/** One bar per period, oldest on the left, scaled to the largest value; the latest value is labelled. */
export function UsageChart({ items, label }: { items: readonly HistoryItem[]; label: string }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  const width = 300;
  const step = items.length === 0 ? width : width / items.length;
  const last = items.at(-1);
  return (
    <figure class="usage-chart" data-testid="usage-history" data-periods={items.length}>
      <svg
        viewBox={`0 0 ${width} 130`}
        role="img"
        aria-label={`${label}: ${items.length} periods${last ? `, ${formatNumber(last.value)} in the latest` : ''}`}
      >
        <line x1="0" y1="110" x2={width} y2="110" class="axis" />
        {items.map((item, i) => {
          const h = Math.round((item.value / max) * 95);
          return (
            <rect
              key={item.periodStart}
              x={i * step + step * 0.15}
              y={110 - h}
              width={step * 0.7}
              height={Math.max(h, item.value > 0 ? 1 : 0)}
              class={i === items.length - 1 ? 'bar-current' : 'bar-previous'}
              data-testid="usage-bar"
              data-period={item.periodStart}
              data-value={item.value}
            >
              <title>{`${formatDate(item.periodStart)}: ${formatNumber(item.value)}`}</title>
            </rect>
          );
        })}
        {items.length > 0 && (
          <>
            <text x="0" y="126" class="bar-label">
              {formatDate(items[0]!.periodStart)}
            </text>
            <text x={width} y="126" text-anchor="end" class="bar-label">
              {formatDate(last!.periodStart)}
            </text>
          </>
        )}
      </svg>
      <figcaption class="metric-hint">
        {label}: max {formatNumber(max === 1 && items.every((i) => i.value === 0) ? 0 : max)}, latest {formatNumber(last?.value ?? 0)}
      </figcaption>
    </figure>
  );
}
