import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  IMPORT_FORMATS,
  IMPORT_KINDS,
  MAX_BATCH_ITEMS,
  countByCode,
  formatCount,
  formatDuration,
  formatOfName,
  runImport,
  type ImportFormat,
  type ImportKind,
  type ImportSummary,
  type PostBatch,
} from '../../../../libs/client/src';
import { CliError, EXIT, type ExitCode } from '../exit-codes';
import { groupPath, request } from '../http';
import { setOutcome } from '../outcome';
import { bold, line, printJson } from '../output';
import { requireKey, settingsOf, type GlobalOptions, type Settings } from '../settings';
import { ErrorsFile } from './errors-file';
import { fileChunks } from './file-source';
import { progressPrinter } from './progress-line';

interface ImportOptions {
  readonly group: string;
  readonly kind: ImportKind;
  readonly format?: ImportFormat;
  readonly errors?: string;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly runId?: string;
  readonly progress: boolean;
}

const positiveInt =
  (max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    return n;
  };

/** A run id goes into every batch's Idempotency-Key (at most 200 characters in all). */
const runIdOf = (value: string): string => {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new InvalidArgumentError('expected 1 to 64 letters, digits, _ or -');
  return value;
};

export const importCommand = (): Command =>
  new Command('import')
    .description('import an NDJSON or CSV file of things, connections or events into a group')
    .argument('<file>', 'the file: .ndjson/.jsonl (one JSON object per line) or .csv (a header row of field names)')
    .requiredOption('-g, --group <id>', 'the group to import into')
    .addOption(new Option('-k, --kind <kind>', 'what each line holds').choices([...IMPORT_KINDS]).makeOptionMandatory())
    .addOption(
      new Option('-f, --format <format>', 'the file format (default: from the file name, .csv → csv, else ndjson)').choices([
        ...IMPORT_FORMATS,
      ]),
    )
    .option('-e, --errors <path>', 'where to write the lines that failed (default: <file>.errors.ndjson; a .csv name writes CSV)')
    .option('--batch-size <n>', `lines per request (at most ${MAX_BATCH_ITEMS})`, positiveInt(MAX_BATCH_ITEMS), MAX_BATCH_ITEMS)
    .option('--concurrency <n>', 'requests in flight at once', positiveInt(8), 2)
    .option('--run-id <id>', 'reuse the run id of an interrupted import: batches it already sent are not written twice', runIdOf)
    .option('--no-progress', 'do not show the progress bar')
    .addHelpText(
      'after',
      `
The file is read as a stream and sent in batches with an Idempotency-Key each, retried on network
errors and 5xx answers. Lines that fail (unreadable JSON, wrong column count, unknown fields or types,
quota exceeded, …) are written with their line number, code, message and the input line to the errors
file; every valid line is imported. Interrupted? Run the same command with the --run-id it printed.

Examples:
  onescale import people.ndjson --group $GROUP --kind things
  onescale import follows.csv --group $GROUP --kind connections --errors follows.errors.csv
  onescale import events.ndjson -g $GROUP -k events --json > summary.json`,
    )
    .action(async function (this: Command, file: string) {
      const options = this.opts<ImportOptions>();
      setOutcome(await runImportCommand(file, options, settingsOf(this.optsWithGlobals<GlobalOptions>())));
    });

async function runImportCommand(file: string, options: ImportOptions, settings: Settings): Promise<ExitCode> {
  requireKey(settings);
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch (error) {
    throw new CliError(EXIT.badFile, `cannot read ${file}: ${(error as Error).message}`);
  }
  const format = options.format ?? formatOfName(file);
  const runId = options.runId ?? randomBytes(8).toString('hex');
  const errorsPath = options.errors ?? `${file}.errors.ndjson`;
  let errorsFile: ErrorsFile;
  try {
    errorsFile = new ErrorsFile(errorsPath);
  } catch (error) {
    throw new CliError(EXIT.usage, `cannot write the errors file ${errorsPath}: ${(error as Error).message}`);
  }
  const path = (kind: ImportKind): string => groupPath(options.group, `/${kind}/batch`);
  const post: PostBatch = (kind, body, key) => request(settings, 'POST', path(kind), body, { 'idempotency-key': key });
  const showProgress = options.progress && !settings.json;
  const printer = progressPrinter(process.stderr, () => performance.now());
  const cancel = new AbortController();
  const onSigint = (): void => cancel.abort();
  process.once('SIGINT', onSigint);
  let summary: ImportSummary;
  try {
    summary = await runImport(fileChunks(file), {
      kind: options.kind,
      format,
      runId,
      post,
      sleep: (ms) => sleep(ms),
      now: () => performance.now(),
      totalBytes: size,
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      signal: cancel.signal,
      onProgress: showProgress ? (p) => printer.update(p) : undefined,
      onErrors: (errors) => errorsFile.write(errors),
      onRetry: showProgress ? (reason, delay) => process.stderr.write(`\n  retrying in ${formatDuration(delay)}: ${reason}\n`) : undefined,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (showProgress) printer.done(summary);
  const kept = await errorsFile.close();
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  const report = { ...summary, file, errorsFile: kept ? errorsPath : null, peakRssMB };
  if (settings.json) printJson(report);
  else printSummary(report);
  return exitCodeOf(summary);
}

function exitCodeOf(summary: ImportSummary): ExitCode {
  switch (summary.aborted?.category) {
    case undefined:
      return summary.failed > 0 ? EXIT.partial : EXIT.ok;
    case 'file':
      return EXIT.badFile;
    case 'auth':
      return EXIT.refused;
    case 'cancelled':
      return EXIT.interrupted;
    case 'unavailable':
      return EXIT.unavailable;
    case 'refused':
      return EXIT.refused;
  }
}

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

function printSummary(r: ImportSummary & { file: string; errorsFile: string | null; peakRssMB: number }): void {
  if (r.aborted) {
    line(bold(`Import stopped: ${r.aborted.message}${r.aborted.line ? ` (line ${r.aborted.line})` : ''}`));
  }
  line(
    `${bold(formatCount(r.succeeded))} of ${formatCount(r.lines)} ${r.kind} imported from ${r.file}${r.failed > 0 ? `, ${formatCount(r.failed)} failed` : ''}${r.notImported > 0 ? `, ${formatCount(r.notImported)} not sent` : ''}`,
  );
  line(
    `  ${formatDuration(r.elapsedMs)} · ${formatCount(r.itemsPerSecond)} lines/s · ${plural(r.batches, 'batch', 'batches')} · ${plural(r.retries, 'retry', 'retries')}${r.replayedBatches > 0 ? ` · ${r.replayedBatches} replayed` : ''} · peak memory ${r.peakRssMB} MB`,
  );
  for (const [code, n] of countByCode(r.failedByCode)) line(`  ${code.padEnd(24)} ${formatCount(n)}`);
  if (r.errorsFile) line(`  failed lines: ${r.errorsFile}`);
  if (r.aborted && r.aborted.category !== 'file')
    line(`  to resume: onescale import ${r.file} --group … --kind ${r.kind} --run-id ${r.runId}`);
  if (r.position !== null) line(`  read what was written with minPosition=${r.position}`);
}
