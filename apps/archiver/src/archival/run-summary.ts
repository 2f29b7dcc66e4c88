import type { GroupOutcome } from './pass-context';

/** A run's answer: the seed's `runDailyArchival` shape, plus the run id, cutoff and errors. */
export interface ArchivalRunResult {
  readonly runId: string;
  readonly cutoff: number;
  readonly groupsProcessed: number;
  readonly totalArchived: number;
  readonly totalFailed: number;
  /** Milliseconds. */
  readonly totalTime: number;
  readonly batches: ReadonlyArray<{ groupId: string; archived: number; failed: number; duration: number; error?: string }>;
  /** Percent of the events attempted that were archived; 100 when there was nothing to do. */
  readonly successRate: number;
  /** Objects deleted for being past retention (daily runs). */
  readonly purged?: number;
  /** Why the run stopped early, when it did. */
  readonly error?: string;
  readonly outcome: 'success' | 'failure';
}

/** Folds group outcomes into the run's answer. A run fails when any group, the purge or the pass failed. */
export function summarizeRun(input: {
  readonly runId: string;
  readonly cutoff: number;
  readonly outcomes: readonly GroupOutcome[];
  readonly totalTime: number;
  readonly purge?: { readonly purged: number; readonly failed: number };
  readonly error?: string;
}): ArchivalRunResult {
  const totalArchived = input.outcomes.reduce((n, o) => n + o.archived, 0);
  const totalFailed = input.outcomes.reduce((n, o) => n + o.failed, 0);
  const attempted = totalArchived + totalFailed;
  const failedGroup = input.outcomes.some((o) => o.error !== undefined || o.failed > 0);
  const failed = failedGroup || input.error !== undefined || (input.purge?.failed ?? 0) > 0;
  return {
    runId: input.runId,
    cutoff: input.cutoff,
    groupsProcessed: input.outcomes.length,
    totalArchived,
    totalFailed,
    totalTime: Math.round(input.totalTime),
    batches: input.outcomes.map(({ groupId, archived, failed: f, duration, error }) => ({
      groupId,
      archived,
      failed: f,
      duration,
      ...(error === undefined ? {} : { error }),
    })),
    successRate: attempted === 0 ? 100 : Math.round((totalArchived / attempted) * 100),
    ...(input.purge === undefined ? {} : { purged: input.purge.purged }),
    ...(input.error === undefined ? {} : { error: input.error }),
    outcome: failed ? 'failure' : 'success',
  };
}

/** Events per second of a run that archived something; null when it cannot tell. */
export const throughputOf = (run: { readonly totalArchived: number; readonly totalTime: number }): number | null =>
  run.totalArchived > 0 && run.totalTime > 0 ? run.totalArchived / (run.totalTime / 1000) : null;
