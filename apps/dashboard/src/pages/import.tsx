import { useRef, useState } from 'preact/hooks';
import { send } from '../api/client';
import { groupPath } from '../api/group-api';
import { PageHead, Section } from '../components/cards';
import { ImportDropZone } from '../components/drop-zone';
import { ImportReport } from '../components/import-report';
import { ProgressBar } from '../components/progress-bar';
import { formatNumber } from '../format';
import { fileChunks, newRunId } from '../logic/file-chunks';
import {
  formatBytes,
  formatDuration,
  formatOfName,
  IMPORT_KINDS,
  KIND_FIELDS,
  runImport,
  type ImportFormat,
  type ImportKind,
  type ImportProgress,
  type ImportSummary,
  type LineError,
  type PostBatch,
} from '../onescale-client';
import { rememberPosition, type Session } from '../session';

/** Errors kept for the list and the download; past this only the counts go on. */
const MAX_KEPT_ERRORS = 50_000;

export function ImportPage({ session }: { session: Session }) {
  const [kind, setKind] = useState<ImportKind>('things');
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('ndjson');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [errors, setErrors] = useState<LineError[]>([]);
  const running = useRef<AbortController | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = (f: File): void => {
    setFile(f);
    setFormat(formatOfName(f.name));
    setSummary(null);
    setProgress(null);
    setErrors([]);
  };

  const start = async (): Promise<void> => {
    if (!file) return;
    const controller = new AbortController();
    running.current = controller;
    setBusy(true);
    setSummary(null);
    setErrors([]);
    const kept: LineError[] = [];
    const post: PostBatch = async (k, body, key) => {
      // a silent server is given up on after 2 minutes; the retry reuses the key, so nothing is written twice
      const reply = await send(
        session.key,
        'POST',
        groupPath(session, `/${k}/batch`),
        body,
        { 'idempotency-key': key },
        AbortSignal.timeout(120_000),
      );
      return { status: reply.status, body: reply.body, header: (name) => reply.headers.get(name) };
    };
    let last = 0;
    const result = await runImport(fileChunks(file), {
      kind,
      format,
      runId: newRunId(),
      post,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      now: () => performance.now(),
      totalBytes: file.size,
      signal: controller.signal,
      onProgress: (p) => {
        if (performance.now() - last > 100) {
          last = performance.now();
          setProgress(p);
        }
      },
      onErrors: (batch) => {
        for (const e of batch) if (kept.length < MAX_KEPT_ERRORS) kept.push(e);
        setErrors([...kept]);
      },
    });
    rememberPosition(result.position);
    running.current = null;
    setProgress(result);
    setSummary(result);
    setErrors(kept);
    setBusy(false);
  };

  const percent = progress && progress.totalBytes ? Math.round((progress.bytesRead / progress.totalBytes) * 100) : null;
  return (
    <>
      <PageHead
        title="Import"
        subtitle="Drop an NDJSON or CSV file: it is read as a stream, sent in batches of up to 10,000 with retries, and every line that fails is listed"
      />
      <div class="grid two import-setup">
        <Section title="1. What the file holds">
          <div class="card">
            <fieldset class="kinds" disabled={busy}>
              <legend class="sr-only">Kind</legend>
              {IMPORT_KINDS.map((k) => (
                <label key={k} class={`kind${k === kind ? ' selected' : ''}`}>
                  <input type="radio" name="kind" value={k} checked={k === kind} onChange={() => setKind(k)} />
                  {k}
                </label>
              ))}
            </fieldset>
            <p class="muted">
              Fields: {KIND_FIELDS[kind].map((f) => (f.required ? `${f.name}*` : f.name)).join(', ')}. NDJSON: one JSON object per line.
              CSV: a header row naming these columns ({kind === 'things' ? 'properties' : 'metadata'} as JSON, or one column per key like{' '}
              <code>{kind === 'things' ? 'properties.title' : 'metadata.note'}</code>).
            </p>
          </div>
        </Section>
        <Section title="2. The file">
          <ImportDropZone file={file} disabled={busy} onFile={choose} />
          {file && (
            <div class="file-facts" data-testid="file-facts">
              <span>
                <strong>{file.name}</strong> · {formatBytes(file.size)}
              </span>
              <label>
                Format{' '}
                <select value={format} disabled={busy} onChange={(e) => setFormat(e.currentTarget.value as ImportFormat)}>
                  <option value="ndjson">NDJSON</option>
                  <option value="csv">CSV</option>
                </select>
              </label>
            </div>
          )}
        </Section>
      </div>
      <div class="actions">
        <button type="button" class="button primary" disabled={!file || busy} onClick={() => void start()} data-testid="start-import">
          {busy ? 'Importing…' : `Import ${kind}`}
        </button>
        {busy && (
          <button type="button" class="button secondary" onClick={() => running.current?.abort()}>
            Cancel
          </button>
        )}
      </div>
      {progress && (
        <Section title={summary ? 'Result' : 'Progress'}>
          <div class="card" data-testid="import-progress">
            <ProgressBar percent={summary && !summary.aborted ? 100 : percent} label="Import progress" />
            <div class="progress-facts">
              <span>
                <strong data-testid="imported-count">{formatNumber(progress.succeeded)}</strong> imported
              </span>
              <span>
                <strong data-testid="failed-count">{formatNumber(progress.failed)}</strong> failed
              </span>
              <span>{formatNumber(progress.itemsPerSecond)} lines/s</span>
              <span>
                {summary
                  ? `took ${formatDuration(progress.elapsedMs)}`
                  : progress.etaMs === null
                    ? 'estimating…'
                    : `about ${formatDuration(progress.etaMs)} left`}
              </span>
            </div>
          </div>
        </Section>
      )}
      {summary && <ImportReport summary={summary} errors={errors} fileName={file?.name ?? 'import'} />}
    </>
  );
}
