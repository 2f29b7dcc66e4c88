import { gaugeArc, LEVEL_LABEL, toneOf, type QuotaLevel } from '../logic/levels';

export interface GaugeProps {
  readonly title: string;
  readonly percent: number;
  readonly level: string;
  /** e.g. "42 of 100" or "0.2 of 1 GB" */
  readonly detail: string;
  readonly testId?: string;
  /** Something is used, even if it rounds to 0%: shown as "<1%". */
  readonly inUse?: boolean;
}

/** A half-circle gauge coloured by quota level, with the level in words beside the colour. */
export function Gauge({ title, percent, level, detail, testId, inUse = false }: GaugeProps) {
  const tone = toneOf(level);
  const unlimited = level === 'unlimited';
  const shown = percent === 0 && inUse ? '<1%' : `${percent}%`;
  return (
    <figure class={`gauge tone-${tone}`} data-testid={testId} data-level={level} data-percent={percent}>
      <svg
        viewBox="0 0 120 70"
        role="img"
        aria-label={`${title}: ${unlimited ? 'unlimited' : `${shown} used, ${LEVEL_LABEL[level as QuotaLevel] ?? level}`}`}
      >
        <path class="gauge-track" d="M 10 60 A 50 50 0 0 1 110 60" />
        {!unlimited && <path class="gauge-fill" d={gaugeArc(percent)} />}
        <text x="60" y="55" text-anchor="middle" class="gauge-value">
          {unlimited ? '∞' : shown}
        </text>
      </svg>
      <figcaption>
        <span class="gauge-title">{title}</span>
        <span class={`badge tone-${tone}`}>{LEVEL_LABEL[level as QuotaLevel] ?? level}</span>
        <span class="gauge-detail">{detail}</span>
      </figcaption>
    </figure>
  );
}
