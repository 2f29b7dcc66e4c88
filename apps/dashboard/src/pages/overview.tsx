import { readFresh } from '../api/group-api';
import type { GroupMetrics, QuotaStatus } from '../api/types';
import { MetricCard, PageHead, RefreshButton, Section } from '../components/cards';
import { Empty, Loaded } from '../components/states';
import { WeekChart } from '../components/week-chart';
import { formatMoney, formatNumber, formatTime } from '../format';
import { metricLabel, toneOf } from '../logic/levels';
import { formatBytes } from '../onescale-client';
import { href } from '../router';
import type { Session } from '../session';
import { useResource } from '../use-resource';
import { eventsHref } from './events';

export function OverviewPage({ session }: { session: Session }) {
  const metrics = useResource(() => readFresh<GroupMetrics>(session, '/metrics'), [session.group.id]);
  const quotas = useResource(() => readFresh<QuotaStatus>(session, '/quotas/status'), [session.group.id]);
  const reload = (): void => {
    metrics.reload();
    quotas.reload();
  };
  return (
    <>
      <PageHead
        title={session.group.name}
        subtitle={`Group overview · ${session.group.type.replace(/_/g, ' ')} · ${session.group.plan} plan`}
        actions={<RefreshButton onClick={reload} />}
      />
      {quotas.state === 'ready' && quotas.data.warnings.length > 0 && (
        <div
          class={`alert tone-${toneOf(quotas.data.status === 'healthy' ? 'ok' : quotas.data.status)}`}
          role="status"
          data-testid="quota-alert"
        >
          <strong>Approaching quota limits:</strong>{' '}
          {quotas.data.warnings.map((w) => `${metricLabel(w.metric)} ${w.percentUsed}%`).join(' · ')} —{' '}
          <a href={href('quotas')}>see quotas</a>
        </div>
      )}
      <Loaded resource={metrics} label="Loading metrics…">
        {(m) => <Overview metrics={m} />}
      </Loaded>
    </>
  );
}

function Overview({ metrics }: { metrics: GroupMetrics }) {
  const c = metrics._computed;
  return (
    <>
      <div class="grid cards" data-testid="metric-cards">
        <MetricCard
          label="Users"
          value={formatNumber(c.userCount)}
          hint={`${formatNumber(c.activeUsers)} active in the last 7 days`}
          testId="card-users"
        />
        <MetricCard label="Entities" value={formatNumber(c.totalEntities)} hint="live things" testId="card-entities" />
        <MetricCard label="Events this month" value={formatNumber(c.eventsThisMonth)} hint={`${c.avgEventsPerUser} per user`} />
        <MetricCard
          label="Revenue this month"
          value={formatMoney(c.revenueThisMonth)}
          hint={`${formatMoney(c.avgRevenuePerUser)} per user`}
        />
        <MetricCard label="API calls this month" value={formatNumber(c.apiCallsThisMonth)} />
        <MetricCard label="Storage used" value={formatBytes(c.storageUsed)} hint={<a href={href('storage')}>storage gauge</a>} />
        <MetricCard
          label="Engagement per content"
          value={formatNumber(c.averageEngagementPerContent)}
          hint="inbound connections, average"
        />
        <MetricCard
          label="Status"
          value={c.isActive ? 'Active' : 'Quiet'}
          hint={c.isActive ? 'events this month' : 'no events this month'}
        />
      </div>
      <div class="grid two">
        <Section title="Events: last 7 days vs the 7 before">
          <div class="card">
            <WeekChart thisWeek={c.eventsThisWeek} previousWeek={c.eventsPreviousWeek ?? 0} />
            <p class="footnote">
              <a href={eventsHref()} data-testid="overview-events-link">
                Every event of the group, recent and archived →
              </a>
            </p>
          </div>
        </Section>
        <Section title="Top content by engagement">
          <div class="card">
            {c.topContentByEngagement.length === 0 ? (
              <Empty title="No content yet">
                Content things (blog posts, videos, courses…) appear here ranked by inbound connections.{' '}
                <a href={href('import')}>Import some</a>.
              </Empty>
            ) : (
              <table class="table" data-testid="top-content">
                <thead>
                  <tr>
                    <th>Content</th>
                    <th>Type</th>
                    <th class="num">Connections</th>
                  </tr>
                </thead>
                <tbody>
                  {c.topContentByEngagement.map((item) => (
                    <tr key={item.entityId}>
                      <td>
                        <a href={href('things', item.entityId)}>{item.name}</a>
                      </td>
                      <td>{item.type.replace(/_/g, ' ')}</td>
                      <td class="num">{formatNumber(item.connectionCount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </Section>
      </div>
      {c.totalEntities === 0 && (
        <Empty title="This group has no data yet">
          Start with the <a href={href('import')}>import page</a>: drop an NDJSON or CSV file of things, connections or events.
        </Empty>
      )}
      <p class="footnote">Computed {formatTime(c.lastComputed)}; windows are UTC.</p>
    </>
  );
}
