import { useState } from 'preact/hooks';
import { getJson, groupPath } from '../api/group-api';
import type { Delivery, Page, Webhook } from '../api/types';
import { PageHead, RefreshButton, Section } from '../components/cards';
import { Empty, Loaded } from '../components/states';
import { formatNumber, formatTime } from '../format';
import type { Session } from '../session';
import { useResource } from '../use-resource';

const RECENT = 20;

const STATUS_TONE: Readonly<Record<string, string>> = {
  active: 'ok',
  delivered: 'ok',
  pending: 'warning',
  disabled: 'exceeded',
  failed: 'exceeded',
};

const Status = ({ value }: { value: string }) => <span class={`badge tone-${STATUS_TONE[value] ?? 'neutral'}`}>{value}</span>;

/** The group's webhook endpoints (group admin) and the recent deliveries of the one selected. */
export function WebhooksPage({ session }: { session: Session }) {
  const endpoints = useResource(() => getJson<{ items: Webhook[] }>(session, groupPath(session, '/webhooks')), [session.group.id]);
  const [picked, setPicked] = useState<string | null>(null);
  const selected = picked ?? endpoints.data?.items[0]?.id ?? null;
  const deliveries = useResource(
    () =>
      selected === null
        ? Promise.resolve({ items: [], nextCursor: null, hasMore: false })
        : getJson<Page<Delivery>>(session, groupPath(session, `/webhooks/${encodeURIComponent(selected)}/deliveries`), { limit: RECENT }),
    [session.group.id, selected],
  );
  const refresh = (): void => {
    endpoints.reload();
    deliveries.reload();
  };
  return (
    <>
      <PageHead
        title="Webhooks"
        subtitle="Signed notifications of quota thresholds and archival runs, retried for 24 h (register endpoints with the API or the CLI: onescale webhooks add)"
        actions={<RefreshButton onClick={refresh} />}
      />
      <Section title="Endpoints">
        <Loaded resource={endpoints} label="Loading endpoints…">
          {(list) =>
            list.items.length === 0 ? (
              <Empty title="No endpoints yet">POST /v1/groups/:groupId/webhooks with a URL and the events to receive.</Empty>
            ) : (
              <div class="card" data-testid="webhooks">
                <table class="table">
                  <thead>
                    <tr>
                      <th>URL</th>
                      <th class="hide-narrow">Events</th>
                      <th>Status</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {list.items.map((w) => (
                      <tr key={w.id} data-webhook={w.id} data-status={w.status} class={w.id === selected ? 'selected' : undefined}>
                        <td>
                          <code>{w.url}</code>
                        </td>
                        <td class="hide-narrow">{w.events.join(', ')}</td>
                        <td title={w.disabledAt === undefined ? undefined : `disabled ${formatTime(w.disabledAt)}`}>
                          <Status value={w.status} />
                        </td>
                        <td>
                          <button class="button" type="button" onClick={() => setPicked(w.id)} disabled={w.id === selected}>
                            Deliveries
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </Section>
      {selected !== null && (
        <Section title="Recent deliveries">
          <Loaded resource={deliveries} label="Loading deliveries…">
            {(page) =>
              page.items.length === 0 ? (
                <Empty title="Nothing delivered yet">Each notification to this endpoint is listed here with its attempts.</Empty>
              ) : (
                <div class="card" data-testid="deliveries">
                  <table class="table">
                    <thead>
                      <tr>
                        <th>Created</th>
                        <th>Type</th>
                        <th>Status</th>
                        <th class="num">Attempts</th>
                        <th class="num">Last answer</th>
                        <th class="hide-narrow">Id</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.items.map((d) => (
                        <tr key={d.id} data-delivery={d.id} data-status={d.status} data-attempts={d.attempts}>
                          <td>{formatTime(d.createdAt)}</td>
                          <td>{d.type}</td>
                          <td title={d.nextAttemptAt === undefined ? undefined : `next attempt ${formatTime(d.nextAttemptAt)}`}>
                            <Status value={d.status} />
                          </td>
                          <td class="num">{formatNumber(d.attempts)}</td>
                          <td class="num">{d.lastResponseStatus ?? '—'}</td>
                          <td class="hide-narrow">
                            <code>{d.id}</code>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )
            }
          </Loaded>
        </Section>
      )}
    </>
  );
}
