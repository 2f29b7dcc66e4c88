import { useState } from 'preact/hooks';
import { getJson, groupPath, readFresh } from '../api/group-api';
import { explain } from '../api/client';
import type { CanStore, GroupMetrics, QuotaStatus } from '../api/types';
import { MetricCard, PageHead, RefreshButton, Section } from '../components/cards';
import { Gauge } from '../components/gauge';
import { Loaded } from '../components/states';
import { formatBytes } from '../onescale-client';
import type { Session } from '../session';
import { useResource } from '../use-resource';

const GB = 1024 ** 3;

export function StoragePage({ session }: { session: Session }) {
  const data = useResource(
    () =>
      Promise.all([readFresh<GroupMetrics>(session, '/metrics'), readFresh<QuotaStatus>(session, '/quotas/status')]).then(
        ([metrics, quotas]) => ({ metrics, quotas }),
      ),
    [session.group.id],
  );
  return (
    <>
      <PageHead
        title="Storage"
        subtitle="Bytes of stored thing documents and knowledge (8 bytes per embedding value), counted against the plan"
        actions={<RefreshButton onClick={data.reload} />}
      />
      <Loaded resource={data} label="Loading storage…">
        {({ metrics, quotas }) => {
          const used = metrics._computed.storageUsed;
          const q = quotas.metrics.storage_gb;
          const limitBytes = q?.limit === null || q?.limit === undefined ? null : q.limit * GB;
          return (
            <>
              <div class="grid storage">
                <div class="card center">
                  <Gauge
                    testId="storage-gauge"
                    title="Storage used"
                    percent={q?.percentUsed ?? 0}
                    level={q?.status ?? 'unlimited'}
                    inUse={used > 0}
                    detail={limitBytes === null ? `${formatBytes(used)} · no limit` : `${formatBytes(used)} of ${formatBytes(limitBytes)}`}
                  />
                </div>
                <div class="grid cards">
                  <MetricCard label="Used" value={formatBytes(used)} hint={`${used.toLocaleString('en-US')} bytes`} />
                  <MetricCard
                    label="Limit"
                    value={limitBytes === null ? 'Unlimited' : formatBytes(limitBytes)}
                    hint={`${session.group.plan} plan`}
                  />
                  <MetricCard label="Free" value={limitBytes === null ? '∞' : formatBytes(Math.max(0, limitBytes - used))} />
                </div>
              </div>
              <Section title="Will it fit?">
                <CanStoreCheck session={session} />
              </Section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function CanStoreCheck({ session }: { session: Session }) {
  const [mb, setMb] = useState('10');
  const [answer, setAnswer] = useState<{ ok: true; value: CanStore } | { ok: false; message: string } | null>(null);
  const check = async (event: Event): Promise<void> => {
    event.preventDefault();
    const bytes = Math.round(Number(mb) * 1024 * 1024);
    if (!Number.isFinite(bytes) || bytes < 0) return setAnswer({ ok: false, message: 'Enter a size in MB (0 or more).' });
    try {
      setAnswer({ ok: true, value: await getJson<CanStore>(session, groupPath(session, '/quotas/can-store'), { bytes }) });
    } catch (error) {
      setAnswer({ ok: false, message: explain(error) });
    }
  };
  return (
    <form class="card inline-form" onSubmit={check}>
      <label>
        Size to add (MB)
        <input type="number" min="0" step="any" value={mb} onInput={(e) => setMb(e.currentTarget.value)} />
      </label>
      <button class="button secondary" type="submit">
        Check
      </button>
      {answer && (
        <p role="status" class={answer.ok ? (answer.value.canStore ? 'tone-ok' : 'tone-exceeded') : 'form-error'}>
          {answer.ok
            ? answer.value.canStore
              ? `Yes: ${answer.value.requestedMB} MB fits.`
              : `No. ${answer.value.reason ?? ''} ${answer.value.suggestion ?? ''}`
            : answer.message}
        </p>
      )}
    </form>
  );
}
