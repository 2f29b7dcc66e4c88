import { download } from '../logic/file-chunks';
import { formatNumber, plural } from '../format';
import {
  countByCode,
  formatDuration,
  LINE_ERRORS_CSV_HEADER,
  lineErrorToCsv,
  lineErrorToNdjson,
  type ImportSummary,
  type LineError,
} from '../onescale-client';
import { href } from '../router';
import { Section } from './cards';

const SHOWN = 100;

/** The end of an import: what happened, why lines failed, and the failed lines to fix and retry. */
export function ImportReport({ summary, errors, fileName }: { summary: ImportSummary; errors: readonly LineError[]; fileName: string }) {
  const base = fileName.replace(/\.[^.]+$/, '');
  const tone = summary.aborted ? 'exceeded' : summary.failed > 0 ? 'warning' : 'ok';
  return (
    <>
      <div
        class={`alert tone-${tone}`}
        role="status"
        data-testid="import-summary"
        data-succeeded={summary.succeeded}
        data-failed={summary.failed}
      >
        {summary.aborted ? (
          <>
            <strong>The import stopped: {summary.aborted.message}</strong>
            {summary.aborted.line ? ` (line ${summary.aborted.line})` : ''}. {plural(summary.succeeded, 'line')} were imported before that
            {summary.notImported > 0 ? `, ${formatNumber(summary.notImported)} read but not sent` : ''}.
          </>
        ) : (
          <>
            <strong>
              Imported {formatNumber(summary.succeeded)} of {plural(summary.lines, 'line')}
            </strong>
            {summary.failed > 0 ? `; ${formatNumber(summary.failed)} failed` : ''} in {formatDuration(summary.elapsedMs)} (
            {plural(summary.batches, 'batch')}
            {summary.retries > 0 ? `, ${plural(summary.retries, 'retry')}` : ''}). <a href={href('quotas')}>See the quotas</a> ·{' '}
            <a href={href('overview')}>overview</a>
          </>
        )}
      </div>
      {summary.failed > 0 && (
        <Section
          title="Lines that failed"
          actions={
            <>
              <button
                type="button"
                class="button secondary"
                onClick={() =>
                  download(`${base}.errors.csv`, [LINE_ERRORS_CSV_HEADER, ...errors.map(lineErrorToCsv)].join('\n') + '\n', 'text/csv')
                }
                data-testid="download-errors-csv"
              >
                Download CSV
              </button>
              <button
                type="button"
                class="button secondary"
                onClick={() => download(`${base}.errors.ndjson`, errors.map(lineErrorToNdjson).join('\n') + '\n', 'application/x-ndjson')}
              >
                Download NDJSON
              </button>
            </>
          }
        >
          <div class="card">
            <p class="codes">
              {countByCode(summary.failedByCode).map(([code, n]) => (
                <span key={code} class="badge tone-warning">
                  {code} × {formatNumber(n)}
                </span>
              ))}
            </p>
            <div class="table-scroll">
              <table class="table errors" data-testid="error-table">
                <thead>
                  <tr>
                    <th class="num">Line</th>
                    <th>Code</th>
                    <th>Problem</th>
                    <th>Input</th>
                  </tr>
                </thead>
                <tbody>
                  {errors.slice(0, SHOWN).map((e) => (
                    <tr key={e.line}>
                      <td class="num">{e.line}</td>
                      <td>
                        <code>{e.code}</code>
                      </td>
                      <td>{e.error}</td>
                      <td>
                        <code class="input">{e.input.length > 120 ? `${e.input.slice(0, 120)}…` : e.input}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {summary.failed > SHOWN && (
              <p class="muted">
                Showing the first {SHOWN} of {formatNumber(summary.failed)}; the download has{' '}
                {errors.length === summary.failed ? 'all of them' : `the first ${formatNumber(errors.length)}`}.
              </p>
            )}
          </div>
        </Section>
      )}
    </>
  );
}
