import { Counter, Gauge, Histogram } from 'prom-client';

/** The archiver's own metrics (on the shared registry served at /metrics). */
export const archiverRunsTotal = new Counter({
  name: 'onescale_archiver_runs_total',
  help: 'Archival runs by outcome: success, failure (some group failed), skipped (another run held the lease)',
  labelNames: ['outcome'] as const,
});

export const archiverEventsArchivedTotal = new Counter({
  name: 'onescale_archiver_events_archived_total',
  help: 'Events written to the archive, verified and removed from the hot store',
});

export const archiverRunDurationSeconds = new Histogram({
  name: 'onescale_archiver_run_duration_seconds',
  help: 'Wall time of an archival run',
  buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600],
});

export const archiverLastSuccessSeconds = new Gauge({
  name: 'onescale_archiver_last_success_timestamp_seconds',
  help: 'Wall-clock time at which the last run without failures finished',
});

export const archiverFailuresTotal = new Counter({
  name: 'onescale_archiver_failures_total',
  help: 'Failed steps (a group, an object or a purge), by stage',
  labelNames: ['stage'] as const,
});
