import { MAX_BATCH_ITEMS } from '../../../api/src/common/limits';
import type { ImportKind } from './kinds';
import type { LineError } from './line-errors';
import { FileFormatError, lineParser, type ImportFormat, type ParsedLine } from './line-parser';
import { ImportAborted, sendBatch, type AbortCategory, type Batch, type BatchOutcome, type PostBatch } from './send-batch';

/** Keeps a batch body well under the gateway's 32 MiB limit even when every character takes 3 bytes. */
export const DEFAULT_MAX_BATCH_CHARS = 8_000_000;

export interface TextChunk {
  readonly text: string;
  /** Bytes of the file this chunk came from (for progress against the file size). */
  readonly bytes: number;
}

export interface ImportOptions {
  readonly kind: ImportKind;
  readonly format: ImportFormat;
  readonly runId: string;
  readonly post: PostBatch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly totalBytes?: number;
  readonly batchSize?: number;
  readonly maxBatchChars?: number;
  /** Batches in flight at once. */
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Errors, in line order, as each batch settles (write them out; they are not kept). */
  readonly onErrors?: (errors: readonly LineError[]) => void | Promise<void>;
  readonly onRetry?: (reason: string, delayMs: number) => void;
  readonly signal?: AbortSignal;
}

export interface ImportProgress {
  readonly bytesRead: number;
  readonly totalBytes: number | null;
  /** Records read so far (a CSV header is not one). */
  readonly lines: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly batches: number;
  readonly retries: number;
  readonly elapsedMs: number;
  /** Settled lines (imported or failed) per second. */
  readonly itemsPerSecond: number;
  /** From the share of the file settled so far; null until something settled or without a size. */
  readonly etaMs: number | null;
}

export interface ImportSummary extends ImportProgress {
  readonly runId: string;
  readonly kind: ImportKind;
  readonly format: ImportFormat;
  readonly failedByCode: Readonly<Record<string, number>>;
  /** Read but never settled because the import stopped. */
  readonly notImported: number;
  readonly replayedBatches: number;
  /** The highest write position: pass it as `minPosition` to read what was imported. */
  readonly position: number | null;
  readonly aborted: {
    readonly category: AbortCategory | 'file' | 'cancelled';
    readonly code: string;
    readonly message: string;
    readonly line?: number;
  } | null;
}

interface Slot {
  readonly parseErrors: LineError[];
  readonly endBytes: number;
  readonly hasBatch: boolean;
  readonly done: Promise<BatchOutcome | Error>;
}

/**
 * Streams a file through the parser into batches, keeps up to `concurrency` of them in flight, and
 * settles them in file order, so errors come out sorted by line. Never throws for a bad file or an
 * unreachable server: the summary's `aborted` says why it stopped.
 */
