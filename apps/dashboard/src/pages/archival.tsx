import { useState } from 'preact/hooks';
import { explain } from '../api/client';
import { getJson, groupPath, postJson } from '../api/group-api';
import type { ArchivalStatus, Manifest, Page } from '../api/types';
import { MetricCard, PageHead, RefreshButton, Section } from '../components/cards';
import { Pager, useCursorPages } from '../components/pager';
import { Empty, Loaded } from '../components/states';
import { formatNumber, formatTime, plural } from '../format';
import { formatBytes, formatDuration } from '../onescale-client';
import type { Session } from '../session';
import { useResource } from '../use-resource';

/** A run's result, in the seed's runDailyArchival shape (a group run may answer its own line only). */
interface RunResult {
  readonly totalArchived?: number;
  readonly totalFailed?: number;
  readonly totalTime?: number;
  readonly successRate?: number;
  readonly archived?: number;
  readonly failed?: number;
  readonly duration?: number;
  readonly batches?: readonly {
    groupId: string;
    archived: number;
    failed: number;
    duration: number;
    error?: string;
    objectKeys?: readonly string[];
  }[];
}

const PAGE_SIZE = 10;

export function ArchivalPage({ session }: { session: Session }) {
  const status = useResource(
    () => getJson<ArchivalStatus>(session, '/v1/archival/status', { groupId: session.group.id }),
    [session.group.id],
  );
  const paging = useCursorPages();
  const manifests = useResource(
    () => getJson<Page<Manifest>>(session, groupPath(session, '/archive/manifests'), { limit: PAGE_SIZE, cursor: paging.cursor }),
    [session.group.id, paging.cursor],
  );
  const refresh = (): void => {
    status.reload();
    manifests.reload();
  };
  return (
    <>
      <PageHead
        title="Archival"
        subtitle="Events older than the age threshold move to S3 as gzip NDJSON, verified before they leave the hot store"
        actions={<RefreshButton onClick={refresh} />}
      />
      <Loaded resource={status} label="Loading archival status…">
        {(s) => (
          <div class="grid cards" data-testid="archival-status">
            <MetricCard
              label="Eligible now"
              value={formatNumber(s.eligibleForArchival)}
              hint={`older than ${s.config.AGE_THRESHOLD_DAYS ?? 365} days`}
              testId="archival-eligible"
            />
            <MetricCard label="Already archived" value={formatNumber(s.alreadyArchived)} testId="archival-archived" />
            <MetricCard
              label="Hot space to free"
              value={s.estimates.storageSaved}
              hint={s.estimates.archiveSize ? `≈ ${s.estimates.archiveSize} in the archive` : 'archive size known after a run'}
            />
            <MetricCard
              label="Time to archive all"
              value={s.estimates.hoursToArchiveAll === null ? '—' : `${s.estimates.hoursToArchiveAll} h`}
              hint={`batches of ${s.config.BATCH_SIZE ?? 1000}; kept ${s.config.RETENTION_DAYS ?? 2555} days`}
            />
          </div>
        )}
      </Loaded>
      <Section title="Run archival now">
        <RunForm session={session} onDone={refresh} />
      </Section>
      <Section title="Archive objects">
        <Loaded resource={manifests} label="Loading manifests…">
          {(page) =>
            page.items.length === 0 && paging.pages.index === 0 ? (
              <Empty title="Nothing archived yet">
                Each archived object (one group, one UTC day, up to a batch of events) is listed here with its checksum.
              </Empty>
            ) : (
              <div class="card" data-testid="manifests">
                <table class="table">
                  <thead>
                    <tr>
                      <th>Day</th>
                      <th class="num">Events</th>
                      <th class="hide-narrow">From – to</th>
                      <th class="num">Size</th>
                      <th class="hide-narrow">SHA-256</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((m) => (
                      <tr key={m.key} title={m.key}>
                        <td>{m.day}</td>
                        <td class="num">{formatNumber(m.count)}</td>
                        <td class="hide-narrow">
                          {formatTime(m.minTimestamp)} – {formatTime(m.maxTimestamp)}
                        </td>
                        <td class="num">{formatBytes(m.bytes)}</td>
                        <td class="hide-narrow">
                          <code>{m.sha256.slice(0, 12)}…</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Pager
                  label="Archive objects"
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
      </Section>
    </>
  );
}

function RunForm({ session, onDone }: { session: Session; onDone: () => void }) {
  const [days, setDays] = useState('365');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; value: RunResult } | { ok: false; message: string } | null>(null);
  const run = async (event: Event): Promise<void> => {
    event.preventDefault();
    const daysCutoff = Number(days);
    if (!Number.isSafeInteger(daysCutoff) || daysCutoff < 0)
      return setResult({ ok: false, message: 'Days must be a whole number, 0 or more.' });
    setBusy(true);
    setResult(null);
    try {
      setResult({ ok: true, value: await postJson<RunResult>(session, groupPath(session, '/archival/runs'), { daysCutoff }) });
      onDone();
    } catch (error) {
      setResult({ ok: false, message: explain(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card">
      <form class="inline-form" onSubmit={run}>
        <label>
          Archive events older than (days)
          <input name="daysCutoff" type="number" min="0" step="1" value={days} onInput={(e) => setDays(e.currentTarget.value)} />
        </label>
        <button class="button primary" type="submit" disabled={busy}>
          {busy ? 'Archiving…' : 'Run archival'}
        </button>
        <span class="muted">Needs an admin key. Runs never overlap; a crash loses nothing.</span>
      </form>
      {result && !result.ok && (
        <p class="form-error" role="alert">
          {result.message}
        </p>
      )}
      {result && result.ok && <RunSummary result={result.value} />}
    </div>
  );
}

function RunSummary({ result }: { result: RunResult }) {
  const archived = result.totalArchived ?? result.archived ?? 0;
  const failed = result.totalFailed ?? result.failed ?? 0;
  const time = result.totalTime ?? result.duration ?? 0;
  const errors = (result.batches ?? []).filter((b) => b.error);
  return (
    <div
      class={`run-result ${failed > 0 ? 'tone-critical' : 'tone-ok'}`}
      role="status"
      data-testid="archival-result"
      data-archived={archived}
      data-failed={failed}
    >
      <strong>
        Archived {plural(archived, 'event')}
        {failed > 0 ? `, ${formatNumber(failed)} failed (they stay hot and are retried next run)` : ''} in {formatDuration(time)}.
      </strong>
      {result.batches && result.batches.length > 0 && (
        <span>
          {' '}
          {plural(
            result.batches.reduce((n, b) => n + (b.objectKeys?.length ?? 0), 0),
            'archive object',
          )}{' '}
          written, {plural(result.batches.length, 'group')} processed.
        </span>
      )}
      {errors.map((b) => (
        <p key={b.groupId} class="form-error">
          {b.error}
        </p>
      ))}
    </div>
  );
}
