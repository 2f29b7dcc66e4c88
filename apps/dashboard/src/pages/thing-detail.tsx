import { useState } from 'preact/hooks';
import { readFresh } from '../api/group-api';
import type { ActivityPage, RelationshipsPage, ThingWithRelationships } from '../api/types';
import { MetricCard, PageHead, RefreshButton, Section } from '../components/cards';
import { Pager, useCursorPages } from '../components/pager';
import { Empty, Loaded } from '../components/states';
import { formatDate, formatNumber, formatTime } from '../format';
import { href } from '../router';
import type { Session } from '../session';
import { useResource } from '../use-resource';
import { eventsHref } from './events';

const PAGE_SIZE = 10;
const thingPath = (id: string, rest = ''): string => `/things/${encodeURIComponent(id)}${rest}`;

export function ThingDetail({ session, thingId }: { session: Session; thingId: string }) {
  const thing = useResource(() => readFresh<ThingWithRelationships>(session, thingPath(thingId)), [session.group.id, thingId]);
  return (
    <>
      <PageHead
        title={thing.data?.name ?? 'Thing'}
        subtitle={
          <>
            <a href={href('things')}>Things</a> / <code>{thingId}</code>
          </>
        }
        actions={<RefreshButton onClick={thing.reload} />}
      />
      <Loaded resource={thing} label="Loading the thing…">
        {(t) => (
          <>
            <div class="grid cards">
              <MetricCard label="Type" value={t.type.replace(/_/g, ' ')} hint={`status ${t.status}`} />
              <MetricCard
                label="Inbound"
                value={formatNumber(t._relationships.inboundCount)}
                hint={typeCounts(t._relationships.connectionTypes.inbound)}
              />
              <MetricCard
                label="Outbound"
                value={formatNumber(t._relationships.outboundCount)}
                hint={typeCounts(t._relationships.connectionTypes.outbound)}
              />
              <MetricCard label="Created" value={formatDate(t.createdAt)} hint={`updated ${formatTime(t.updatedAt)}`} />
            </div>
            {Object.keys(t.properties).length > 0 && (
              <details class="card properties">
                <summary>Properties</summary>
                <pre>{JSON.stringify(t.properties, null, 2)}</pre>
              </details>
            )}
            <Relationships session={session} thingId={thingId} thing={t} />
            <Activity session={session} thingId={thingId} />
          </>
        )}
      </Loaded>
    </>
  );
}

const typeCounts = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ') || 'none';

function Relationships({ session, thingId, thing }: { session: Session; thingId: string; thing: ThingWithRelationships }) {
  const [direction, setDirection] = useState<'both' | 'inbound' | 'outbound'>('both');
  const [type, setType] = useState('');
  const paging = useCursorPages();
  // Each page carries the index it was asked for: while the next page loads, the old rows stay on
  // screen with their own range, never with the new page's.
  const index = paging.pages.index;
  const page = useResource(
    async () => ({
      ...(await readFresh<RelationshipsPage>(session, thingPath(thingId, '/relationships'), {
        direction,
        relationshipType: type,
        limit: PAGE_SIZE,
        cursor: paging.cursor,
      })),
      pageIndex: index,
    }),
    [thingId, direction, type, paging.cursor],
  );
  const types = [
    ...new Set([
      ...Object.keys(thing._relationships.connectionTypes.inbound),
      ...Object.keys(thing._relationships.connectionTypes.outbound),
    ]),
  ].sort();
  const filters = (
    <div class="inline-form">
      <label>
        Direction
        <select value={direction} onChange={(e) => (setDirection(e.currentTarget.value as typeof direction), paging.reset())}>
          <option value="both">both</option>
          <option value="inbound">inbound</option>
          <option value="outbound">outbound</option>
        </select>
      </label>
      <label>
        Type
        <select value={type} onChange={(e) => (setType(e.currentTarget.value), paging.reset())}>
          <option value="">any</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
  return (
    <Section title="Relationships" actions={filters} id="relationships">
      <Loaded resource={page} label="Loading relationships…">
        {(p) =>
          p.relationships.length === 0 && paging.pages.index === 0 ? (
            <Empty title="No relationships">
              {type || direction !== 'both' ? 'None match this filter.' : 'Nothing connects to or from this thing yet.'}
            </Empty>
          ) : (
            <div class="card" data-testid="relationships">
              <table class="table">
                <thead>
                  <tr>
                    <th>Direction</th>
                    <th>Type</th>
                    <th>Related thing</th>
                    <th class="num hide-narrow">Strength</th>
                    <th class="hide-narrow">Since</th>
                  </tr>
                </thead>
                <tbody>
                  {p.relationships.map((r) => {
                    const otherId = r.direction === 'inbound' ? r.fromThingId : r.toThingId;
                    return (
                      <tr key={r.id} data-testid="relationship-row">
                        <td class="nowrap">{r.direction === 'inbound' ? '← in' : r.direction === 'outbound' ? 'out →' : '↺ self'}</td>
                        <td>{r.relationshipType}</td>
                        <td>
                          <a href={href('things', otherId)}>{r.related?.name ?? otherId}</a>
                          {r.related && <span class="muted"> · {r.related.type.replace(/_/g, ' ')}</span>}
                        </td>
                        <td class="num hide-narrow">{r.strength ?? '—'}</td>
                        <td class="hide-narrow">{formatTime(r.createdAt)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <Pager
                testId="relationships-pager"
                label="Relationships"
                index={p.pageIndex}
                size={PAGE_SIZE}
                count={p.relationships.length}
                total={p.total}
                hasMore={p.hasMore}
                onNext={() => paging.next(p.nextCursor)}
                onPrevious={paging.previous}
              />
            </div>
          )
        }
      </Loaded>
    </Section>
  );
}

function Activity({ session, thingId }: { session: Session; thingId: string }) {
  const paging = useCursorPages();
  const index = paging.pages.index;
  const page = useResource(
    async () => ({
      ...(await readFresh<ActivityPage>(session, thingPath(thingId, '/activity'), { limit: PAGE_SIZE, cursor: paging.cursor })),
      pageIndex: index,
    }),
    [thingId, paging.cursor],
  );
  return (
    <Section title="Activity" id="activity">
      <p class="footnote" data-testid="thing-event-links">
        In the group's event feed, archived events included: <a href={eventsHref({ actorId: thingId })}>by this thing</a> ·{' '}
        <a href={eventsHref({ targetId: thingId })}>on this thing</a>
      </p>
      <Loaded resource={page} label="Loading activity…">
        {(p) =>
          p.activity.length === 0 && paging.pages.index === 0 ? (
            <Empty title="No activity yet">Events where this thing is the actor or the target show here, newest first.</Empty>
          ) : (
            <div class="card" data-testid="activity">
              <ol class="timeline">
                {p.activity.map((e) => (
                  <li key={e.id}>
                    <span class="timeline-time">{formatTime(e.timestamp)}</span>
                    <span class="badge">{e.type}</span>
                    <span class="muted">
                      {e._actor?.name ? ` by ${e._actor.name}` : ''}
                      {e._target?.name ? ` on ${e._target.name}` : ''}
                    </span>
                  </li>
                ))}
              </ol>
              <Pager
                label="Activity"
                index={p.pageIndex}
                size={PAGE_SIZE}
                count={p.activity.length}
                total={p.totalEvents}
                hasMore={p.hasMore}
                onNext={() => paging.next(p.nextCursor)}
                onPrevious={paging.previous}
              />
            </div>
          )
        }
      </Loaded>
    </Section>
  );
}