export async function runImport(source: AsyncIterable<TextChunk>, options: ImportOptions): Promise<ImportSummary> {
  const batchSize = Math.max(1, Math.min(MAX_BATCH_ITEMS, options.batchSize ?? MAX_BATCH_ITEMS));
  const maxChars = options.maxBatchChars ?? DEFAULT_MAX_BATCH_CHARS;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const started = options.now();
  const parser = lineParser(options.format, options.kind);
  const ctx = {
    kind: options.kind,
    runId: options.runId,
    post: options.post,
    sleep: options.sleep,
    maxAttempts: options.maxAttempts,
    onRetry: options.onRetry,
  };
  const s = {
    bytesRead: 0,
    settledBytes: 0,
    lines: 0,
    succeeded: 0,
    failed: 0,
    batches: 0,
    retries: 0,
    replayed: 0,
    position: null as number | null,
  };
  const failedByCode: Record<string, number> = {};
  let aborted: ImportSummary['aborted'] = null;
  let seq = 0;
  let open = { lines: [] as number[], raws: [] as string[], jsons: [] as string[], chars: 0, parseErrors: [] as LineError[] };
  const pending: Slot[] = [];

  const progress = (): ImportProgress => {
    const elapsedMs = options.now() - started;
    const settled = s.succeeded + s.failed;
    const total = options.totalBytes ?? null;
    const etaMs =
      total !== null && s.settledBytes > 0 ? Math.max(0, Math.round((elapsedMs * (total - s.settledBytes)) / s.settledBytes)) : null;
    return {
      bytesRead: s.bytesRead,
      totalBytes: total,
      lines: s.lines,
      succeeded: s.succeeded,
      failed: s.failed,
      batches: s.batches,
      retries: s.retries,
      elapsedMs,
      itemsPerSecond: elapsedMs > 0 ? Math.round((settled * 1000) / elapsedMs) : 0,
      etaMs,
    };
  };
  const report = (): void => options.onProgress?.(progress());

  const settleOldest = async (): Promise<void> => {
    const slot = pending[0]!;
    const outcome = await slot.done;
    pending.shift();
    let errors = slot.parseErrors;
    if (outcome instanceof Error) {
      if (!aborted) aborted = abortOf(outcome);
    } else {
      s.succeeded += outcome.succeeded;
      s.retries += outcome.retries;
      if (outcome.replayed) s.replayed += 1;
      if (outcome.position !== null) s.position = Math.max(s.position ?? outcome.position, outcome.position);
      errors = [...errors, ...outcome.errors].sort((a, b) => a.line - b.line);
    }
    if (slot.hasBatch) s.batches += 1;
    s.failed += errors.length;
    for (const e of errors) failedByCode[e.code] = (failedByCode[e.code] ?? 0) + 1;
    s.settledBytes = slot.endBytes;
    if (errors.length > 0) await options.onErrors?.(errors);
    report();
  };

  const flush = async (final: boolean): Promise<void> => {
    if (open.lines.length > 0 || open.parseErrors.length > 0) {
      // once stopped, only the errors already found are reported; no new batch is sent
      const batch: Batch | null =
        open.jsons.length > 0 && !aborted ? { id: String(seq), lines: open.lines, raws: open.raws, jsons: open.jsons } : null;
      seq += 1;
      const done = batch
        ? sendBatch(ctx, batch).catch((error: Error) => error)
        : Promise.resolve({ succeeded: 0, errors: [], retries: 0, replayed: false, position: null });
      pending.push({ parseErrors: open.parseErrors, endBytes: s.bytesRead, hasBatch: batch !== null, done });
      open = { lines: [], raws: [], jsons: [], chars: 0, parseErrors: [] };
    }
    while (pending.length > 0 && (final || aborted || pending.filter((p) => p.hasBatch).length >= concurrency)) await settleOldest();
  };

  const take = async (parsed: ParsedLine): Promise<void> => {
    if (aborted) return; // a batch failed: read no further
    s.lines += 1;
    if ('error' in parsed) {
      open.parseErrors.push({
        line: parsed.line,
        code: parsed.error.code,
        error: parsed.error.message,
        ...(parsed.error.path ? { path: parsed.error.path } : {}),
        input: parsed.raw,
      });
    } else {
      if (open.jsons.length > 0 && open.chars + parsed.json.length > maxChars) await flush(false);
      open.lines.push(parsed.line);
      open.raws.push(parsed.raw);
      open.jsons.push(parsed.json);
      open.chars += parsed.json.length + 1;
    }
    if (open.jsons.length + open.parseErrors.length >= batchSize) await flush(false);
  };

  try {
    for await (const chunk of source) {
      if (options.signal?.aborted) aborted = { category: 'cancelled', code: 'cancelled', message: 'the import was cancelled' };
      if (aborted) break;
      s.bytesRead += chunk.bytes;
      for (const parsed of parser.push(chunk.text)) await take(parsed);
      report();
    }
    if (!aborted) for (const parsed of parser.end()) await take(parsed);
  } catch (error) {
    if (!(error instanceof FileFormatError)) throw error;
    aborted = { category: 'file', code: error.code, message: error.message, ...(error.line ? { line: error.line } : {}) };
  }
  if (!aborted) s.settledBytes = s.bytesRead;
  await flush(true);
  const last = progress();
  return {
    ...last,
    etaMs: aborted ? null : 0,
    runId: options.runId,
    kind: options.kind,
    format: options.format,
    failedByCode,
    notImported: s.lines - s.succeeded - s.failed,
    replayedBatches: s.replayed,
    position: s.position,
    aborted,
  };
}

function abortOf(error: Error): NonNullable<ImportSummary['aborted']> {
  if (error instanceof ImportAborted) return { category: error.category, code: error.code, message: error.message };
  return { category: 'unavailable', code: 'client_error', message: error.message };
}
