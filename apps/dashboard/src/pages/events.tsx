import { useState } from 'preact/hooks';
import { getJson, groupPath } from '../api/group-api';
import type { FeedEvent, Page } from '../api/types';
import { PageHead, RefreshButton } from '../components/cards';
import { Pager, useCursorPages } from '../components/pager';
import { Empty, Loaded } from '../components/states';
import { formatTime } from '../format';
import { href } from '../router';
import type { Session } from '../session';
import { useResource } from '../use-resource';

const PAGE_SIZE = 20;

/** The filters a link can open the feed with (`#/events/actorId=<id>`), e.g. from a thing's page. */
const FILTERS = ['type', 'actorId', 'targetId'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const filtersOf = (id: string | undefined): Filters => {
  const params = new URLSearchParams(id ?? '');
  return Object.fromEntries(FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)!]] : [])));
};

/** Link to the feed with these filters. */
export const eventsHref = (filters: Filters = {}): string => {
  const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return href('events', query || undefined);
};

/** The group's events, hot and archived alike, newest first, 20 to a page. */
export function EventsPage({ session, id }: { session: Session; id?: string }) {
  const filters = filtersOf(id);
  const paging = useCursorPages();
  const index = paging.pages.index;
  const page = useResource(
    async () => ({
      ...(await getJson<Page<FeedEvent>>(session, groupPath(session, '/events'), { ...filters, limit: PAGE_SIZE, cursor: paging.cursor })),
      pageIndex: index,
    }),
    [session.group.id, id, paging.cursor],
  );
  const [type, setType] = useState(filters.type ?? '');
  const described = [filters.type, filters.actorId && `by ${filters.actorId}`, filters.targetId && `on ${filters.targetId}`].filter(
    Boolean,
  );
  return (
    <>
      <PageHead
        title="Events"
        subtitle={`Every event of the group, recent and archived, newest first${described.length ? ` · ${described.join(' ')}` : ''}`}
        actions={<RefreshButton onClick={page.reload} />}
      />
      <div class="toolbar">
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            paging.reset();
            location.hash = eventsHref({ ...filters, type: type.trim() });
          }}
        >
          <label>
            Type
            <input value={type} onInput={(e) => setType(e.currentTarget.value)} placeholder="any, or e.g. revenue_generated" />
          </label>
          <button class="button secondary" type="submit">
            Filter
          </button>
        </form>
        {id && (
          <a class="button secondary" href={eventsHref()} onClick={paging.reset}>
            All events
          </a>
        )}
      </div>
      <Loaded resource={page} label="Loading events…">
        {(p) =>
          p.items.length === 0 && p.pageIndex === 0 ? (
            <Empty title="No events">
              Events arrive through the API or the <a href={href('import')}>import page</a>.
            </Empty>
          ) : (
            <div class="card">
              <table class="table" data-testid="event-feed">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Type</th>
                    <th class="hide-narrow">Actor</th>
                    <th class="hide-narrow">Target</th>
                  </tr>
                </thead>
                <tbody>
                  {p.items.map((e) => (
                    <tr key={e.id} data-event-id={e.id}>
                      <td>{formatTime(e.timestamp)}</td>
                      <td>
                        <span class="badge">{e.type}</span>
                      </td>
                      <td class="hide-narrow">{e.actorId ? <a href={href('things', e.actorId)}>{e.actorId}</a> : '—'}</td>
                      <td class="hide-narrow">{e.targetId ? <a href={href('things', e.targetId)}>{e.targetId}</a> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager
                label="Events"
                testId="event-pager"
                index={p.pageIndex}
                size={PAGE_SIZE}
                count={p.items.length}
                hasMore={p.hasMore}
                onNext={() => paging.next(p.nextCursor)}
                onPrevious={paging.previous}
              />
            </div>
          )
        }
      </Loaded>
    </>
  );
}
