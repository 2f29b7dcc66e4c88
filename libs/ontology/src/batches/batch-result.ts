import type { Problem } from '../shared/result';

/** One failed item of a batch: its index in the request, a stable code and a human message. */
export interface BatchItemError {
  readonly index: number;
  readonly code: string;
  readonly error: string;
  readonly path?: string;
}

export interface BatchSummary {
  readonly total: number;
  readonly success: number;
  readonly failed: number;
  readonly successRate: number;
}

export interface BatchResult {
  readonly created: string[];
  readonly failed: number;
  readonly errors: BatchItemError[];
  readonly summary: BatchSummary;
  readonly position: number | null;
}

/** The outcome of every item, by index: the id it was given, or the problem that stopped it. */
export type ItemOutcome = { readonly id: string } | { readonly problem: Problem };

export const itemError = (index: number, problem: Problem): BatchItemError => ({
  index,
  code: problem.code,
  error: problem.message,
  ...(problem.path ? { path: problem.path } : {}),
});

export const summarize = (total: number, success: number): BatchSummary => ({
  total,
  success,
  failed: total - success,
  successRate: total === 0 ? 0 : Math.round((success / total) * 100),
});

/**
 * SPEC §3's response: ids of the successful items in input order, errors by index, a summary and the
 * read-your-writes position. With `created` and the error indexes a client maps every input to its outcome.
 */
export function batchResult(outcomes: readonly ItemOutcome[], position: number | null): BatchResult {
  const created: string[] = [];
  const errors: BatchItemError[] = [];
  outcomes.forEach((outcome, index) => {
    if ('id' in outcome) created.push(outcome.id);
    else errors.push(itemError(index, outcome.problem));
  });
  return { created, failed: errors.length, errors, summary: summarize(outcomes.length, created.length), position };
}
