import { readFresh } from '../api/group-api';
import type { CreatorStats } from '../api/types';
import { MetricCard, PageHead, RefreshButton, Section } from '../components/cards';
import { Empty, Loaded } from '../components/states';
import { formatDate, formatMoney, formatNumber, formatTime } from '../format';
import { href } from '../router';
import type { Session } from '../session';
import { useResource } from '../use-resource';
import { ThingList } from './things';

export function CreatorsPage({ session, id }: { session: Session; id?: string }) {
  return id ? (
    <CreatorStatsView session={session} creatorId={id} />
  ) : (
    <ThingList session={session} fixedType="creator" title="Creators" target="creators" />
  );
}

function CreatorStatsView({ session, creatorId }: { session: Session; creatorId: string }) {
  const stats = useResource(
    () => readFresh<CreatorStats>(session, `/creators/${encodeURIComponent(creatorId)}/stats`),
    [session.group.id, creatorId],
  );
  return (
    <>
      <PageHead
        title={stats.data?.name ?? 'Creator'}
        subtitle={
          <>
            <a href={href('creators')}>Creators</a> / <code>{creatorId}</code> ·{' '}
            <a href={href('things', creatorId)}>relationships and activity</a>
          </>
        }
        actions={<RefreshButton onClick={stats.reload} />}
      />
      <Loaded resource={stats} label="Loading creator stats…">
        {(s) => {
          const c = s._computed;
          const byType = Object.entries(c.eventsByType).sort((a, b) => b[1] - a[1]);
          const max = Math.max(1, ...byType.map(([, n]) => n));
          return (
            <>
              <div class="grid cards" data-testid="creator-stats">
                <MetricCard label="Total revenue" value={formatMoney(c.totalRevenue)} hint={revenueHint(c)} />
                <MetricCard label="Followers" value={formatNumber(c.totalFollowers)} />
                <MetricCard
                  label="Content"
                  value={formatNumber(c.contentCount)}
                  hint={`${formatMoney(c.revenuePerContent)} revenue per piece`}
                />
                <MetricCard label="Engagement" value={formatNumber(c.averageEngagement)} hint="followers per content" />
                <MetricCard label="Events" value={formatNumber(c.totalEvents)} />
                <MetricCard label="Status" value={c.isActive ? 'Active' : 'Inactive'} hint={`last active ${formatTime(c.lastActive)}`} />
                <MetricCard label="Account age" value={`${formatNumber(c.accountAge)} days`} hint={`since ${formatDate(s.createdAt)}`} />
              </div>
              <Section title="Events by type">
                {byType.length === 0 ? (
                  <Empty title="No events yet">Events this creator acts in are counted here.</Empty>
                ) : (
                  <div class="card bars" data-testid="events-by-type">
                    {byType.map(([type, n]) => (
                      <div class="bar-row" key={type}>
                        <span class="bar-name">{type}</span>
                        <span class="bar-track">
                          <span class="bar-fill" style={{ width: `${(n / max) * 100}%` }} />
                        </span>
                        <span class="num">{formatNumber(n)}</span>
                      </div>
                    ))}
                  </div>
                )}
              </Section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}

/** Mixed currencies are added up in the total (as the seed does), so they are listed apart. */
function revenueHint(c: CreatorStats['_computed']): string {
  const currencies = Object.entries(c.revenueByCurrency ?? {});
  if (currencies.length > 1) return currencies.map(([currency, amount]) => formatMoney(amount, currency)).join(' + ');
  const events = c.eventsByType.revenue_generated ?? 0;
  return events === 0 ? 'no revenue events' : `from ${events} revenue event${events === 1 ? '' : 's'}`;
}
