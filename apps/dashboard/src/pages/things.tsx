import { useState } from 'preact/hooks';
import { readFresh } from '../api/group-api';
import type { Page, Thing } from '../api/types';
import { PageHead, RefreshButton } from '../components/cards';
import { Pager, useCursorPages } from '../components/pager';
import { Empty, Loaded } from '../components/states';
import { formatDate } from '../format';
import { href } from '../router';
import type { Session } from '../session';
import { useResource } from '../use-resource';
import { ThingDetail } from './thing-detail';

const PAGE_SIZE = 20;

export function ThingsPage({ session, id }: { session: Session; id?: string }) {
  return id ? <ThingDetail session={session} thingId={id} /> : <ThingList session={session} />;
}

/** Things of the group, optionally of one type (typed and applied on submit), 20 to a page. */
export function ThingList({
  session,
  fixedType,
  title = 'Things',
  target = 'things',
}: {
  session: Session;
  fixedType?: string;
  title?: string;
  target?: 'things' | 'creators';
}) {
  const [typeInput, setTypeInput] = useState(fixedType ?? '');
  const [type, setType] = useState(fixedType ?? '');
  const paging = useCursorPages();
  const list = useResource(
    () => readFresh<Page<Thing>>(session, '/things', { type, limit: PAGE_SIZE, cursor: paging.cursor }),
    [session.group.id, type, paging.cursor],
  );
  const [jump, setJump] = useState('');
  return (
    <>
      <PageHead title={title} subtitle="Live things of the group, oldest first" actions={<RefreshButton onClick={list.reload} />} />
      <div class="toolbar">
        {!fixedType && (
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              setType(typeInput.trim());
              paging.reset();
            }}
          >
            <label>
              Type
              <input value={typeInput} onInput={(e) => setTypeInput(e.currentTarget.value)} placeholder="any, or e.g. blog_post" />
            </label>
            <button class="button secondary" type="submit">
              Filter
            </button>
          </form>
        )}
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (jump.trim()) location.hash = href(target, jump.trim());
          }}
        >
          <label>
            Open by id
            <input name="thingId" value={jump} onInput={(e) => setJump(e.currentTarget.value)} placeholder="thing id" />
          </label>
          <button class="button secondary" type="submit">
            Open
          </button>
        </form>
      </div>
      <Loaded resource={list} label="Loading things…">
        {(page) =>
          page.items.length === 0 && paging.pages.index === 0 ? (
            <Empty title={type ? `No ${type.replace(/_/g, ' ')} things` : 'No things yet'}>
              Things arrive through the API or the <a href={href('import')}>import page</a>.
            </Empty>
          ) : (
            <div class="card">
              <table class="table" data-testid="thing-list">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Type</th>
                    <th>Status</th>
                    <th class="hide-narrow">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((t) => (
                    <tr key={t.id}>
                      <td>
                        <a href={href(target, t.id)}>{t.name}</a>
                      </td>
                      <td>{t.type.replace(/_/g, ' ')}</td>
                      <td>
                        <span class="badge">{t.status}</span>
                      </td>
                      <td class="hide-narrow">{formatDate(t.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager
                label={title}
                index={paging.pages.index}
                size={PAGE_SIZE}
                count={page.items.length}
                hasMore={page.hasMore}
                onNext={() => paging.next(page.nextCursor)}
                onPrevious={paging.previous}
              />
            </div>
          )
        }
      </Loaded>
    </>
  );
}
