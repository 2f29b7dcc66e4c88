import type { ImportKind } from './kinds';
import type { LineError } from './line-errors';

/** Valid lines on their way to one batch request; `id` names it in the Idempotency-Key. */
export interface Batch {
  readonly id: string;
  readonly lines: readonly number[];
  readonly raws: readonly string[];
  /** Each item as JSON text, so the body is built without serializing objects again. */
  readonly jsons: readonly string[];
}

export interface HttpReply {
  readonly status: number;
  readonly body: unknown;
  /** Header lookup, lower-case names. */
  header(name: string): string | null;
}

/** Sends one batch body; throws only when no answer came (network failure, timeout). */
export type PostBatch = (kind: ImportKind, body: string, idempotencyKey: string) => Promise<HttpReply>;

export interface SendContext {
  readonly kind: ImportKind;
  readonly runId: string;
  readonly post: PostBatch;
  readonly sleep: (ms: number) => Promise<void>;
  /** Attempts per request before the import stops (transient failures only). */
  readonly maxAttempts?: number;
  readonly onRetry?: (reason: string, delayMs: number) => void;
}

export interface BatchOutcome {
  readonly succeeded: number;
  readonly errors: LineError[];
  readonly retries: number;
  readonly replayed: boolean;
  readonly position: number | null;
}

export type AbortCategory = 'auth' | 'unavailable' | 'refused';

/** The import cannot go on (bad key, unknown group, service down after retries): stop and say why. */
export class ImportAborted extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly category: AbortCategory,
    readonly status?: number,
  ) {
    super(message);
  }
}

interface BatchResultBody {
  readonly created?: readonly string[];
  readonly errors?: readonly { index: number; code: string; error: string; path?: string }[];
  readonly summary?: { success: number };
  readonly position?: number | null;
}

