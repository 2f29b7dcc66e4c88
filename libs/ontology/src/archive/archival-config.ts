import type { EventEnvelope } from '../contracts/event-map';
import { DAY_MS } from '../shared/clock';
import { fail, ok, type Result } from '../shared/result';

/** The seed's getArchivalStatus config, with its names (they are part of the API answer). */
export interface ArchivalConfig {
  /** Hot events older than this many days are archived. */
  readonly AGE_THRESHOLD_DAYS: number;
  /** Events per archive object at most. */
  readonly BATCH_SIZE: number;
  /** Archived objects whose newest event is older than this many days are purged (≈ 7 years). */
  readonly RETENTION_DAYS: number;
}

export const DEFAULT_ARCHIVAL_CONFIG: ArchivalConfig = { AGE_THRESHOLD_DAYS: 365, BATCH_SIZE: 1000, RETENTION_DAYS: 2555 };

/**
 * Events strictly before this instant are archived. Not aligned to a day: `daysCutoff: 0` on a
 * manual run must archive everything up to now, and day boundaries are kept by the object plan.
 */
export const archiveCutoff = (now: number, days: number): number => now - days * DAY_MS;

export const isEligible = (event: Pick<EventEnvelope, 'timestamp'>, cutoff: number): boolean => event.timestamp < cutoff;

/** Archived objects whose newest event is before this instant are purged. */
export const retentionCutoff = (now: number, retentionDays: number): number => now - retentionDays * DAY_MS;

export const isPurgeable = (manifest: { readonly maxTimestamp: number }, cutoff: number): boolean => manifest.maxTimestamp < cutoff;

/** A manual run's `daysCutoff`: a non-negative whole number of days, the configured age when absent. */
export const checkDaysCutoff = (value: unknown, fallback: number): Result<number> => {
  if (value === undefined || value === null) return ok(fallback);
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? ok(value)
    : fail('validation_failed', 'daysCutoff must be a non-negative integer number of days', 'daysCutoff');
};
