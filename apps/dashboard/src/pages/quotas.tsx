import { useState } from 'preact/hooks';
import { getJson, groupPath, readFresh } from '../api/group-api';
import type { MetricStatus, QuotaStatus, UpgradePricing, UsageHistory } from '../api/types';
import { PageHead, RefreshButton, Section } from '../components/cards';
import { Gauge } from '../components/gauge';
import { UsageChart } from '../components/usage-chart';
import { Empty, Loaded } from '../components/states';
import { formatLimit, formatMoney, formatNumber, formatTime } from '../format';
import { LEVEL_LABEL, metricLabel, overallTone, type QuotaLevel } from '../logic/levels';
import type { Session } from '../session';
import { useResource } from '../use-resource';

const GAUGE_METRICS = ['users', 'entities_total', 'connections_total', 'storage_gb', 'api_calls_per_month'] as const;

export const quotaDetail = (metric: string, m: MetricStatus): string => {
  const unit = metric === 'storage_gb' ? ' GB' : '';
  if (m.limit === null) return `${formatNumber(m.current)}${unit} used · no limit`;
  return `${formatNumber(m.current)} of ${formatLimit(m.limit)}${unit}${m.soft ? ' (soft)' : ''}`;
};

export function QuotasPage({ session }: { session: Session }) {
  const status = useResource(() => readFresh<QuotaStatus>(session, '/quotas/status'), [session.group.id]);
  return (
    <>
      <PageHead
        title="Quotas"
        subtitle={`Limits of the ${session.group.plan} plan and what is used`}
        actions={<RefreshButton onClick={status.reload} />}
      />
      <Loaded resource={status} label="Loading quotas…">
        {(s) => <Quotas status={s} session={session} />}
      </Loaded>
    </>
  );
}

function Quotas({ status, session }: { status: QuotaStatus; session: Session }) {
  const retention = status.metrics.events_retention_days;
  const tone = overallTone(status.status);
  return (
    <>
      <div class={`alert tone-${tone}`} data-testid="quota-overall" data-status={status.status}>
        <strong>
          {status.status === 'healthy'
            ? 'All quotas healthy'
            : `Quota status: ${LEVEL_LABEL[status.status as QuotaLevel] ?? status.status}`}
        </strong>
        {status.warnings.length > 0 && (
          <span> — {status.warnings.map((w) => `${metricLabel(w.metric)} at ${w.percentUsed}%`).join(', ')}</span>
        )}
      </div>
      <div class="grid gauges" data-testid="quota-gauges">
        {GAUGE_METRICS.filter((m) => status.metrics[m]).map((metric) => {
          const m = status.metrics[metric]!;
          return (
            <Gauge
              key={metric}
              testId={`gauge-${metric}`}
              title={metricLabel(metric)}
              percent={m.percentUsed}
              level={m.status}
              detail={quotaDetail(metric, m)}
              inUse={(m.current ?? 0) > 0}
            />
          );
        })}
      </div>
      <Section title="Usage history">
        <History session={session} updated={status.lastUpdated} />
      </Section>
      {retention && (
        <p class="footnote" data-testid="retention">
          Events are kept hot for {retention.limit === null ? 'ever (no retention limit)' : `${retention.limit} days`} on this plan. Updated{' '}
          {formatTime(status.lastUpdated)}.
        </p>
      )}
      <div class="grid two">
        <Section title="Recommendations">
          <ul class="card list recommendations" data-testid="recommendations">
            {status.recommendations.map((line) => (
              <li
                key={line}
                class={
                  line.startsWith('CRITICAL')
                    ? 'tone-exceeded'
                    : line.startsWith('WARNING')
                      ? 'tone-critical'
                      : line.startsWith('NOTICE')
                        ? 'tone-warning'
                        : undefined
                }
              >
                {line}
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Upgrade options">
          <Upgrades session={session} />
        </Section>
      </div>
    </>
  );
}

/** One metric per UTC day (the last 30) or month (the last 12), from the counters' own records; read again with the status. */
function History({ session, updated }: { session: Session; updated: number }) {
  const [metric, setMetric] = useState<(typeof GAUGE_METRICS)[number]>('entities_total');
  const [granularity, setGranularity] = useState<'day' | 'month'>('day');
  const history = useResource(
    // Quota's counters have no positions to wait for: the history is read again with the status instead.
    () => getJson<UsageHistory>(session, groupPath(session, '/usage/history'), { metric, granularity }),
    [session.group.id, metric, granularity, updated],
  );
  return (
    <div class="card">
      <div class="toolbar">
        <select
          data-testid="history-metric"
          value={metric}
          onChange={(e) => setMetric((e.currentTarget as HTMLSelectElement).value as (typeof GAUGE_METRICS)[number])}
        >
          {GAUGE_METRICS.map((m) => (
            <option key={m} value={m}>
              {metricLabel(m)}
            </option>
          ))}
        </select>
        <select
          data-testid="history-granularity"
          value={granularity}
          onChange={(e) => setGranularity((e.currentTarget as HTMLSelectElement).value as 'day' | 'month')}
        >
          <option value="day">per day</option>
          <option value="month">per month</option>
        </select>
      </div>
      <Loaded resource={history} label="Loading usage history…">
        {(h) => <UsageChart items={h.items} label={`${metricLabel(h.metric)} per ${h.granularity}`} />}
      </Loaded>
    </div>
  );
}

function Upgrades({ session }: { session: Session }) {
  const pricing = useResource(
    () => getJson<UpgradePricing>(session, '/v1/pricing/upgrades', { currentPlan: session.group.plan }),
    [session.group.plan],
  );
  return (
    <Loaded resource={pricing} label="Loading prices…">
      {(p) =>
        p.upgrades.length === 0 ? (
          <Empty title="You are on the top plan">Enterprise has no limits. Contact sales for custom terms.</Empty>
        ) : (
          <div class="grid plans" data-testid="upgrades">
            {p.upgrades.map((offer) => (
              <div class="card plan-card" key={offer.name}>
                <h3>{offer.name}</h3>
                <div class="price">{offer.monthlyPrice === null ? 'Custom pricing' : `${formatMoney(offer.monthlyPrice)} / month`}</div>
                <div class="metric-hint">
                  {offer.annualPrice === null ? 'Contact sales' : `${formatMoney(offer.annualPrice)} / year`}
                  {offer.upgrade?.monthlyDifference !== null &&
                    offer.upgrade?.monthlyDifference !== undefined &&
                    ` · +${formatMoney(offer.upgrade.monthlyDifference)} / month from ${p.current.name}`}
                </div>
                <ul class="list compact">
                  {Object.entries(offer.quotas).map(([metric, limit]) => (
                    <li key={metric}>
                      {metricLabel(metric)}: <strong>{formatLimit(limit)}</strong>
                      {metric === 'storage_gb' && limit !== null
                        ? ' GB'
                        : metric === 'events_retention_days' && limit !== null
                          ? ' days'
                          : ''}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        )
      }
    </Loaded>
  );
}