interface ProblemBody {
  readonly code?: string;
  readonly detail?: string;
  readonly errors?: readonly { path: string; message: string }[];
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_S = 60;
const backoff = (attempt: number): number => Math.min(10_000, 500 * 2 ** attempt);

export const idempotencyKey = (runId: string, batchId: string): string => `onescale-import:${runId}:${batchId}`;
export const batchBody = (kind: ImportKind, batch: Batch): string => `{"${kind}":[${batch.jsons.join(',')}]}`;

/**
 * Sends a batch until it is settled: per-item outcomes on 200; items the server's validation named
 * (400) become line errors and the rest is sent again; a body too large (413) is split in halves;
 * transient failures are retried with the same Idempotency-Key, so nothing is written twice.
 */
export async function sendBatch(ctx: SendContext, batch: Batch): Promise<BatchOutcome> {
  const reply = await postWithRetries(ctx, batch);
  const problem = (reply.reply.body ?? {}) as ProblemBody;
  if (reply.reply.status === 200)
    return {
      ...settled(batch, reply.reply.body as BatchResultBody),
      retries: reply.retries,
      replayed: reply.reply.header('idempotent-replayed') === 'true',
    };
  if (reply.reply.status === 413 && batch.jsons.length > 1) {
    const half = Math.ceil(batch.jsons.length / 2);
    const a = await sendBatch(ctx, slice(batch, `${batch.id}a`, 0, half));
    const b = await sendBatch(ctx, slice(batch, `${batch.id}b`, half, batch.jsons.length));
    return merge(a, b, reply.retries);
  }
  if (reply.reply.status === 413) {
    return {
      succeeded: 0,
      errors: [lineError(batch, 0, 'item_too_large', problem.detail ?? 'the item is larger than the server accepts')],
      retries: reply.retries,
      replayed: false,
      position: null,
    };
  }
  if (reply.reply.status === 400 && problem.code === 'validation_failed') {
    const named = itemProblems(ctx.kind, problem, batch.jsons.length);
    if (named.size > 0) {
      const errors = [...named].map(([index, message]) => lineError(batch, index, 'invalid_field', message));
      const keep = batch.jsons.map((_j, i) => i).filter((i) => !named.has(i));
      const rest: Batch = {
        id: `${batch.id}v`,
        lines: keep.map((i) => batch.lines[i]!),
        raws: keep.map((i) => batch.raws[i]!),
        jsons: keep.map((i) => batch.jsons[i]!),
      };
      const next =
        rest.jsons.length > 0 ? await sendBatch(ctx, rest) : { succeeded: 0, errors: [], retries: 0, replayed: false, position: null };
      return { ...next, errors: [...errors, ...next.errors].sort((x, y) => x.line - y.line), retries: next.retries + reply.retries };
    }
  }
  throw refusal(reply.reply.status, problem);
}

async function postWithRetries(ctx: SendContext, batch: Batch): Promise<{ reply: HttpReply; retries: number }> {
  const maxAttempts = ctx.maxAttempts ?? 6;
  const body = batchBody(ctx.kind, batch);
  const key = idempotencyKey(ctx.runId, batch.id);
  for (let attempt = 0; ; attempt++) {
    let reason: string;
    let delay = backoff(attempt);
    try {
      const reply = await ctx.post(ctx.kind, body, key);
      const code = (reply.body as ProblemBody | null)?.code;
      const inProgress = reply.status === 409 && code === 'idempotency_in_progress';
      if (!RETRYABLE.has(reply.status) && !inProgress) return { reply, retries: attempt };
      const retryAfter = Number(reply.header('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > MAX_RETRY_AFTER_S) throw refusal(reply.status, reply.body as ProblemBody);
      if (Number.isFinite(retryAfter) && retryAfter > 0) delay = Math.max(delay, retryAfter * 1000);
      reason = `HTTP ${reply.status}${code ? ` ${code}` : ''}`;
      if (attempt + 1 >= maxAttempts)
        throw new ImportAborted(
          'unavailable',
          `the server kept answering ${reason} after ${maxAttempts} attempts`,
          'unavailable',
          reply.status,
        );
    } catch (error) {
      if (error instanceof ImportAborted) throw error;
      reason = (error as Error).message || 'network error';
      if (attempt + 1 >= maxAttempts)
        throw new ImportAborted('unavailable', `the server could not be reached after ${maxAttempts} attempts (${reason})`, 'unavailable');
    }
    ctx.onRetry?.(reason, delay);
    await ctx.sleep(delay);
  }
}

function settled(batch: Batch, body: BatchResultBody): Omit<BatchOutcome, 'retries' | 'replayed'> {
  const errors = (body.errors ?? [])
    .filter((e) => e.index >= 0 && e.index < batch.lines.length)
    .map((e) => lineError(batch, e.index, e.code, e.error, e.path));
  return {
    succeeded: body.summary?.success ?? body.created?.length ?? 0,
    errors,
    position: typeof body.position === 'number' ? body.position : null,
  };
}

/** `things[3].name must be a string` → item 3. Paths that name no item leave the map empty. */
function itemProblems(kind: ImportKind, problem: ProblemBody, count: number): Map<number, string> {
  const named = new Map<number, string>();
  const pattern = new RegExp(`^${kind}\\[(\\d+)\\]`);
  for (const e of problem.errors ?? []) {
    const index = Number(pattern.exec(e.path)?.[1] ?? -1);
    if (index < 0 || index >= count) continue;
    const message = e.message.replace(pattern, '').replace(/^[.:]\s*/, '');
    named.set(index, named.has(index) ? `${named.get(index)}; ${message}` : message);
  }
  return named;
}

function lineError(batch: Batch, index: number, code: string, error: string, path?: string): LineError {
  return { line: batch.lines[index]!, code, error, ...(path ? { path } : {}), input: batch.raws[index]! };
}

const slice = (batch: Batch, id: string, from: number, to: number): Batch => ({
  id,
  lines: batch.lines.slice(from, to),
  raws: batch.raws.slice(from, to),
  jsons: batch.jsons.slice(from, to),
});

const merge = (a: BatchOutcome, b: BatchOutcome, retries: number): BatchOutcome => ({
  succeeded: a.succeeded + b.succeeded,
  errors: [...a.errors, ...b.errors],
  retries: retries + a.retries + b.retries,
  replayed: a.replayed && b.replayed,
  position: Math.max(a.position ?? -1, b.position ?? -1) < 0 ? null : Math.max(a.position ?? -1, b.position ?? -1),
});

function refusal(status: number, problem: ProblemBody): ImportAborted {
  const detail = problem?.detail ?? `HTTP ${status}`;
  const code = problem?.code ?? `http_${status}`;
  if (status === 401) return new ImportAborted(code, `the api key was refused: ${detail}`, 'auth', status);
  if (status === 403) return new ImportAborted(code, `not allowed: ${detail}`, 'auth', status);
  if (status === 404) return new ImportAborted(code, `not found (unknown group, or not visible to this key): ${detail}`, 'auth', status);
  if (status === 422 && code === 'idempotency_key_reused') {
    return new ImportAborted(
      code,
      'this run id was already used for different content; start a new run (a new --run-id)',
      'refused',
      status,
    );
  }
  if (status === 429) return new ImportAborted(code, detail, 'refused', status);
  return new ImportAborted(code, `the server refused the batch: ${detail}`, 'refused', status);
}
