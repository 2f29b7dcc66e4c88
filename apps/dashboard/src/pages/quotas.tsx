import { getJson, readFresh } from '../api/group-api';
import type { MetricStatus, QuotaStatus, UpgradePricing } from '../api/types';
import { PageHead, RefreshButton, Section } from '../components/cards';
import { Gauge } from '../components/gauge';
import { Empty, Loaded } from '../components/states';
import { formatLimit, formatMoney, formatNumber, formatTime } from '../format';
import { LEVEL_LABEL, metricLabel, overallTone, type QuotaLevel } from '../logic/levels';
import type { Session } from '../session';
import { useResource } from '../use-resource';

const GAUGE_METRICS = ['users', 'entities_total', 'connections_total', 'storage_gb', 'api_calls_per_month'] as const;

export const quotaDetail = (metric: string, m: MetricStatus): string => {
  const unit = metric === 'storage_gb' ? ' GB' : '';
  if (m.limit === null) return `${formatNumber(m.current)}${unit} used · no limit`;
  return `${formatNumber(m.current)} of ${formatLimit(m.limit)}${unit}`;
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
